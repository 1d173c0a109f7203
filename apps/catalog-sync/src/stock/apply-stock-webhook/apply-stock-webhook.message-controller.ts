import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TinyEstoqueReceivedV1 } from '@app/contracts';
import { ApplyStockWebhook } from './apply-stock-webhook.usecase';

@Controller()
export class ApplyStockWebhookMessageController {
  constructor(private readonly useCase: ApplyStockWebhook) {}

  @EventPattern(TinyEstoqueReceivedV1.type)
  async on(@Payload() event: TinyEstoqueReceivedV1): Promise<void> {
    await this.useCase.execute(event);
  }
}
