import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TinyProdutoReceivedV1 } from '@app/contracts';
import { ApplyProductWebhook } from './apply-product-webhook.usecase';

@Controller()
export class ApplyProductWebhookMessageController {
  constructor(private readonly useCase: ApplyProductWebhook) {}

  @EventPattern(TinyProdutoReceivedV1.type)
  async on(@Payload() event: TinyProdutoReceivedV1): Promise<void> {
    await this.useCase.execute(event);
  }
}
