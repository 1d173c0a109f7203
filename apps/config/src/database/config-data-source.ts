import { sharedDataSource } from '@app/persistence';
import type { DataSource } from 'typeorm';
import { CONFIG_SCHEMA, configEntities, configMigrations } from './index';

/** The one DataSource of the process for schema `config`, shared by the app module and the events server. */
export function configDataSource(url: string): DataSource {
  return sharedDataSource({ url, schema: CONFIG_SCHEMA, entities: configEntities, migrations: configMigrations });
}
