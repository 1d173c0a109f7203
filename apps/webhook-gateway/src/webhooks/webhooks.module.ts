import { Module } from '@nestjs/common';
import { ReplicaModule } from '../integrations/replica/replica.module';
import { RejectionsModule } from '../rejections/rejections.module';
import { ReceiveWebhookController } from './receive-webhook/receive-webhook.controller';
import { ReceiveWebhook } from './receive-webhook/receive-webhook.usecase';
import { WebhookStore } from './receive-webhook/webhook-store';
import { PruneReceivedWebhooks } from './prune-received/prune-received';

@Module({
  imports: [ReplicaModule, RejectionsModule],
  providers: [
    // HTTP (a fastify route, see the controller)
    ReceiveWebhookController,
    // use cases
    ReceiveWebhook,
    // storage
    WebhookStore,
    // housekeeping
    PruneReceivedWebhooks,
  ],
})
export class WebhooksModule {}
