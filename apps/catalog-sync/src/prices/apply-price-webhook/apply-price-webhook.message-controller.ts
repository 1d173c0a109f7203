import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TinyPrecosReceivedV1 } from '@app/contracts';
import { ApplyPriceWebhook } from './apply-price-webhook.usecase';

@Controller()
export class ApplyPriceWebhookMessageController {
  constructor(private readonly useCase: ApplyPriceWebhook) {}

  @EventPattern(TinyPrecosReceivedV1.type)
  async on(@Payload() event: TinyPrecosReceivedV1): Promise<void> {
    await this.useCase.execute(event);
  }
}
