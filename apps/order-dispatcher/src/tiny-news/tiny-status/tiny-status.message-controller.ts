import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TinySituacaoPedidoReceivedV1 } from '@app/contracts';
import { TinyStatusUseCase } from './tiny-status.usecase';

@Controller()
export class TinyStatusMessageController {
  constructor(private readonly useCase: TinyStatusUseCase) {}

  @EventPattern(TinySituacaoPedidoReceivedV1.type)
  async on(@Payload() event: TinySituacaoPedidoReceivedV1): Promise<void> {
    await this.useCase.execute(event);
  }
}
