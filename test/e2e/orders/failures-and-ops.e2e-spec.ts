import { mintDevToken } from '@app/security';
import { waitFor } from '@app/testing';
import { JWT_SECRET, newOrderNumber, OrdersHarness, type Dispatcher } from './harness';

describe('order-dispatcher: validation failures, history, resend and the ops API', () => {
  const h = new OrdersHarness({ windowMs: 6_000 });
  let d: Dispatcher;
  let auth: Record<string, string>;

  beforeAll(async () => {
    await h.start();
    d = await h.startDispatcher();
    await h.configure();
    auth = { authorization: `Bearer ${await mintDevToken({ tenant: h.tenantId, user: 'admin-1', profile: 'admin', secret: JWT_SECRET })}` };
  }, 60_000);

  afterAll(() => h.stop(), 30_000);

  const api = async (method: string, path: string, headers: Record<string, string> = auth) => {
    const res = await fetch(`${d.url}${path}`, { method, headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('fails an order with an unknown SKU with a readable reason, then resend after the SKU exists sends it once', async () => {
    const n = newOrderNumber('VAL');
    const sku = `NOVO-${n}`;
    const creates = h.calls('pedido.incluir');
    await h.publish(h.orderEvent(n, 'Aprovado', 1, h.snapshot({}, [sku])));
    const failed = await waitFor(() => h.events('dispatch.order.failed.v1', n)[0], { timeoutMs: 15_000, what: 'failed event' });
    expect((failed.data as { reason: string }).reason).toMatch(/Produto não encontrado/);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(h.calls('pedido.incluir') - creates).toBe(1); // no endless retry
    expect(h.tinyOrders(n)).toHaveLength(0);

    const history = await api('GET', `/ops/orders/o-${n}/history`);
    expect(history.status).toBe(200);
    expect((history.body.order as { state: string; failureReason: string }).state).toBe('failed');
    expect((history.body.order as { failureReason: string }).failureReason).toMatch(/O Tiny recusou: .*Produto não encontrado/);
    const kinds = (history.body.history as { kind: string }[]).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['event', 'decision', 'tiny-call', 'outcome']));

    const list = await api('GET', '/ops/orders/failed');
    expect((list.body.items as { orderNumber: string }[]).map((i) => i.orderNumber)).toContain(n);

    h.sandbox.createProduct(h.token, { codigo: sku, nome: 'Produto novo', preco: 10 });
    const resent = await api('POST', `/ops/orders/o-${n}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body.state).toBe('sent');
    expect(h.tinyOrders(n)).toHaveLength(1);
    const again = await api('POST', `/ops/orders/o-${n}/resend`);
    expect(again.status).toBe(409);
    expect(h.tinyOrders(n)).toHaveLength(1);
    await waitFor(() => h.events('dispatch.order.sent.v1', n)[0], { what: 'sent after resend' });
  });

  it('is tenant-scoped and needs a bearer token', async () => {
    expect((await api('GET', '/ops/orders/failed', {})).status).toBe(401);
    const other = { authorization: `Bearer ${await mintDevToken({ tenant: 'someone-else', profile: 'admin', secret: JWT_SECRET })}` };
    const list = await api('GET', '/ops/orders/failed', other);
    expect(list.body.items).toEqual([]);
  });

  it('lists dead letters of the tenant and replays one', async () => {
    // An order event for an integration this service does not know: retried along the ladder, then dead-lettered.
    const n = newOrderNumber('DLQ');
    const e = h.orderEvent(n, 'Aprovado', 1);
    e.integrationId = 'int-unknown';
    await h.publish(e);
    const dl = await waitFor(
      async () => ((await api('GET', '/ops/dead-letters')).body.items as { id: string; messageId: string }[]).find((x) => x.messageId === e.id),
      { timeoutMs: 20_000, intervalMs: 300, what: 'dead letter' },
    );
    const replay = await api('POST', `/ops/dead-letters/${dl.id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.body.replayed).toBe(true);
    const other = { authorization: `Bearer ${await mintDevToken({ tenant: 'someone-else', profile: 'admin', secret: JWT_SECRET })}` };
    expect((await api('POST', `/ops/dead-letters/${dl.id}/replay`, other)).status).toBe(404); // not the caller's: does not exist for them
  });
});
