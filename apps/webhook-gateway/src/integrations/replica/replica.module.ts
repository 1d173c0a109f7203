import { Module } from '@nestjs/common';
import { RequestResyncOnBoot } from '@app/messaging';
import { ApplyIntegrationChange } from './apply-integration-change.usecase';
import { IntegrationCache } from './integration-cache';
import { IntegrationChangedMessageController } from './integration-changed.message-controller';

@Module({
  controllers: [IntegrationChangedMessageController],
  providers: [
    // use cases
    ApplyIntegrationChange,
    // read side
    IntegrationCache,
    // an empty gateway.integrations at boot asks config to re-publish every integration
    RequestResyncOnBoot.forReplica('integrations'),
  ],
  exports: [IntegrationCache, ApplyIntegrationChange],
})
export class ReplicaModule {}
