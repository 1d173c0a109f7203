import { createDataSource } from '@app/persistence';
import type { DataSource } from 'typeorm';
import { CONFIG_SCHEMA, configEntities, configMigrations } from './index';

const sources = new Map<string, DataSource>();

/**
 * The one DataSource of the process for schema `config`, shared by the app module and the events
 * server (which records dead letters in it). Not initialised here: the module runs the migrations.
 */
export function configDataSource(url: string): DataSource {
  let ds = sources.get(url);
  if (!ds) {
    ds = createDataSource({ url, schema: CONFIG_SCHEMA, entities: configEntities, migrations: configMigrations });
    sources.set(url, ds);
  }
  return ds;
}

/** Closes and forgets the DataSource of `url` (a later boot in the same process gets a fresh one). */
export async function closeConfigDataSource(ds: DataSource): Promise<void> {
  for (const [url, known] of sources) if (known === ds) sources.delete(url);
  if (ds.isInitialized) await ds.destroy();
}
