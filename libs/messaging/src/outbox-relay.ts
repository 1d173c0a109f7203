import type { ChannelWrapper } from 'amqp-connection-manager';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { MessagingMetrics } from './metrics';
import { pgClientOf } from './pg';
import { outboxChannel, schemaOf, table } from './schema';
import { DEFAULT_EXCHANGE } from './topology';
import type { WireHeaders } from './wire';

export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** Confirm channel from createPublisherChannel (declares the exchange, survives reconnects). */
  channel: ChannelWrapper;
  exchange?: string;
  /** Rows per transaction; several batches per round trip keep throughput high. */
  batchSize?: number;
  /** Slow poll fallback when no NOTIFY arrives (lost LISTEN connection, rows left by a crash). */
  pollIntervalMs?: number;
  /**
   * Batches awaiting broker confirms at once (default 2). One loop claims and sends batches in id order
   * on one channel, so publication order is kept; the next batch is claimed (SKIP LOCKED passes over the
   * rows still in flight) while earlier ones wait for their confirms and their mark.
   */
  inFlight?: number;
  /** Published rows older than this are deleted. */
  retentionMs?: number;
  logger?: RelayLogger;
  metrics?: MessagingMetrics;
  /** Test seam: runs after the broker confirmed a batch and before the rows are marked published. */
  afterPublish?: (messageIds: string[]) => void | Promise<void>;
}

interface OutboxRow {
  id: string;
  message_id: string;
  type: string;
  routing_key: string;
  body: string;
  headers: WireHeaders;
  /** Seconds since the epoch (AMQP timestamps are whole seconds): no Date parsing per row. */
  created_s: string;
}

const silent: RelayLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Publishes committed outbox rows with publisher confirms, then marks them published. Batches are
 * claimed with FOR UPDATE SKIP LOCKED so replicas share the work; LISTEN/NOTIFY wakes it at once.
 * A crash between confirm and mark republishes the batch: consumers' inboxes absorb duplicates.
 */
export class OutboxRelay {
  private readonly schema: string;
  private readonly exchange: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly inFlight: number;
  private readonly retentionMs: number;
  private readonly logger: RelayLogger;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly wakeUps = new Set<() => void>();
  private woken = false;
  private listener?: Client;
  private listenRetry?: NodeJS.Timeout;
  private lastCleanup = 0;
  private readonly claimSql: string;

  constructor(private readonly options: OutboxRelayOptions) {
    this.schema = schemaOf(options.dataSource);
    this.exchange = options.exchange ?? DEFAULT_EXCHANGE;
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.inFlight = Math.max(1, Math.floor(options.inFlight ?? 2));
    this.retentionMs = options.retentionMs ?? 24 * 3600_000;
    this.logger = options.logger ?? silent;
    // Simple-protocol text (no parameters) so that BEGIN and the claim travel in one round trip.
    this.claimSql = `BEGIN; SELECT id, message_id, type, routing_key, body, headers, floor(extract(epoch FROM created_at))::bigint AS created_s FROM ${table(this.schema, 'outbox')}
      WHERE published_at IS NULL ORDER BY id LIMIT ${Math.max(1, Math.floor(this.batchSize))} FOR UPDATE SKIP LOCKED`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    this.loopDone = this.loop();
  }

  /** Stops after the batch in progress (its rows are either marked or left for the next relay). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    clearTimeout(this.listenRetry);
    await this.loopDone;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  wake(): void {
    this.woken = true;
    for (const wakeUp of [...this.wakeUps]) wakeUp();
  }

  /**
   * Publishes one batch; returns how many rows it published. Two round trips to PostgreSQL per
   * batch: claim (BEGIN + SELECT ... FOR UPDATE SKIP LOCKED) and mark (UPDATE + COMMIT), with every
   * publish of the batch confirmed by the broker in between. The mark commits without waiting for
   * the WAL flush: losing it in a database crash only republishes the batch, which inboxes absorb.
   */
  async relayOnce(): Promise<number> {
    const batch = await this.claimAndSend();
    return batch ? batch.finish() : 0;
  }

