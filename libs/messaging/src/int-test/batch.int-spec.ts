import { Controller, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { waitFor } from '@app/testing';
import * as amqp from 'amqplib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { NonRetryableError } from '../errors';
import { EventsBatchContext } from '../events-context';
import { Inbox } from '../inbox';
import { publishOptions } from '../wire';
import { SCHEMA, SERVICE, SampleCreatedV1, bootApp, effectCount, sample, setupHarness, type Harness } from './harness';

const BATCH = 10;
/** Every handler call: the ids it received and the attempts the context reported. */
const calls: { ids: string[]; attempts: number[] }[] = [];
/** Skus whose first attempt fails with a retryable error. */
const failFirstAttempt = new Set<string>();
let hold: Promise<void> | undefined;
let holding = 0;

@Controller()
class BatchController {
  constructor(private readonly inbox: Inbox) {}

  @EventPattern<string>(SampleCreatedV1.type, { batch: BATCH })
  async on(@Payload() events: SampleCreatedV1[], @Ctx() ctx: EventsBatchContext) {
    const attempts = ctx.entries.map(([, a]) => a);
    calls.push({ ids: events.map((e) => e.id), attempts });
    await this.inbox.runBatchOnce('batcher', events.map((e) => e.id), async (m, fresh) => {
      const rows = events.filter((e) => fresh.includes(e.id));
      for (const e of rows) {
        if (e.data.sku === 'POISON') throw new NonRetryableError('poison sku');
        if (failFirstAttempt.has(e.data.sku) && attempts[events.indexOf(e)] === 1) throw new Error(`stock service down for ${e.data.sku}`);
      }
      await m.query(`INSERT INTO "${SCHEMA}"."effects" (message_id, sku) SELECT unnest($1::text[]), unnest($2::text[])`, [
        rows.map((e) => e.id),
        rows.map((e) => e.data.sku),
      ]);
      if (hold) {
        holding += rows.length;
        await hold;
      }
    });
  }
}

const effectsOf = async (ds: DataSource, ids: string[]) =>
  Number(
    ((await ds.query(`SELECT count(*) AS n FROM "${SCHEMA}"."effects" WHERE message_id = ANY($1)`, [ids])) as { n: string }[])[0].n,
  );

async function unacked(vhost: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    'rabbitmqctl',
    ['-q', 'list_queues', '-p', vhost, '--no-table-headers', 'name', 'messages_unacknowledged'],
    { timeout: 30_000 },
  );
  const line = stdout.split('\n').find((l) => l.split(/\s+/)[0] === SERVICE);
  return Number(line?.split(/\s+/)[1] ?? NaN);
}

