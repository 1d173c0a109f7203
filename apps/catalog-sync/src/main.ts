import 'reflect-metadata';
import { EventsServer } from '@app/messaging';
import { bootstrapService, createLogger, loadConfig } from '@app/observability';
import { AppModule } from './app.module';
import { CatalogSyncEnv, SERVICE } from './config';
import { catalogDataSource } from './database/catalog-data-source';

const config = loadConfig(CatalogSyncEnv);
const logger = createLogger(SERVICE, config.LOG_LEVEL);
void bootstrapService({
  service: SERVICE,
  config,
  logger,
  module: AppModule.forRoot(config, logger),
  events: () =>
    new EventsServer({
      service: SERVICE,
      url: config.AMQP_URL,
      prefetch: config.EVENTS_PREFETCH,
      dataSource: catalogDataSource(config.DATABASE_URL),
    }),
});
