// Messaging benchmark: N events through outbox -> RabbitMQ -> EventsServer handler with inbox, beside
// raw amqplib publish -> consume on the same machine. Usage: npm run bench:messaging [-- --events 10000]
import 'reflect-metadata';
import { IntegrationEvent, Type, ValidateNested, createEvent, registerEvent } from '@app/contracts';
import { EventsServer, Inbox, OutboxPublisher, OutboxRelay, connectBroker, createPublisherChannel } from '@app/messaging';
import { createDataSource, messagingTablesSql, runMigrations } from '@app/persistence';
import { createTestDatabase, createTestVhost, waitFor } from '@app/testing';
import * as amqp from 'amqplib';
import { IsInt, IsString } from 'class-validator';
import { performance } from 'node:perf_hooks';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg('events', 10_000);
const EVENTS_PER_TX = arg('per-tx', 10);
const PRODUCERS = arg('producers', 4);
const PREFETCH = arg('prefetch', 64);
const BATCH = arg('batch', 500);
const POOL = arg('pool', 20);
const SCHEMA = 'bench';

class BenchData {
  @IsString() sku!: string;
  @IsInt() n!: number;
}
class BenchEventV1 extends IntegrationEvent<BenchData> {
  static readonly type = 'bench.item.changed.v1';
  @ValidateNested() @Type(() => BenchData) data!: BenchData;
}
registerEvent(BenchEventV1);

class Init1 implements MigrationInterface {
  name = 'Init1000000000001';
  async up(q: QueryRunner) {
    for (const sql of messagingTablesSql(SCHEMA).up) await q.query(sql);
    await q.query(`CREATE TABLE "${SCHEMA}"."items" (sku text PRIMARY KEY, n int NOT NULL)`);
    await q.query(`CREATE TABLE "${SCHEMA}"."effects" (message_id text PRIMARY KEY, sku text NOT NULL)`);
  }
  async down() {}
}

function percentiles(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50: p(0.5), p95: p(0.95), p99: p(0.99), max: s[s.length - 1] };
}
const fmt = (l: ReturnType<typeof percentiles>) =>
  `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms`;

async function benchOutbox(dbUrl: string, amqpUrl: string) {
  const dataSource = createDataSource({ url: dbUrl, schema: SCHEMA, migrations: [Init1], poolSize: POOL });
  await runMigrations(dataSource);
  const outbox = new OutboxPublisher(SCHEMA);
  const inbox = new Inbox(SCHEMA);
  const committedAt = new Map<string, number>();
  const latencies: number[] = [];
  let handled = 0;

  const server = new EventsServer({ service: 'bench', url: amqpUrl, prefetch: PREFETCH, retryDelaysMs: [100, 500] });
  server.addHandler(
    BenchEventV1.type,
    async (event: BenchEventV1) => {
      await dataSource.transaction(async (m) => {
        if (!(await inbox.claim(m, 'bench', event.id))) return;
        await m.query(`INSERT INTO "${SCHEMA}"."effects" (message_id, sku) VALUES ($1, $2)`, [event.id, event.data.sku]);
      });
      const t0 = committedAt.get(event.id);
      if (t0 !== undefined) latencies.push(performance.now() - t0);
      handled++;
    },
    true,
  );
  await new Promise<void>((resolve, reject) => server.listen((err?: unknown) => (err ? reject(err) : resolve())));

  const connection = connectBroker(amqpUrl, 'bench relay');
  const channel = createPublisherChannel(connection);
  const relay = new OutboxRelay({ dataSource, channel, batchSize: BATCH, pollIntervalMs: 1000 });
  relay.start();

  const started = performance.now();
  let next = 0;
  const producer = async () => {
    while (next < EVENTS) {
      const from = next;
      next += EVENTS_PER_TX;
      const events = Array.from({ length: Math.min(EVENTS_PER_TX, EVENTS - from) }, (_, k) =>
        createEvent(BenchEventV1, { source: 'bench', tenantId: 't1', data: { sku: `SKU-${from + k}`, n: from + k } }),
      );
      await dataSource.transaction(async (m) => {
        await m.query(
          `INSERT INTO "${SCHEMA}"."items" (sku, n) SELECT unnest($1::text[]), unnest($2::int[])`,
          [events.map((e) => e.data.sku), events.map((e) => e.data.n)],
        );
        await outbox.add(m, ...events);
      });
      const now = performance.now();
      for (const e of events) committedAt.set(e.id, now);
    }
  };
  await Promise.all(Array.from({ length: PRODUCERS }, producer));
  const committed = performance.now();
  await waitFor(() => handled >= EVENTS, { timeoutMs: 300_000, intervalMs: 20, what: 'all events handled' });
  const finished = performance.now();

  await relay.stop();
  await channel.close();
  await connection.close();
  await server.close();
  await dataSource.destroy();
  return {
    eventsPerSecond: EVENTS / ((finished - started) / 1000),
    commitPerSecond: EVENTS / ((committed - started) / 1000),
    latency: percentiles(latencies),
  };
}

async function benchRaw(amqpUrl: string) {
  const conn = await amqp.connect(amqpUrl);
  const pub = await conn.createConfirmChannel();
  const sub = await conn.createChannel();
  await pub.assertQueue('raw', { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await sub.prefetch(PREFETCH);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  await sub.consume('raw', (msg) => {
    if (!msg) return;
    const t0 = sentAt.get(String(msg.properties.messageId));
    if (t0 !== undefined) latencies.push(performance.now() - t0);
    received++;
    sub.ack(msg);
  });
  const started = performance.now();
  for (let i = 0; i < EVENTS; i += BATCH) {
    for (let k = i; k < Math.min(EVENTS, i + BATCH); k++) {
      const e = createEvent(BenchEventV1, { source: 'bench', tenantId: 't1', data: { sku: `SKU-${k}`, n: k } });
      sentAt.set(e.id, performance.now());
      pub.publish('', 'raw', Buffer.from(JSON.stringify(e)), { persistent: true, messageId: e.id, type: e.type });
    }
    await pub.waitForConfirms();
  }
  await waitFor(() => received >= EVENTS, { timeoutMs: 120_000, intervalMs: 10, what: 'raw messages' });
  const finished = performance.now();
  await conn.close();
  return { eventsPerSecond: EVENTS / ((finished - started) / 1000), latency: percentiles(latencies) };
}

async function main() {
  const [db, vhost] = await Promise.all([createTestDatabase(), createTestVhost()]);
  try {
    console.log(`messaging bench: ${EVENTS} events, ${EVENTS_PER_TX}/tx, ${PRODUCERS} producers, prefetch ${PREFETCH}, relay batch ${BATCH}`);
    const raw = await benchRaw(vhost.url);
    console.log(`raw amqplib publish->consume (quorum queue, confirms): ${raw.eventsPerSecond.toFixed(0)} msg/s; latency ${fmt(raw.latency)}`);
    const ours = await benchOutbox(db.url, vhost.url);
    console.log(
      `outbox -> broker -> EventsServer + inbox: ${ours.eventsPerSecond.toFixed(0)} events/s (commits ${ours.commitPerSecond.toFixed(0)}/s); commit-to-handler latency ${fmt(ours.latency)}`,
    );
    console.log(`ratio outbox/raw throughput: ${(ours.eventsPerSecond / raw.eventsPerSecond).toFixed(2)}`);
  } finally {
    await Promise.all([db.drop(), vhost.drop()]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
