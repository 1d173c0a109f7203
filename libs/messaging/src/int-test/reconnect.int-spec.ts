import { Controller, Inject, type INestMicroservice } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { closeBrokerConnections, countBrokerConnections, waitFor } from '@app/testing';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { DataSource } from 'typeorm';
import { Inbox } from '../inbox';
import { OutboxPublisher } from '../outbox-publisher';
import { SCHEMA, SampleCreatedV1, bootApp, effectCount, sample, setupHarness, type Harness } from './harness';

const deliveries = new Map<string, number>();

@Controller()
class CountingController {
  constructor(
    @Inject('DATA_SOURCE') private readonly ds: DataSource,
    private readonly inbox: Inbox,
  ) {}

  @EventPattern(SampleCreatedV1.type)
  async on(@Payload() event: SampleCreatedV1) {
    deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1);
    await this.ds.transaction(async (m) => {
      if (!(await this.inbox.claim(m, 'counting', event.id))) return;
      await m.query(`INSERT INTO "${SCHEMA}"."effects" (message_id, sku) VALUES ($1, $2)`, [event.id, event.data.sku]);
    });
  }
}

describe('broker connection loss', () => {
  let h: Harness;
  let app: INestMicroservice;
  let consumerDisconnects = 0;

  beforeAll(async () => {
    h = await setupHarness();
    const booted = await bootApp(h, [CountingController], { server: { retryDelaysMs: [50, 100, 200] } });
    app = booted.app;
    booted.server.unwrap<AmqpConnectionManager>().on('disconnect', () => consumerDisconnects++);
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('resumes publishing and consuming after the broker closes the connections, losing no committed event', async () => {
    const outbox = app.get(OutboxPublisher);
    const total = 500;
    const ids: string[] = [];
    let committing = true;
    const producer = (async () => {
      for (let i = 0; i < total; i += 10) {
        const batch = Array.from({ length: 10 }, (_, k) => sample(i + k));
        ids.push(...batch.map((e) => e.id));
        await h.dataSource.transaction((m) => outbox.add(m, ...batch));
        await new Promise((r) => setTimeout(r, 8));
      }
      committing = false;
    })();

    let closes = 0;
    while (committing || closes < 2) {
      await new Promise((r) => setTimeout(r, 250));
      await closeBrokerConnections(h.vhost.vhost, 'test: broker-side close');
      closes++;
    }
    await producer;

    await waitFor(async () => (await effectCount(h.dataSource)) === total, { timeoutMs: 20_000, what: `${total} effects` });
    expect(closes).toBeGreaterThanOrEqual(2);
    expect(consumerDisconnects).toBeGreaterThanOrEqual(2);
    expect(ids.every((id) => (deliveries.get(id) ?? 0) >= 1)).toBe(true);
    const [{ unpublished }]: { unpublished: string }[] = await h.dataSource.query(
      `SELECT count(*) AS unpublished FROM "${SCHEMA}"."outbox" WHERE published_at IS NULL`,
    );
    expect(Number(unpublished)).toBe(0);
    const [{ count }]: { count: string }[] = await h.dataSource.query(`SELECT count(*) FROM "${SCHEMA}"."inbox"`);
    expect(Number(count)).toBe(total);
    await waitFor(async () => (await countBrokerConnections(h.vhost.vhost)) === 2, { what: 'both connections back' });
  });
});
