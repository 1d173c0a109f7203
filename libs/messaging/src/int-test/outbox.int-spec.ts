import { Controller, Inject, type INestMicroservice } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { waitFor } from '@app/testing';
import type { ChannelWrapper } from 'amqp-connection-manager';
import * as amqp from 'amqplib';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { connectBroker, createPublisherChannel } from '../connection';
import { Inbox } from '../inbox';
import { OutboxPublisher } from '../outbox-publisher';
import { OutboxRelay } from '../outbox-relay';
import { DEFAULT_EXCHANGE } from '../topology';
import { SCHEMA, SampleCreatedV1, bootApp, effectCount, sample, setupHarness, type Harness } from './harness';

const calls: string[] = [];

@Controller()
class SampleController {
  constructor(
    @Inject('DATA_SOURCE') private readonly ds: DataSource,
    private readonly inbox: Inbox,
  ) {}

  @EventPattern(SampleCreatedV1.type)
  async on(@Payload() event: SampleCreatedV1) {
    calls.push(event.id);
    await this.ds.transaction(async (m) => {
      if (!(await this.inbox.claim(m, 'sample', event.id))) return;
      await m.query(`INSERT INTO "${SCHEMA}"."effects" (message_id, sku) VALUES ($1, $2)`, [event.id, event.data.sku]);
    });
  }
}

describe('transactional outbox', () => {
  let h: Harness;
  let app: INestMicroservice;

  beforeAll(async () => {
    h = await setupHarness();
    ({ app } = await bootApp(h, [SampleController]));
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('publishes a business row and its event committed together exactly once', async () => {
    const outbox = app.get(OutboxPublisher);
    const event = sample(1);
    await h.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO "${SCHEMA}"."items" (sku, n) VALUES ($1, $2)`, [event.data.sku, 1]);
      await outbox.add(m, event);
    });
    await waitFor(() => calls.includes(event.id), { what: 'handler call' });
    await waitFor(async () => {
      const rows: { published_at: Date | null }[] = await h.dataSource.query(
        `SELECT published_at FROM "${SCHEMA}"."outbox" WHERE message_id = $1`,
        [event.id],
      );
      return rows[0]?.published_at;
    }, { what: 'row marked published' });
    await new Promise((r) => setTimeout(r, 300)); // a second publish would show up by now
    expect(calls.filter((id) => id === event.id)).toHaveLength(1);
    expect(await effectCount(h.dataSource)).toBe(1);
  });

  it('does not publish an event whose transaction rolled back', async () => {
    const outbox = app.get(OutboxPublisher);
    const event = sample(2);
    await expect(
      h.dataSource.transaction(async (m) => {
        await outbox.add(m, event);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const marker = sample(3);
    await h.dataSource.transaction((m) => outbox.add(m, marker));
    await waitFor(() => calls.includes(marker.id), { what: 'marker event' });
    expect(calls).not.toContain(event.id);
  });

  it('republishes after a relay crash between confirm and mark, and the inbox absorbs the duplicate', async () => {
    // The app's own relay must not take the row: stop it, then use two relays by hand.
    await app.get(OutboxRelay).stop();
    const connection = connectBroker(h.vhost.url, 'crashing relay');
    const channel = createPublisherChannel(connection);
    try {
      const crashing = new OutboxRelay({
        dataSource: h.dataSource,
        channel,
        afterPublish: () => {
          throw new Error('relay crashed after the broker confirmed');
        },
      });
      const healthy = new OutboxRelay({ dataSource: h.dataSource, channel });
      const event = sample(4);
      const effectsBefore = await effectCount(h.dataSource);
      await h.dataSource.transaction((m) => app.get(OutboxPublisher).add(m, event));

      await expect(crashing.relayOnce()).rejects.toThrow('relay crashed');
      await waitFor(() => calls.includes(event.id), { what: 'first delivery' });
      const [row]: { published_at: Date | null }[] = await h.dataSource.query(
        `SELECT published_at FROM "${SCHEMA}"."outbox" WHERE message_id = $1`,
        [event.id],
      );
      expect(row.published_at).toBeNull(); // the crash left it unmarked

      expect(await healthy.relayOnce()).toBe(1);
      await waitFor(() => calls.filter((id) => id === event.id).length === 2, { what: 'second delivery' });
      await new Promise((r) => setTimeout(r, 200));
      expect(await effectCount(h.dataSource)).toBe(effectsBefore + 1);
      expect(await healthy.relayOnce()).toBe(0);
    } finally {
      await channel.close();
      await connection.close();
    }
  });
  it('publishes in commit order while the next batch is claimed before the previous one is confirmed', async () => {
    await app.get(OutboxRelay).stop();
    // A queue of our own on the exchange sees the broker's order, whatever the handlers do.
    const raw = await amqp.connect(h.vhost.url);
    const sub = await raw.createChannel();
    const { queue } = await sub.assertQueue('', { exclusive: true });
    await sub.bindQueue(queue, DEFAULT_EXCHANGE, SampleCreatedV1.type);
    const seen: number[] = [];
    await sub.consume(queue, (msg) => msg && seen.push((JSON.parse(msg.content.toString()) as SampleCreatedV1).data.n), { noAck: true });
    const connection = connectBroker(h.vhost.url, 'ordered relay');
    const channel = createPublisherChannel(connection);
    // Small batches, several in flight: without one claim order, batches overtake each other.
    const relay = new OutboxRelay({ dataSource: h.dataSource, channel, batchSize: 7, inFlight: 3, pollIntervalMs: 50 });
    try {
      const outbox = app.get(OutboxPublisher);
      const commit = (from: number, count: number) =>
        h.dataSource.transaction((m) => outbox.add(m, ...Array.from({ length: count }, (_, k) => sample(1000 + from + k))));
      for (let i = 0; i < 300; i += 10) await commit(i, 10); // a backlog before the relay starts
      relay.start();
      for (let i = 300; i < 600; i += 3) await commit(i, 3); // and commits while it runs
      await waitFor(() => seen.length >= 600, { timeoutMs: 20_000, what: '600 events on the queue' });
      expect(seen).toEqual(Array.from({ length: 600 }, (_, k) => 1000 + k));
    } finally {
      await relay.stop();
      await channel.close();
      await connection.close();
      await raw.close();
    }
  });
  it('rolls the claim back when a publish cannot even be handed to the channel (no connection left in a transaction)', async () => {
    await app.get(OutboxRelay).stop();
    const event = sample(2000);
    await h.dataSource.transaction((m) => app.get(OutboxPublisher).add(m, event));
    const broken = { publish: () => { throw new Error('channel refused the message'); } } as unknown as ChannelWrapper;
    await expect(new OutboxRelay({ dataSource: h.dataSource, channel: broken }).relayOnce()).rejects.toThrow('channel refused');
    // Asked from outside the pool: a pooled query would run on the very connection it looks for.
    const observer = new Client({ connectionString: h.db.url });
    await observer.connect();
    try {
      const stuck = await observer.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      );
      expect(Number(stuck.rows[0].n)).toBe(0);
    } finally {
      await observer.end();
    }
    const [row]: { published_at: Date | null }[] = await h.dataSource.query(`SELECT published_at FROM "${SCHEMA}"."outbox" WHERE message_id = $1`, [event.id]);
    expect(row.published_at).toBeNull(); // left for the next relay
  });
});
