import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { UserChangedV1 } from '@app/contracts';
import { NonRetryableError } from '@app/messaging';
import { ApplyUserEventUseCase } from './apply-user-event.usecase';

@Controller()
export class ApplyUserEventMessageController {
  constructor(private readonly applyUserEvent: ApplyUserEventUseCase) {}

  @EventPattern(UserChangedV1.type)
  async on(@Payload() event: UserChangedV1): Promise<void> {
    if (event.data.tenantId !== event.tenantId) throw new NonRetryableError('users.user.changed.v1: data.tenantId differs from the envelope tenantId');
    await this.applyUserEvent.execute(event);
  }
}
