import { Controller, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { waitFor } from '@app/testing';
import * as amqp from 'amqplib';
import { EventsContext } from '../events-context';
import { UNROUTED } from '../topology';
import { SampleCreatedV1, bootApp, sample, setupHarness, type Harness } from './harness';

const received: { event: unknown; attempt: number; tenant: unknown }[] = [];

@Controller()
class WireController {
  // The explicit <string> picks the overload that allows a typed @Ctx() parameter.
  @EventPattern<string>(SampleCreatedV1.type)
  on(@Payload() event: SampleCreatedV1, @Ctx() ctx: EventsContext) {
    received.push({ event, attempt: ctx.getAttempt(), tenant: ctx.getMessage().properties.headers?.['x-tenant-id'] });
  }
}

describe('wire format', () => {
  let h: Harness;
  let app: INestMicroservice;
  let conn: amqp.ChannelModel;
  let ch: amqp.ConfirmChannel;

  beforeAll(async () => {
    h = await setupHarness();
    ({ app } = await bootApp(h, [WireController]));
    conn = await amqp.connect(h.vhost.url);
    ch = await conn.createConfirmChannel();
  });
  afterAll(async () => {
    await conn?.close();
    await app?.close();
    await h?.close();
  });

  it('delivers a message published with plain amqplib (no Nest envelope) to its @EventPattern handler', async () => {
    const body = {
      id: '5b0c1a8e-3f0e-4a55-9d1c-2a9a4b7c8d10',
      type: SampleCreatedV1.type,
      source: 'uplaces-orders',
      time: '2026-01-02T03:04:05.000Z',
      tenantId: 'tenant-42',
      data: { sku: 'ABC-1', n: 7 },
    };
    ch.publish('uplaces.events', body.type, Buffer.from(JSON.stringify(body)), {
      messageId: body.id,
      type: body.type,
      contentType: 'application/json',
      timestamp: Math.floor(Date.parse(body.time) / 1000),
      persistent: true,
      headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'x-tenant-id': body.tenantId },
    });
    await ch.waitForConfirms();

    const got = await waitFor(() => received.find((r) => (r.event as { id?: string }).id === body.id), { what: 'handler call' });
    expect(got.event).toBeInstanceOf(SampleCreatedV1);
    expect(got.event).toMatchObject(body);
    expect(got.attempt).toBe(1);
    expect(got.tenant).toBe('tenant-42');
  });

  it('keeps an event nobody is bound to in the alternate exchange queue', async () => {
    const event = { ...sample(1), type: 'test.unbound.thing.v1' };
    ch.publish('uplaces.events', event.type, Buffer.from(JSON.stringify(event)), { messageId: event.id, type: event.type });
    await ch.waitForConfirms();
    const kept = await waitFor(() => ch.get(UNROUTED, { noAck: true }), { what: 'unrouted message' });
    expect(kept.properties.messageId).toBe(event.id);
    expect(kept.fields.routingKey).toBe('test.unbound.thing.v1');
    expect(JSON.parse(kept.content.toString())).toMatchObject({ id: event.id });
  });
});
