// Issue point 2a with a real crash: the relay process is SIGKILLed after the broker confirmed a
// publish and before it marked the row; a fresh relay publishes the row again and the consumer's inbox
// absorbs the duplicate (one effect).
import { Controller, Inject, type INestMicroservice } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { spawnNode, waitFor, type SpawnedNode } from '@app/testing';
import type { DataSource } from 'typeorm';
import { Inbox } from '../inbox';
import { OutboxPublisher } from '../outbox-publisher';
import { OutboxRelay } from '../outbox-relay';
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

async function publishedAt(ds: DataSource, messageId: string): Promise<Date | null | undefined> {
  const rows: { published_at: Date | null }[] = await ds.query(`SELECT published_at FROM "${SCHEMA}"."outbox" WHERE message_id = $1`, [
    messageId,
  ]);
  return rows[0]?.published_at;
}

describe('relay process killed between broker confirm and mark', () => {
  let h: Harness;
  let app: INestMicroservice;
  let worker: SpawnedNode | undefined;

  beforeAll(async () => {
    h = await setupHarness();
    // The app consumes; its own relay stays off so that only the worker can take the row first.
    ({ app } = await bootApp(h, [SampleController], { module: { relay: { enabled: false } } }));
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await app?.close();
    await h?.close();
  });

  it('publishes the row again after SIGKILL and the inbox keeps the effect single', async () => {
    const event = sample(1);
    await h.dataSource.transaction((m) => app.get(OutboxPublisher).add(m, event));

    worker = spawnNode('dist/libs/messaging/src/int-test/relay-worker.js', {
      env: { RELAY_DB_URL: h.db.url, RELAY_AMQP_URL: h.vhost.url, RELAY_SCHEMA: SCHEMA, RELAY_PAUSE_AFTER_PUBLISH: '1' },
    });
    expect(await worker.waitForOutput(/^PUBLISHED /, 30_000)).toBe(`PUBLISHED ${event.id}`);
    await waitFor(() => calls.includes(event.id), { what: 'first delivery' });
    expect(await publishedAt(h.dataSource, event.id)).toBeNull();

    worker.kill('SIGKILL');
    expect(await worker.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await publishedAt(h.dataSource, event.id)).toBeNull(); // the kill left it unmarked

    // A fresh relay: its first batch may find the row still locked until PostgreSQL sees the dead connection.
    const relay = app.get(OutboxRelay);
    await waitFor(async () => (await relay.relayOnce()) === 1, { timeoutMs: 10_000, intervalMs: 50, what: 'republish' });
    await waitFor(() => calls.filter((id) => id === event.id).length === 2, { what: 'second delivery' });
    expect(await publishedAt(h.dataSource, event.id)).toBeInstanceOf(Date);
    expect(await relay.relayOnce()).toBe(0);

    await new Promise((r) => setTimeout(r, 200)); // a third delivery would show up by now
    expect(calls.filter((id) => id === event.id)).toHaveLength(2);
    expect(await effectCount(h.dataSource)).toBe(1);
    const [{ count }]: { count: string }[] = await h.dataSource.query(`SELECT count(*) FROM "${SCHEMA}"."inbox"`);
    expect(Number(count)).toBe(1);
  });
});
