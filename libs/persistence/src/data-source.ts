import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';

export interface DataSourceSettings {
  url: string;
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  logging?: boolean;
  /** Pool size; the default suits one service replica. */
  poolSize?: number;
}

/** One TypeORM DataSource per service, bound to the service's schema. Never synchronizes. */
export function createDataSource(settings: DataSourceSettings): DataSource {
  const options: DataSourceOptions = {
    type: 'postgres',
    url: settings.url,
    schema: settings.schema,
    entities: settings.entities ?? [],
    migrations: settings.migrations ?? [],
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: settings.logging ?? false,
    poolSize: settings.poolSize ?? 10,
  };
  return new DataSource(options);
}

const shared = new Map<string, DataSource>();

/**
 * The one DataSource of this process for `settings.schema` at `settings.url` (the first call's settings
 * win), so a service's modules and its events server (which records dead letters in it) share it. Not
 * initialised here: the service's module runs the migrations.
 */
export function sharedDataSource(settings: DataSourceSettings): DataSource {
  const key = `${settings.schema} ${settings.url}`;
  let ds = shared.get(key);
  if (!ds) {
    ds = createDataSource(settings);
    shared.set(key, ds);
  }
  return ds;
}

/** Destroys a shared DataSource and forgets it, so a later boot in the same process gets a fresh one. */
export async function closeSharedDataSource(ds: DataSource): Promise<void> {
  for (const [key, known] of shared) if (known === ds) shared.delete(key);
  if (ds.isInitialized) await ds.destroy();
}

/**
 * Creates the schema if missing and runs pending migrations while holding a PostgreSQL advisory lock
 * keyed by the schema, so replicas booting together run them once. Initializes the DataSource if needed.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
