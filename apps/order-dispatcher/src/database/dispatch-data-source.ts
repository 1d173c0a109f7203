import { createDataSource } from '@app/persistence';
import type { DataSource } from 'typeorm';
import { DISPATCH_MIGRATIONS } from './migrations';

export const SCHEMA = 'dispatch';

const byUrl = new Map<string, DataSource>();

/**
 * The dispatcher's DataSource (schema `dispatch`), one per process and URL, so main.ts (dead letters of
 * the EventsServer) and the Nest modules share it. Pool: driven orders + message handlers + relay.
 */
export function dispatchDataSource(url: string, concurrency: number): DataSource {
  let ds = byUrl.get(url);
  if (!ds) {
    ds = createDataSource({ url, schema: SCHEMA, migrations: DISPATCH_MIGRATIONS, poolSize: concurrency + 12 });
    byUrl.set(url, ds);
  }
  return ds;
}
