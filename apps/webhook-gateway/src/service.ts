import { EventsServer } from '@app/messaging';
import type { BootstrapOptions, Logger } from '@app/observability';
import { AppModule } from './app.module';
import { SERVICE, WebhookGatewayEnv } from './config';
import { gatewayDataSource } from './database/database.module';

/**
 * Everything bootstrapService needs to run webhook-gateway, so main.ts and the in-process e2e boot it the
 * same way: the module, and the events server consuming config.integration.changed.v1 into the replica,
 * which records dead letters in the gateway's schema (same DataSource as the module).
 */
export function gatewayServiceOptions(config: WebhookGatewayEnv, logger: Logger, overrides: { exitOnShutdown?: boolean } = {}): BootstrapOptions {
  return {
    service: SERVICE,
    config,
    logger,
    module: AppModule.forRoot(config, logger),
    events: () => new EventsServer({ service: SERVICE, url: config.AMQP_URL, dataSource: gatewayDataSource(config.DATABASE_URL) }),
    exitOnShutdown: overrides.exitOnShutdown,
  };
}
