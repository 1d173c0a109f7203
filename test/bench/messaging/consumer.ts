// The consuming service of the messaging bench, run as its own process (as services run): an
// EventsServer whose handler claims the inbox and writes its effect in one transaction.
import 'reflect-metadata';
import { EventsServer, Inbox } from '@app/messaging';
import { createDataSource } from '@app/persistence';
import { writeFileSync } from 'node:fs';
import { BenchEventV1, CONSUMER, SCHEMA, cpuMs, now, type ConsumerReport } from './shared';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

export interface ConsumerSettings {
  dbUrl: string;
  amqpUrl: string;
  events: number;
  prefetch: number;
  pool: number;
  /** message: per-message handler with dataSource.transaction + inbox.claim (what apps do today);
   *  runonce: per-message handler with inbox.runOnce; batch: @EventPattern(type, { batch }) + inbox.runBatchOnce. */
  mode: BenchMode;
  batch: number;
  batchConcurrency: number;
}

export type BenchMode = 'message' | 'runonce' | 'batch';

/** Starts consuming; `report` resolves once `events` events were handled. */
export async function startConsumer(settings: ConsumerSettings): Promise<{ report: Promise<ConsumerReport>; close(): Promise<void> }> {
  const dataSource = createDataSource({ url: settings.dbUrl, schema: SCHEMA, poolSize: settings.pool });
  await dataSource.initialize();
  const inbox = new Inbox(SCHEMA, dataSource);
  const handledAt: [string, number, number][] = [];
  let cpuFrom: NodeJS.CpuUsage | undefined;
  let firstAt = 0;
  let finished: (report: ConsumerReport) => void = () => undefined;
  const report = new Promise<ConsumerReport>((resolve) => (finished = resolve));

  const server = new EventsServer({ service: 'bench', url: settings.amqpUrl, prefetch: settings.prefetch, retryDelaysMs: [100, 500] });
  const started = () => {
    const entered = now();
    if (!cpuFrom) {
      cpuFrom = process.cpuUsage();
      firstAt = entered;
    }
    return entered;
  };
  let calls = 0;
  const handled = (ids: string[], entered: number) => {
    const done = now();
    calls++;
    for (const id of ids) handledAt.push([id, entered, done]);
    if (handledAt.length >= settings.events) {
      finished({
        handledAt,
        cpuMs: cpuMs(cpuFrom),
        calls,
        rss: process.memoryUsage().rss,
        maxRssKb: process.resourceUsage().maxRSS,
        firstAt,
        lastAt: done,
      });
    }
  };
  const effectSql = `INSERT INTO "${SCHEMA}"."effects" (message_id, sku) VALUES ($1, $2)`;
  if (settings.mode === 'batch') {
    server.addHandler(
      BenchEventV1.type,
      async (events: BenchEventV1[]) => {
        const entered = started();
        await inbox.runBatchOnce(CONSUMER, events.map((e) => e.id), async (m, fresh) => {
          const todo = new Set(fresh);
          const rows = events.filter((e) => todo.has(e.id));
          await m.query(`INSERT INTO "${SCHEMA}"."effects" (message_id, sku) SELECT unnest($1::text[]), unnest($2::text[])`, [
            rows.map((e) => e.id),
            rows.map((e) => e.data.sku),
          ]);
        });
        handled(events.map((e) => e.id), entered);
      },
      true,
      { batch: settings.batch, batchConcurrency: settings.batchConcurrency },
    );
  } else {
    server.addHandler(
      BenchEventV1.type,
      async (event: BenchEventV1) => {
        const entered = started();
        if (settings.mode === 'runonce') {
          await inbox.runOnce(CONSUMER, event.id, (m) => m.query(effectSql, [event.id, event.data.sku]));
        } else {
          await dataSource.transaction(async (m) => {
            if (!(await inbox.claim(m, CONSUMER, event.id))) return;
            await m.query(effectSql, [event.id, event.data.sku]);
          });
        }
        handled([event.id], entered);
      },
      true,
    );
  }
  await new Promise<void>((resolve, reject) => server.listen((err?: unknown) => (err ? reject(err) : resolve())));
  return {
    report,
    close: async () => {
      await server.close();
      await dataSource.destroy();
    },
  };
}

async function main() {
  const consumer = await startConsumer({
    dbUrl: env('BENCH_DB_URL'),
    amqpUrl: env('BENCH_AMQP_URL'),
    events: Number(env('BENCH_EVENTS')),
    prefetch: Number(env('BENCH_PREFETCH')),
    pool: Number(env('BENCH_POOL')),
    mode: env('BENCH_MODE') as BenchMode,
    batch: Number(env('BENCH_BATCH')),
    batchConcurrency: Number(env('BENCH_BATCH_CONCURRENCY')),
  });
  console.log('READY');
  writeFileSync(env('BENCH_REPORT'), JSON.stringify(await consumer.report));
  console.log('DONE');
  await consumer.close();
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
