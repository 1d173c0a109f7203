import { EventsServer } from '@app/messaging';
import type { BootstrapOptions, Logger } from '@app/observability';
import { AppModule } from './app.module';
import { CatalogSyncEnv, SERVICE } from './config';
import { catalogDataSource } from './database/catalog-data-source';

/**
 * Everything bootstrapService needs to run catalog-sync, so main.ts and the in-process e2e boot it the same
 * way: the module, and the events server that records dead letters in the catalog schema (same DataSource).
 */
export function catalogServiceOptions(config: CatalogSyncEnv, logger: Logger, overrides: { exitOnShutdown?: boolean } = {}): BootstrapOptions {
  return {
    service: SERVICE,
    config,
    logger,
    module: AppModule.forRoot(config, logger),
    events: () =>
      new EventsServer({ service: SERVICE, url: config.AMQP_URL, prefetch: config.EVENTS_PREFETCH, dataSource: catalogDataSource(config.DATABASE_URL) }),
    exitOnShutdown: overrides.exitOnShutdown,
  };
}
