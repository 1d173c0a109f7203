import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { pgClientOf, preparedQuery, type PgClient } from './pg';
import { table } from './schema';

/** Records handled messages so a redelivered one has no second effect. Use in the effect's transaction. */
export class Inbox {
  private readonly claimSql: { name: string; text: string };
  private readonly claimManySql: { name: string; text: string };
  private readonly table: string;

  /** `dataSource` is needed only by runOnce / runBatchOnce (MessagingModule provides it). */
  constructor(
    private readonly schema: string,
    private readonly dataSource?: DataSource,
  ) {
    this.table = table(schema, 'inbox');
    this.claimSql = {
      name: `inbox_claim:${schema}`,
      text: `INSERT INTO ${this.table} (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
    };
    this.claimManySql = {
      name: `inbox_claim_many:${schema}`,
      text: `INSERT INTO ${this.table} (consumer, message_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING message_id`,
    };
  }

  /** True the first time (consumer, messageId) is claimed in a committed transaction; false after. */
  async claim(manager: EntityManager, consumer: string, messageId: string): Promise<boolean> {
    const rows = await preparedQuery(manager, this.claimSql.name, this.claimSql.text, [consumer, messageId]);
    return rows.length === 1;
  }

  /** Claims many ids in one statement; returns those claimed now (the others were already handled). */
  async claimMany(manager: EntityManager, consumer: string, messageIds: readonly string[]): Promise<string[]> {
    if (messageIds.length === 0) return [];
    const rows = await preparedQuery<{ message_id: string }>(manager, this.claimManySql.name, this.claimManySql.text, [
      consumer,
      [...new Set(messageIds)],
    ]);
    return rows.map((r) => r.message_id);
  }

  /**
   * Runs `fn` in a transaction that claims (consumer, messageId) first; returns false without running
   * it when the message was already handled. BEGIN and the claim travel in one round trip (the
   * per-message cost is round trips, not statements): same effect as
   * `dataSource.transaction(m => inbox.claim(...) && fn(m))`, minus one round trip. TypeORM transaction
   * subscribers are not notified of this transaction's start and end.
   */
  async runOnce(consumer: string, messageId: string, fn: (manager: EntityManager) => Promise<unknown>): Promise<boolean> {
    const fresh = await this.runBatchOnce(consumer, [messageId], (m) => fn(m));
    return fresh.length === 1;
  }

  /**
   * The batch form of runOnce: one transaction that claims every id (BEGIN + multi-row claim in one
   * round trip) and calls `fn` with the ids claimed now (never called when all were handled before).
   * Returns the ids `fn` ran for, once committed. A throw rolls back everything.
   */
  async runBatchOnce(
    consumer: string,
    messageIds: readonly string[],
    fn: (manager: EntityManager, freshIds: string[]) => Promise<unknown>,
  ): Promise<string[]> {
    const dataSource = this.dataSource;
    if (!dataSource) throw new Error('Inbox.runOnce needs the Inbox to be built with a DataSource');
    if (messageIds.length === 0) return [];
    const runner = dataSource.createQueryRunner();
    try {
      await runner.connect();
      const client = pgClientOf(runner);
      if (!client) return await this.viaTypeorm(runner, consumer, messageIds, fn);
      const ids = [...new Set(messageIds)];
      const claimSql =
        `INSERT INTO ${this.table} (consumer, message_id) SELECT ${literal(consumer)}, unnest(ARRAY[${ids.map(literal).join(',')}]::text[]) ` +
        `ON CONFLICT DO NOTHING RETURNING message_id`;
      // Simple-query protocol: both statements in one message; the BEGIN makes the block explicit.
      const results = (await client.query<{ message_id: string }>(`BEGIN; ${claimSql}`)) as { rows: { message_id: string }[] }[];
      markTransaction(runner, true);
      try {
        const fresh = results[1].rows.map((r) => r.message_id);
        if (fresh.length > 0) await fn(runner.manager, fresh);
        await endTransaction(client, runner, 'COMMIT');
        return fresh;
      } catch (error) {
        if (runner.isTransactionActive) {
          markTransaction(runner, false);
          await client.query('ROLLBACK').catch(() => undefined);
        }
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  private async viaTypeorm(
    runner: QueryRunner,
    consumer: string,
    messageIds: readonly string[],
    fn: (manager: EntityManager, freshIds: string[]) => Promise<unknown>,
  ): Promise<string[]> {
    return runner.manager.transaction(async (m) => {
      const fresh = await this.claimMany(m, consumer, messageIds);
      if (fresh.length > 0) await fn(m, fresh);
      return fresh;
    });
  }
}

/** A SQL string literal (standard_conforming_strings, PostgreSQL's default since 9.1). */
function literal(value: string): string {
  if (value.includes('\u0000')) throw new Error('message id contains NUL');
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Puts TypeORM's query runner in the state its own startTransaction leaves (so manager.transaction()
 * inside `fn` nests with a savepoint, and query runner commit/rollback calls behave).
 */
function markTransaction(runner: QueryRunner, active: boolean): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = active;
  state.transactionDepth = active ? 1 : 0;
}

async function endTransaction(client: PgClient, runner: QueryRunner, statement: 'COMMIT'): Promise<void> {
  const state = runner as unknown as { transactionDepth: number };
  if (state.transactionDepth !== 1) throw new Error(`transaction left unbalanced by the handler (depth ${state.transactionDepth})`);
  try {
    await client.query(statement);
  } finally {
    markTransaction(runner, false);
  }
}
