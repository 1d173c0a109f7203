import { type DynamicModule, Module } from '@nestjs/common';
import { amqpCheck, ObservabilityModule, postgresCheck, type Logger } from '@app/observability';
import { CatalogSyncModule } from './catalog-sync.module';
import { CatalogSyncEnv, SERVICE } from './config';

/** Root module of catalog-sync. Feature modules go in `features`. */
@Module({})
export class AppModule {
  static forRoot(config: CatalogSyncEnv, logger?: Logger): DynamicModule {
    const platform = [
      ObservabilityModule.forRoot({
        service: SERVICE,
        logger,
        readiness: [postgresCheck(config.DATABASE_URL), amqpCheck(config.AMQP_URL)],
      }),
    ];
    const features: DynamicModule['imports'] = [CatalogSyncModule.forRoot(config)];
    return {
      module: AppModule,
      global: true, // so every feature module can inject CatalogSyncEnv
      imports: [...platform, ...features],
      providers: [{ provide: CatalogSyncEnv, useValue: config }],
      exports: [CatalogSyncEnv],
    };
  }
}
