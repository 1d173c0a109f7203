import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { closeSharedDataSource, runMigrations, sharedDataSource } from '@app/persistence';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { gatewayEntities } from './entities';
import { GatewayInitial1764300000000 } from './migrations/1764300000000-gateway-initial';

export const GATEWAY_SCHEMA = 'gateway';
export const gatewayMigrations = [GatewayInitial1764300000000];

/** The raw pg pool of the webhook hot path (one statement per webhook; TypeORM serves the rest). */
export class HotPool {
  constructor(readonly pool: Pool) {}
}

/** The one DataSource of the process for schema `gateway`, shared by the app module and the events server. */
export function gatewayDataSource(url: string): DataSource {
  return sharedDataSource({ url, schema: GATEWAY_SCHEMA, entities: gatewayEntities, migrations: gatewayMigrations });
}

@Global()
@Module({})
export class GatewayDatabaseModule implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(HotPool) private readonly hot: HotPool,
  ) {}

  /** `dataSource` is created by the caller so MessagingModule.forRoot can share it. */
  static forRoot(options: { dataSource: DataSource; url: string; poolSize: number }): DynamicModule {
    return {
      module: GatewayDatabaseModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            await runMigrations(options.dataSource);
            return options.dataSource;
          },
        },
        {
          provide: HotPool,
          useFactory: () => {
            const pool = new Pool({
              connectionString: options.url,
              max: options.poolSize,
              // Fail fast when PostgreSQL is down: Tiny gets 503 and resends later.
              connectionTimeoutMillis: 2000,
              query_timeout: 5000,
              application_name: 'webhook-gateway hot path',
            });
            pool.on('error', () => undefined); // an idle client lost with the server; the next query reconnects
            return new HotPool(pool);
          },
        },
      ],
      exports: [DataSource, HotPool],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.hot.pool.end().catch(() => undefined);
    await closeSharedDataSource(this.dataSource).catch(() => undefined);
  }
}
