import { Module } from '@nestjs/common';
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
  ],
  exports: [IntegrationCache, ApplyIntegrationChange],
})
export class ReplicaModule {}
