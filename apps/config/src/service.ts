import { EventsServer } from '@app/messaging';
import type { BootstrapOptions, Logger } from '@app/observability';
import { AppModule } from './app.module';
import { ConfigServiceEnv, SERVICE } from './config';
import { configDataSource } from './database/config-data-source';
import { setupOpenApi } from './docs/openapi';

/**
 * Everything bootstrapService needs to run config, so main.ts and the in-process e2e boot it the same way:
 * the module, Swagger at /docs (configure hook), and the events server consuming users.user.changed.v1 and
 * config.resync.requested.v1 that records dead letters in config's schema (same DataSource as the module).
 */
export function configServiceOptions(
  config: ConfigServiceEnv,
  logger: Logger,
  overrides: { retryDelaysMs?: number[]; exitOnShutdown?: boolean } = {},
): BootstrapOptions {
  return {
    service: SERVICE,
    config,
    logger,
    module: AppModule.forRoot(config, logger),
    configure: (app) => setupOpenApi(app),
    events: () =>
      new EventsServer({ service: SERVICE, url: config.AMQP_URL, dataSource: configDataSource(config.DATABASE_URL), retryDelaysMs: overrides.retryDelaysMs }),
    exitOnShutdown: overrides.exitOnShutdown,
  };
}
