import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { IntegrationChangedV1 } from '@app/contracts';
import { ApplyIntegrationUseCase } from './apply-integration.usecase';

@Controller()
export class ApplyIntegrationMessageController {
  constructor(private readonly useCase: ApplyIntegrationUseCase) {}

  @EventPattern(IntegrationChangedV1.type)
  async on(@Payload() event: IntegrationChangedV1): Promise<void> {
    await this.useCase.execute(event);
  }
}
