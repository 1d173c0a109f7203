import { closeSharedDataSource, sharedDataSource } from '@app/persistence';
import type { DataSource } from 'typeorm';
import { CatalogInitial1764000000000 } from './migrations/1764000000000-catalog-initial';
import { CatalogRemovalsAndListingScan1765000000000 } from './migrations/1765000000000-catalog-removals-and-listing-scan';

export const SCHEMA = 'catalog';

/** The one DataSource of the process for schema `catalog`, shared by the app module and the events server. */
export function catalogDataSource(url: string): DataSource {
  return sharedDataSource({
    url,
    schema: SCHEMA,
    migrations: [CatalogInitial1764000000000, CatalogRemovalsAndListingScan1765000000000],
    poolSize: 20,
  });
}

/** For in-process tests: closes and forgets the DataSource of `url`. */
export async function closeCatalogDataSource(url: string): Promise<void> {
  await closeSharedDataSource(catalogDataSource(url));
}
