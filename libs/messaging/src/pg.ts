import { QueryFailedError, type EntityManager, type QueryRunner } from 'typeorm';

interface PgResult<R> {
  rows: R[];
  rowCount: number | null;
}

/** The node-postgres client under a connected TypeORM query runner (TypeORM's Postgres driver). */
export interface PgClient {
  query<R = unknown>(config: { name?: string; text: string; values?: unknown[] }): Promise<PgResult<R>>;
  query<R = unknown>(text: string): Promise<PgResult<R> | PgResult<R>[]>;
}

export function pgClientOf(runner: QueryRunner | undefined): PgClient | undefined {
  if (!runner || runner.isReleased) return undefined;
  const connection = (runner as { databaseConnection?: unknown }).databaseConnection;
  return connection && typeof (connection as { query?: unknown }).query === 'function' ? (connection as PgClient) : undefined;
}

/**
 * Runs a hot-path statement as a named prepared statement on the transaction's own connection:
 * PostgreSQL parses and plans it once per connection instead of once per call, and TypeORM's query
 * wrapper (logger, subscribers broadcast) is skipped. Falls back to manager.query without a client.
 * `name` must identify `text` exactly (node-postgres refuses one name with two texts).
 */
export async function preparedQuery<R>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<R[]> {
  const client = pgClientOf(manager.queryRunner);
  if (!client) return (await manager.query(text, values)) as R[];
  try {
    return (await client.query<R>({ name, text, values })).rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
