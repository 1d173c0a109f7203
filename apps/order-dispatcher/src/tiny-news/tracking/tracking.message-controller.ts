import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TinyRastreioReceivedV1 } from '@app/contracts';
import { TrackingUseCase } from './tracking.usecase';

@Controller()
export class TrackingMessageController {
  constructor(private readonly useCase: TrackingUseCase) {}

  @EventPattern(TinyRastreioReceivedV1.type)
  async on(@Payload() event: TinyRastreioReceivedV1): Promise<void> {
    await this.useCase.execute(event);
  }
}