describe('batch handlers', () => {
  let h: Harness;
  let app: INestMicroservice;
  let conn: amqp.ChannelModel;
  let ch: amqp.ConfirmChannel;

  const publish = async (events: SampleCreatedV1[]) => {
    for (const e of events) ch.publish('uplaces.events', e.type, Buffer.from(JSON.stringify(e)), publishOptions(e));
    await ch.waitForConfirms();
  };

  beforeAll(async () => {
    h = await setupHarness();
    ({ app } = await bootApp(h, [BatchController], { server: { retryDelaysMs: [50, 100], prefetch: 32 } }));
    conn = await amqp.connect(h.vhost.url);
    ch = await conn.createConfirmChannel();
  });
  afterAll(async () => {
    hold = undefined;
    await conn?.close();
    await app?.close();
    await h?.close();
  });
  beforeEach(() => {
    calls.length = 0;
  });

  it('hands prefetched messages over in batches and absorbs duplicates through the multi-row inbox claim', async () => {
    const events = Array.from({ length: 25 }, (_, i) => sample(100 + i));
    const again = events.slice(0, 5); // redelivered copies (same message id)
    await publish([...events, ...again]);

    await waitFor(() => calls.flatMap((c) => c.ids).length === 30, { what: 'every delivery handled' });
    await waitFor(async () => (await effectsOf(h.dataSource, events.map((e) => e.id))) === 25, { what: '25 effects' });
    await waitFor(async () => (await unacked(h.vhost.vhost)) === 0, { what: 'all acked' });
    expect(calls.flatMap((c) => c.ids)).toHaveLength(30);
    expect(Math.max(...calls.map((c) => c.ids.length))).toBeGreaterThan(1);
    expect(Math.max(...calls.map((c) => c.ids.length))).toBeLessThanOrEqual(BATCH);
    const [{ n }]: { n: string }[] = await h.dataSource.query(`SELECT count(*) AS n FROM "${SCHEMA}"."inbox" WHERE consumer = 'batcher'`);
    expect(Number(n)).toBe(25);
    await waitFor(async () => (await unacked(h.vhost.vhost)) === 0, { what: 'all acked' });
  });

  it('retries or dead-letters a failing message alone while the rest of its batch commits once', async () => {
    const good = Array.from({ length: 6 }, (_, i) => sample(200 + i));
    const poison = sample(210, 'POISON');
    const flaky = sample(211, 'FLAKY-1');
    failFirstAttempt.add('FLAKY-1'); // fails in the batch and on its first lone attempt
    const before = await effectCount(h.dataSource);
    await publish([good[0], good[1], poison, good[2], flaky, good[3], good[4], good[5]]);

    await waitFor(async () => (await effectsOf(h.dataSource, [...good, flaky].map((e) => e.id))) === 7, { what: 'good + flaky effects' });
    const dead = await waitFor(
      async () =>
        ((await h.dataSource.query(`SELECT attempts, error FROM "${SCHEMA}"."dead_letters" WHERE message_id = $1`, [poison.id])) as {
          attempts: number;
          error: string;
        }[])[0],
      { what: 'poison dead letter' },
    );
    expect(dead.attempts).toBe(1);
    expect(dead.error).toContain('poison sku');
    expect(await effectCount(h.dataSource)).toBe(before + 7);
    expect(await effectsOf(h.dataSource, [poison.id])).toBe(0);

    // The mixed batch was tried whole, then the poison message alone, exactly once.
    expect(calls.some((c) => c.ids.length > 1 && c.ids.includes(poison.id))).toBe(true);
    expect(calls.filter((c) => c.ids.length === 1 && c.ids[0] === poison.id)).toHaveLength(1);
    // The flaky one went back through the retry queue alone (attempt 2) and then succeeded.
    const flakyAttempts = calls.filter((c) => c.ids.includes(flaky.id)).flatMap((c) => c.attempts.filter((_, i) => c.ids[i] === flaky.id));
    expect(Math.max(...flakyAttempts)).toBe(2);
    await waitFor(async () => (await unacked(h.vhost.vhost)) === 0, { what: 'all settled' });
  });

  it('acks a batch only after its transaction committed', async () => {
    let release: () => void = () => undefined;
    hold = new Promise<void>((resolve) => (release = resolve));
    holding = 0;
    const events = Array.from({ length: 5 }, (_, i) => sample(300 + i));
    await publish(events);
    try {
      // The first batch holds inside its transaction; the rest waits for it (one batch in flight).
      await waitFor(() => holding > 0, { what: 'a handler inside its transaction' });
      expect(await effectsOf(h.dataSource, events.map((e) => e.id))).toBe(0); // not committed yet
      await waitFor(async () => (await unacked(h.vhost.vhost)) === 5, { timeoutMs: 15_000, what: '5 unacked while uncommitted' });
    } finally {
      hold = undefined;
      release();
    }
    await waitFor(async () => (await effectsOf(h.dataSource, events.map((e) => e.id))) === 5, { what: 'committed' });
    await waitFor(async () => (await unacked(h.vhost.vhost)) === 0, { timeoutMs: 15_000, what: 'acked after commit' });
  });
});

describe('Inbox.runOnce', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const effect = (id: string) => (m: import('typeorm').EntityManager) =>
    m.query(`INSERT INTO "${SCHEMA}"."effects" (message_id, sku) VALUES ($1, 'X')`, [id]);

  it('runs the effect once per message id, in the claim transaction', async () => {
    const inbox = new Inbox(SCHEMA, h.dataSource);
    const id = sample(1).id;
    expect(await inbox.runOnce('once', id, effect(id))).toBe(true);
    expect(await inbox.runOnce('once', id, effect(id))).toBe(false);
    expect(await effectsOf(h.dataSource, [id])).toBe(1);
    // another consumer name claims independently
    expect(await inbox.runOnce('other', id, async () => undefined)).toBe(true);
  });

  it('rolls back the claim with the effect when the effect throws, so a redelivery runs it', async () => {
    const inbox = new Inbox(SCHEMA, h.dataSource);
    const id = sample(2).id;
    await expect(
      inbox.runOnce('once', id, async (m) => {
        await effect(id)(m);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await effectsOf(h.dataSource, [id])).toBe(0);
    // nested transaction inside the effect (savepoint) still works
    expect(await inbox.runOnce('once', id, (m) => m.transaction((inner) => effect(id)(inner)))).toBe(true);
    expect(await effectsOf(h.dataSource, [id])).toBe(1);
  });

  it('claims a batch in one statement and reports only the fresh ids', async () => {
    const inbox = new Inbox(SCHEMA, h.dataSource);
    const [a, b, c] = [sample(3).id, sample(4).id, "it's-quoted"];
    expect(await inbox.runBatchOnce('batch', [a, b], async () => undefined)).toEqual(expect.arrayContaining([a, b]));
    let seen: string[] = [];
    const fresh = await inbox.runBatchOnce('batch', [a, b, c, c], async (_m, ids) => void (seen = ids));
    expect(fresh).toEqual([c]);
    expect(seen).toEqual([c]);
    let called = false;
    expect(await inbox.runBatchOnce('batch', [a, c], async () => void (called = true))).toEqual([]);
    expect(called).toBe(false);
  });
});
