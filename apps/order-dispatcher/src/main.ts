import 'reflect-metadata';
import { EventsServer } from '@app/messaging';
import { bootstrapService, createLogger, loadConfig } from '@app/observability';
import { AppModule } from './app.module';
import { OrderDispatcherEnv, SERVICE } from './config';
import { dispatchDataSource } from './database/dispatch-data-source';
import { retryDelays } from './order-dispatcher.module';

const config = loadConfig(OrderDispatcherEnv);
const logger = createLogger(SERVICE, config.LOG_LEVEL);
void bootstrapService({
  service: SERVICE,
  config,
  logger,
  module: AppModule.forRoot(config, logger),
  // Consumes orders.order.status-changed.v1, config.integration.changed.v1 and tiny.{nota_fiscal,rastreio,situacao_pedido}.received.v1.
  events: () =>
    new EventsServer({
      service: SERVICE,
      url: config.AMQP_URL,
      retryDelaysMs: retryDelays(config),
      dataSource: dispatchDataSource(config.DATABASE_URL, config.DISPATCH_CONCURRENCY),
    }),
});
