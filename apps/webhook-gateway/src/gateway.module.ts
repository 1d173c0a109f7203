import helmet from '@fastify/helmet';
import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DeadLettersController, MessagingModule } from '@app/messaging';
import { AuthModule } from '@app/security';
import type { FastifyInstance } from 'fastify';
import { SERVICE, type WebhookGatewayEnv } from './config';
import { gatewayDataSource, GatewayDatabaseModule } from './database/database.module';
import { ReplicaModule } from './integrations/replica/replica.module';
import { RejectionsModule } from './rejections/rejections.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** Everything webhook-gateway does, wired for AppModule: storage, messaging, auth, the features and the dead-letters API. */
@Module({})
export class GatewayModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  static forRoot(config: WebhookGatewayEnv): DynamicModule {
    const dataSource = gatewayDataSource(config.DATABASE_URL);
    return {
      module: GatewayModule,
      imports: [
        // platform
        GatewayDatabaseModule.forRoot({ dataSource, url: config.DATABASE_URL, poolSize: config.WEBHOOK_PG_POOL_SIZE }),
        MessagingModule.forRoot({ service: SERVICE, url: config.AMQP_URL, dataSource }),
        AuthModule.forRoot({ secret: config.JWT_SECRET }),
        // features
        ReplicaModule,
        WebhooksModule,
        RejectionsModule,
      ],
      // ops: the replica consumer's dead letters
      controllers: [DeadLettersController],
    };
  }

  onModuleInit(): void {
    // Security headers on every answer of this public service (webhooks, ops API, health).
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(helmet, { global: true });
  }
}
