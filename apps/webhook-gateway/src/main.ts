import 'reflect-metadata';
import { EventsServer } from '@app/messaging';
import { bootstrapService, createLogger, loadConfig } from '@app/observability';
import { AppModule } from './app.module';
import { WebhookGatewayEnv, SERVICE } from './config';

const config = loadConfig(WebhookGatewayEnv);
const logger = createLogger(SERVICE, config.LOG_LEVEL);
void bootstrapService({
  service: SERVICE,
  config,
  logger,
  module: AppModule.forRoot(config, logger),
  // consumes config.integration.changed.v1 into the gateway's replica
  events: () => new EventsServer({ service: SERVICE, url: config.AMQP_URL }),
});
