import { sharedDataSource } from '@app/persistence';
import type { DataSource } from 'typeorm';
import { DISPATCH_MIGRATIONS } from './migrations';

export const SCHEMA = 'dispatch';

/**
 * The dispatcher's DataSource (schema `dispatch`), one per process and URL, so main.ts (dead letters of
 * the EventsServer) and the Nest modules share it. Pool: driven orders + message handlers + relay.
 */
export function dispatchDataSource(url: string, concurrency: number): DataSource {
  return sharedDataSource({ url, schema: SCHEMA, migrations: DISPATCH_MIGRATIONS, poolSize: concurrency + 12 });
}
