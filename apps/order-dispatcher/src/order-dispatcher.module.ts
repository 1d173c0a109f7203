import { type DynamicModule, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { DeadLettersController, MessagingModule, RequestResyncOnBoot } from '@app/messaging';
import { closeSharedDataSource, runMigrations } from '@app/persistence';
import { AuthModule, SecretBox } from '@app/security';
import { ensureTinySchema, TinyClientFactory } from '@app/tiny';
import { DataSource } from 'typeorm';
import { OrderDispatcherEnv, SERVICE } from './config';
import { CustomerWriter } from './customers/customer-writer';
import { dispatchDataSource } from './database/dispatch-data-source';
import { ApplyIntegrationMessageController } from './integrations/replica/apply-integration.message-controller';
import { ApplyIntegrationUseCase } from './integrations/replica/apply-integration.usecase';
import { IntegrationReplica } from './integrations/replica/integration-replica.repository';
import { OpsHttpController } from './ops/ops.http-controller';
import { DispatchOrderMessageController } from './orders/dispatch-order/dispatch-order.message-controller';
import { DispatchOrderUseCase } from './orders/dispatch-order/dispatch-order.usecase';
import { DueOrdersScheduler } from './orders/dispatch-order/due-orders.scheduler';
import { OrderDriver } from './orders/dispatch-order/order-driver';
import { DispatchSettings } from './orders/dispatch-settings';
import { OrderHistoryHttpController } from './orders/history/order-history.http-controller';
import { OrderHistory } from './orders/history/order-history.repository';
import { OrderLinks } from './orders/order-links.repository';
import { ResendOrderHttpController } from './orders/resend-order/resend-order.http-controller';
import { ResendOrderUseCase } from './orders/resend-order/resend-order.usecase';
import { UpdateTinyStatus } from './orders/update-tiny-status/update-tiny-status';
import { SellerResolver } from './sellers/seller-resolver';
import { InvoiceMessageController } from './tiny-news/invoice/invoice.message-controller';
import { InvoiceUseCase } from './tiny-news/invoice/invoice.usecase';
import { TinyNewsSupport } from './tiny-news/tiny-news.support';
import { TinyStatusMessageController } from './tiny-news/tiny-status/tiny-status.message-controller';
import { TinyStatusUseCase } from './tiny-news/tiny-status/tiny-status.usecase';
import { TrackingMessageController } from './tiny-news/tracking/tracking.message-controller';
import { TrackingUseCase } from './tiny-news/tracking/tracking.usecase';
import { TinyOrdersAdapter } from './tiny/tiny-orders.adapter';
import { TinyOrdersPort } from './tiny/tiny-orders.port';

export function dispatchSettingsFrom(env: OrderDispatcherEnv): DispatchSettings {
  return new DispatchSettings({
    parkMs: env.DISPATCH_PARK_MS,
    unknownRetryMs: env.DISPATCH_UNKNOWN_RETRY_MS,
    sweepMs: env.DISPATCH_SWEEP_MS,
    concurrency: env.DISPATCH_CONCURRENCY,
    crashAfterCreateFor: env.DISPATCH_TEST_CRASH_AFTER_CREATE || null,
  });
}

export function retryDelays(env: OrderDispatcherEnv): number[] {
  return env.EVENTS_RETRY_DELAYS_MS.split(',').map(Number);
}

class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    await closeSharedDataSource(this.ds);
  }
}

/** Orders to Tiny and Tiny's news back: every use case of order-dispatcher. */
@Module({})
export class OrderDispatcherModule {
  static forRoot(env: OrderDispatcherEnv): DynamicModule {
    const dataSource = dispatchDataSource(env.DATABASE_URL, env.DISPATCH_CONCURRENCY);
    const messageControllers = [
      DispatchOrderMessageController,
      ApplyIntegrationMessageController,
      InvoiceMessageController,
      TrackingMessageController,
      TinyStatusMessageController,
    ];
    const httpControllers = [OrderHistoryHttpController, ResendOrderHttpController, OpsHttpController, DeadLettersController];
    const useCases = [DispatchOrderUseCase, ResendOrderUseCase, ApplyIntegrationUseCase, InvoiceUseCase, TrackingUseCase, TinyStatusUseCase];
    const domain = [OrderDriver, UpdateTinyStatus, DueOrdersScheduler, CustomerWriter, SellerResolver, TinyNewsSupport];
    const repositories = [OrderLinks, OrderHistory, IntegrationReplica];
    // An empty dispatch.integrations at boot asks config to re-publish every integration.
    const workers = [RequestResyncOnBoot.forReplica('integrations')];
    return {
      module: OrderDispatcherModule,
      imports: [
        MessagingModule.forRoot({ service: SERVICE, url: env.AMQP_URL, dataSource, retryDelaysMs: retryDelays(env) }),
        AuthModule.forRoot({ secret: env.JWT_SECRET }),
      ],
      controllers: [...messageControllers, ...httpControllers],
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            await runMigrations(dataSource);
            await ensureTinySchema(dataSource);
            return dataSource;
          },
        },
        DataSourceCloser,
        { provide: DispatchSettings, useValue: dispatchSettingsFrom(env) },
        {
          provide: TinyOrdersPort,
          inject: [DataSource],
          useFactory: (ds: DataSource) =>
            new TinyOrdersAdapter(
              new TinyClientFactory({
                baseUrl: env.TINY_BASE_URL,
                db: ds,
                timeoutMs: env.TINY_TIMEOUT_MS,
                windowMs: env.TINY_WINDOW_MS,
                breaker: { resetTimeout: env.TINY_BREAKER_RESET_MS },
              }),
              new SecretBox(env.ENCRYPTION_KEY),
            ),
        },
        ...useCases,
        ...domain,
        ...repositories,
        ...workers,
      ],
    };
  }
}
