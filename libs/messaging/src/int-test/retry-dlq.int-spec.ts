import { Controller, Inject, type INestMicroservice } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { waitFor } from '@app/testing';
import * as amqp from 'amqplib';
import type { DataSource } from 'typeorm';
import { DeadLetterAlreadyReplayedError } from '../errors';
import { DeadLetters } from '../dead-letters';
import { NonRetryableError } from '../errors';
import { Inbox } from '../inbox';
import { OutboxPublisher } from '../outbox-publisher';
import { deadLetterQueueName } from '../topology';
import { publishOptions } from '../wire';
import { SCHEMA, SERVICE, SampleCreatedV1, bootApp, effectCount, sample, setupHarness, type Harness } from './harness';

const calls: { id: string; sku: string; at: number }[] = [];
const failing = new Set<string>();

@Controller()
class FlakyController {
  constructor(
    @Inject('DATA_SOURCE') private readonly ds: DataSource,
    private readonly inbox: Inbox,
  ) {}

  @EventPattern(SampleCreatedV1.type)
  async on(@Payload() event: SampleCreatedV1) {
    calls.push({ id: event.id, sku: event.data.sku, at: Date.now() });
    if (event.data.sku === 'POISON') throw new NonRetryableError('poison sku');
    if (failing.has(event.data.sku)) throw new Error(`stock service down for ${event.data.sku}`);
    await this.ds.transaction(async (m) => {
      if (!(await this.inbox.claim(m, 'flaky', event.id))) return;
      await m.query(`INSERT INTO "${SCHEMA}"."effects" (message_id, sku) VALUES ($1, $2)`, [event.id, event.data.sku]);
    });
  }
}

interface DeadLetterRow {
  id: string;
  message_id: string | null;
  error: string;
  attempts: number;
}

const deadLetterFor = (ds: DataSource, messageId: string) =>
  ds
    .query(`SELECT id, message_id, error, attempts FROM "${SCHEMA}"."dead_letters" WHERE message_id = $1`, [messageId])
    .then((rows: DeadLetterRow[]) => rows[0]);

describe('retry ladder and dead letters', () => {
  let h: Harness;
  let app: INestMicroservice;
  let conn: amqp.ChannelModel;
  let ch: amqp.ConfirmChannel;
  const delays = [50, 100, 150];

  beforeAll(async () => {
    h = await setupHarness();
    ({ app } = await bootApp(h, [FlakyController], { server: { retryDelaysMs: delays, prefetch: 1 } }));
    conn = await amqp.connect(h.vhost.url);
    ch = await conn.createConfirmChannel();
  });
  afterAll(async () => {
    await conn?.close();
    await app?.close();
    await h?.close();
  });

  it('retries a failing handler along the ladder, dead-letters it with its error, and replay processes it once', async () => {
    const event = sample(1, 'FLAKY');
    failing.add('FLAKY');
    await h.dataSource.transaction((m) => app.get(OutboxPublisher).add(m, event));

    const dead = await waitFor(() => deadLetterFor(h.dataSource, event.id), { what: 'dead letter' });
    const tries = calls.filter((c) => c.id === event.id);
    expect(tries).toHaveLength(delays.length + 1);
    // Each retry waited at least its rung's delay.
    tries.slice(1).forEach((t, i) => expect(t.at - tries[i].at).toBeGreaterThanOrEqual(delays[i] - 10));
    expect(dead.attempts).toBe(delays.length + 1);
    expect(dead.error).toContain('stock service down for FLAKY');
    await waitFor(async () => (await ch.checkQueue(deadLetterQueueName(SERVICE))).messageCount >= 1, { what: 'DLQ copy' });
    const copy = await ch.get(deadLetterQueueName(SERVICE), { noAck: true });
    expect(copy && String(copy.properties.headers?.['x-error'])).toContain('stock service down');

    const list = await app.get(DeadLetters).list({ tenantId: event.tenantId });
    expect(list.items.map((d: { messageId: string | null }) => d.messageId)).toContain(event.id);
    expect(await effectCount(h.dataSource)).toBe(0);

    failing.delete('FLAKY');
    await app.get(DeadLetters).replay(dead.id);
    await waitFor(async () => (await effectCount(h.dataSource)) === 1, { what: 'effect after replay' });
    await new Promise((r) => setTimeout(r, 300));
    expect(calls.filter((c) => c.id === event.id)).toHaveLength(delays.length + 2);
    expect(await effectCount(h.dataSource)).toBe(1);
    expect((await app.get(DeadLetters).get(dead.id))?.replayedAt).toBeInstanceOf(Date);
    await expect(app.get(DeadLetters).replay(dead.id)).rejects.toBeInstanceOf(DeadLetterAlreadyReplayedError);
  });

  it('dead-letters a NonRetryableError at once', async () => {
    const event = sample(2, 'POISON');
    await h.dataSource.transaction((m) => app.get(OutboxPublisher).add(m, event));
    const dead = await waitFor(() => deadLetterFor(h.dataSource, event.id), { what: 'dead letter' });
    expect(dead.attempts).toBe(1);
    expect(dead.error).toContain('poison sku');
    expect(calls.filter((c) => c.id === event.id)).toHaveLength(1);
  });

  it('sends a message that fails validation straight to the DLQ without holding up the ones behind it', async () => {
    const invalid = sample(3, 'BAD');
    const body = { ...invalid, data: { sku: 'BAD', n: 'not a number' } };
    ch.publish('uplaces.events', SampleCreatedV1.type, Buffer.from(JSON.stringify(body)), publishOptions(invalid));
    const notJson = sample(4);
    ch.sendToQueue(SERVICE, Buffer.from('{not json'), publishOptions(notJson));
    const unknown = { ...sample(5), type: 'test.nobody.knows.v1' };
    ch.sendToQueue(SERVICE, Buffer.from(JSON.stringify(unknown)), publishOptions(unknown));
    const behind = [sample(6), sample(7), sample(8)];
    for (const e of behind) ch.publish('uplaces.events', e.type, Buffer.from(JSON.stringify(e)), publishOptions(e));
    await ch.waitForConfirms();

    await waitFor(async () => (await effectCount(h.dataSource)) === 1 + behind.length, { what: 'valid messages handled' });
    const badRow = await waitFor(() => deadLetterFor(h.dataSource, invalid.id), { what: 'invalid dead letter' });
    expect(badRow.attempts).toBe(1);
    expect(badRow.error).toMatch(/data\.n/);
    expect((await waitFor(() => deadLetterFor(h.dataSource, notJson.id))).error).toContain('not JSON');
    expect((await waitFor(() => deadLetterFor(h.dataSource, unknown.id))).error).toMatch(/test\.nobody\.knows\.v1/);
    expect(calls.map((c) => c.id)).not.toContain(invalid.id);
  });
});
