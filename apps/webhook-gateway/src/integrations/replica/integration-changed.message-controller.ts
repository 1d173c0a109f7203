import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { IntegrationChangedV1 } from '@app/contracts';
import { ApplyIntegrationChange } from './apply-integration-change.usecase';

/** Consumes config's integration changes into the gateway's replica. */
@Controller()
export class IntegrationChangedMessageController {
  constructor(private readonly apply: ApplyIntegrationChange) {}

  @EventPattern(IntegrationChangedV1.type)
  async on(@Payload() event: IntegrationChangedV1): Promise<void> {
    await this.apply.execute(event);
  }
}