  /**
   * Claims the next rows and hands them to the channel (in id order); `finish` waits for their
   * confirms, marks them published and releases the connection. Nothing claimed: undefined.
   */
  private async claimAndSend(): Promise<{ rows: number; finish: () => Promise<number> } | undefined> {
    const runner = this.options.dataSource.createQueryRunner();
    let handedOver = false;
    try {
      await runner.connect();
      const client = pgClientOf(runner);
      if (!client) throw new Error('OutboxRelay needs the postgres driver');
      const rollback = () => client.query('ROLLBACK').catch(() => undefined);
      let rows: OutboxRow[];
      let confirmed: Promise<unknown>;
      try {
        rows = lastResult(await client.query<OutboxRow>(this.claimSql)).rows;
        if (rows.length === 0) {
          await client.query('COMMIT');
          return undefined;
        }
        confirmed = Promise.all(
          rows.map((row) =>
            this.options.channel.publish(this.exchange, row.routing_key, Buffer.from(row.body), {
              persistent: true,
              contentType: 'application/json',
              messageId: row.message_id,
              type: row.type,
              timestamp: Number(row.created_s),
              headers: row.headers,
            }),
          ),
        );
      } catch (error) {
        // Never hand a connection back to the pool inside the claim's transaction (it holds row locks).
        await rollback();
        throw error;
      }
      confirmed.catch(() => undefined); // observed in finish; never an unhandled rejection meanwhile
      handedOver = true;
      const finish = async () => {
        try {
          await confirmed;
          await this.options.afterPublish?.(rows.map((r) => r.message_id));
          const ids = rows.map((r) => String(r.id));
          if (!ids.every((id) => /^\d+$/.test(id))) throw new Error('outbox ids must be integers');
          await client.query(
            `SET LOCAL synchronous_commit = off; UPDATE ${table(this.schema, 'outbox')} SET published_at = now() WHERE id = ANY('{${ids.join(',')}}'::bigint[]); COMMIT`,
          );
          this.options.metrics?.published?.(rows.length);
          return rows.length;
        } catch (error) {
          await rollback();
          throw error;
        } finally {
          await runner.release();
        }
      };
      return { rows: rows.length, finish };
    } finally {
      if (!handedOver) await runner.release();
    }
  }

  private async loop(): Promise<void> {
    let failures = 0;
    const pending = new Set<Promise<void>>();
    const report = (error: unknown) =>
      this.logger.warn(`outbox relay: ${error instanceof Error ? error.message : String(error)} (retrying)`);
    const backOff = async () => {
      failures++;
      await this.sleep(Math.min(5000, 100 * 2 ** failures));
    };
    let failed = false;
    while (this.running) {
      // At the limit, wait for the oldest batch in flight (they finish in order of their confirms).
      while (pending.size >= this.inFlight) await Promise.race(pending);
      if (failed) {
        failed = false;
        await backOff();
        continue;
      }
      let claimed: number;
      try {
        const batch = await this.claimAndSend();
        claimed = batch?.rows ?? 0;
        if (batch) {
          const done: Promise<void> = batch
            .finish()
            .then(
              () => void (failures = 0),
              (error: unknown) => {
                report(error); // now, even if the relay is stopping and never turns again
                failed = true;
              },
            )
            .finally(() => pending.delete(done));
          pending.add(done);
        }
        await this.cleanup();
      } catch (error) {
        report(error);
        await backOff();
        continue;
      }
      if (claimed < this.batchSize) await this.sleep(this.pollIntervalMs);
    }
    await Promise.all(pending);
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || !this.running) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUps.delete(done);
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUps.add(done);
    });
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.options.dataSource.query(
      `DELETE FROM ${table(this.schema, 'outbox')} WHERE published_at < now() - ($1::bigint * interval '1 millisecond')`,
      [this.retentionMs],
    );
  }

  /** Dedicated LISTEN connection; on loss it reconnects, and the poll covers the gap. */
  private async listen(): Promise<void> {
    if (!this.running) return;
    const o = this.options.dataSource.options as {
      url?: string;
      host?: string;
      port?: number;
      username?: string;
      password?: unknown;
      database?: string;
    };
    const client = new Client({
      connectionString: o.url,
      host: o.host,
      port: o.port,
      user: o.username,
      password: typeof o.password === 'string' ? o.password : undefined,
      database: o.database,
    });
    const retry = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      void client.end().catch(() => undefined);
      if (this.running) this.listenRetry = setTimeout(() => void this.listen(), 1000);
    };
    this.listener = client;
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN "${outboxChannel(this.schema).replace(/"/g, '""')}"`);
      this.wake(); // catch up on anything committed while not listening
    } catch (error) {
      this.logger.warn(`outbox relay: LISTEN failed: ${error instanceof Error ? error.message : String(error)}`);
      retry();
    }
  }
}

/** A multi-statement simple query answers one result per statement: the last is the SELECT's. */
function lastResult<R>(result: { rows: R[] } | { rows: R[] }[]): { rows: R[] } {
  return Array.isArray(result) ? result[result.length - 1] : result;
}
