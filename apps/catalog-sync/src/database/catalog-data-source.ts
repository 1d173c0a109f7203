import { createDataSource } from '@app/persistence';
import type { DataSource } from 'typeorm';
import { CatalogInitial1764000000000 } from './migrations/1764000000000-catalog-initial';
import { CatalogRemovalsAndListingScan1765000000000 } from './migrations/1765000000000-catalog-removals-and-listing-scan';

export const SCHEMA = 'catalog';
const sources = new Map<string, DataSource>();

/**
 * The one DataSource of the process for schema `catalog` (shared by the app module and the events
 * server, which records dead letters in it). Not initialised here: the module runs the migrations.
 */
export function catalogDataSource(url: string): DataSource {
  let ds = sources.get(url);
  if (!ds) {
    ds = createDataSource({ url, schema: SCHEMA, migrations: [CatalogInitial1764000000000, CatalogRemovalsAndListingScan1765000000000], poolSize: 20 });
    sources.set(url, ds);
  }
  return ds;
}

/** For in-process tests: closes and forgets the DataSource of `url`. */
export async function closeCatalogDataSource(url: string): Promise<void> {
  const ds = sources.get(url);
  sources.delete(url);
  if (ds?.isInitialized) await ds.destroy();
}
