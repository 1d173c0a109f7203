import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { IntegrationChangedV1 } from '@app/contracts';
import { UpdateReplica } from './update-replica.usecase';

@Controller()
export class IntegrationReplicaMessageController {
  constructor(private readonly useCase: UpdateReplica) {}

  @EventPattern(IntegrationChangedV1.type)
  async on(@Payload() event: IntegrationChangedV1): Promise<void> {
    await this.useCase.execute(event);
  }
}
