import 'reflect-metadata';
import { EventsServer } from '@app/messaging';
import { bootstrapService, createLogger, loadConfig } from '@app/observability';
import { AppModule } from './app.module';
import { ConfigServiceEnv, SERVICE } from './config';

const config = loadConfig(ConfigServiceEnv);
const logger = createLogger(SERVICE, config.LOG_LEVEL);
void bootstrapService({
  service: SERVICE,
  config,
  logger,
  module: AppModule.forRoot(config, logger),
  // Consumes users.user.changed.v1 and config.resync.requested.v1.
  events: () => new EventsServer({ service: SERVICE, url: config.AMQP_URL }),
});
