import { type DynamicModule, Module, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { DeadLettersController, MessagingModule, RequestResyncOnBoot } from '@app/messaging';
import { runMigrations } from '@app/persistence';
import { AuthModule, SecretBox } from '@app/security';
import { ensureTinySchema, TinyClientFactory } from '@app/tiny';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { CatalogSyncEnv, SERVICE } from './config';
import { catalogDataSource } from './database/catalog-data-source';
import { ImportRunner, ImportRunnerSettings } from './import/run-full-import/import-runner';
import { ImportSettings, RunFullImport } from './import/run-full-import/run-full-import.usecase';
import { IntegrationReplicaMessageController } from './integrations/replica/integration-replica.message-controller';
import { UpdateReplica } from './integrations/replica/update-replica.usecase';
import { OpsAccess } from './ops/ops-access';
import { ProductsController } from './ops/products/products.controller';
import { ProductsQuery } from './ops/products/products.query';
import { ReconcileNowController } from './ops/reconcile-now/reconcile-now.controller';
import { StartImportController } from './ops/start-import/start-import.controller';
import { SyncRunsController } from './ops/sync-runs/sync-runs.controller';
import { ApplyPriceWebhookMessageController } from './prices/apply-price-webhook/apply-price-webhook.message-controller';
import { ApplyPriceWebhook } from './prices/apply-price-webhook/apply-price-webhook.usecase';
import { ApplyProductWebhookMessageController } from './products/apply-product-webhook/apply-product-webhook.message-controller';
import { ApplyProductWebhook } from './products/apply-product-webhook/apply-product-webhook.usecase';
import { ReconcileScheduler, ReconcileSchedulerSettings } from './reconcile/run-reconciliation/reconcile-scheduler';
import { ReconcileSettings, RunReconciliation } from './reconcile/run-reconciliation/run-reconciliation.usecase';
import { CatalogDeps } from './shared/catalog-deps';
import { ApplyStockWebhookMessageController } from './stock/apply-stock-webhook/apply-stock-webhook.message-controller';
import { ApplyStockWebhook } from './stock/apply-stock-webhook/apply-stock-webhook.usecase';
import { CatalogTinyProvider } from './tiny/catalog-tiny.port';
import { TinyCatalogProvider } from './tiny/tiny-catalog.provider';

/** Connections of the shared Tiny budget: its own small pool, so budget grants never queue behind catalogue writes. */
const BUDGET_POOL = Symbol('BUDGET_POOL');

@Injectable()
class TinyFactoryLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(TinyClientFactory) private readonly factory: TinyClientFactory,
    @Inject(BUDGET_POOL) private readonly pool: Pool,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    this.factory.close();
    await this.pool.end().catch(() => undefined);
  }
}

/** Everything catalog-sync does: webhooks → catalogue, full import, reconciliation, ops API. */
@Module({})
export class CatalogSyncModule {
  static forRoot(env: CatalogSyncEnv): DynamicModule {
    const dataSource = catalogDataSource(env.DATABASE_URL);
    const messageControllers = [
      IntegrationReplicaMessageController,
      ApplyStockWebhookMessageController,
      ApplyPriceWebhookMessageController,
      ApplyProductWebhookMessageController,
    ];
    const httpControllers = [ProductsController, SyncRunsController, StartImportController, ReconcileNowController, DeadLettersController];
    const useCases = [UpdateReplica, ApplyStockWebhook, ApplyPriceWebhook, ApplyProductWebhook, RunFullImport, RunReconciliation];
    // An empty catalog.integrations at boot asks config to re-publish every integration.
    const workers = [ImportRunner, ReconcileScheduler, RequestResyncOnBoot.forReplica('integrations')];
    const settings = [
      { provide: ImportSettings, useValue: Object.assign(new ImportSettings(), { concurrency: env.IMPORT_CONCURRENCY }) },
      { provide: ImportRunnerSettings, useValue: Object.assign(new ImportRunnerSettings(), { leaseMs: env.IMPORT_LEASE_MS }) },
      { provide: ReconcileSettings, useValue: Object.assign(new ReconcileSettings(), { scanSlice: env.RECONCILE_SCAN_SLICE, listPages: env.RECONCILE_LIST_PAGES }) },
      {
        provide: ReconcileSchedulerSettings,
        useValue: Object.assign(new ReconcileSchedulerSettings(), { intervalMs: env.RECONCILE_INTERVAL_MS }),
      },
    ];
    const infrastructure = [
      {
        // Migrations (and the shared Tiny budget schema) before anything touches the database.
        provide: DataSource,
        useFactory: async (): Promise<DataSource> => {
          await runMigrations(dataSource);
          await ensureTinySchema(dataSource);
          return dataSource;
        },
      },
      { provide: SecretBox, useValue: new SecretBox(env.ENCRYPTION_KEY) },
      { provide: BUDGET_POOL, useFactory: () => new Pool({ connectionString: env.DATABASE_URL, max: 6 }) },
      {
        provide: TinyClientFactory,
        // After DataSource: ensureTinySchema has run.
        useFactory: (pool: Pool) => new TinyClientFactory({ baseUrl: env.TINY_BASE_URL, db: pool, windowMs: env.TINY_WINDOW_MS }),
        inject: [BUDGET_POOL, DataSource],
      },
      TinyFactoryLifecycle,
      { provide: CatalogTinyProvider, useClass: TinyCatalogProvider },
      CatalogDeps,
      OpsAccess,
      ProductsQuery,
    ];
    return {
      module: CatalogSyncModule,
      imports: [
        MessagingModule.forRoot({ service: SERVICE, url: env.AMQP_URL, dataSource }),
        AuthModule.forRoot({ secret: env.JWT_SECRET }),
      ],
      controllers: [...messageControllers, ...httpControllers],
      providers: [...infrastructure, ...settings, ...useCases, ...workers],
    };
  }
}
