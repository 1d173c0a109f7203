import { createEvent, OrderStatusChangedV1 } from '@app/contracts';
import { waitFor } from '@app/testing';
import { newOrderNumber, OrdersHarness } from './harness';

describe('order-dispatcher: exactly one Tiny order per Uplaces order', () => {
  const h = new OrdersHarness({ windowMs: 6_000 });

  beforeAll(async () => {
    await h.start();
  }, 60_000);

  afterAll(() => h.stop(), 30_000);

  const sentEvents = (n: string) => h.events('dispatch.order.sent.v1', n);

  it('sends an order to Tiny once even when the same event is delivered three times', async () => {
    const d = await h.startDispatcher();
    await h.configure();
    const n = newOrderNumber();
    const event = h.orderEvent(n, 'Aprovado', 2);
    const creates = h.calls('pedido.incluir');
    await Promise.all([h.publish(event), h.publish(event), h.publish(event)]);
    // And a second copy of the same change under another message id.
    await h.publish(createEvent(OrderStatusChangedV1, { source: 'uplaces.orders', tenantId: h.tenantId, integrationId: h.integrationId, data: event.data }));
    await waitFor(() => sentEvents(n).length > 0, { timeoutMs: 15_000, what: 'sent' });
    await new Promise((r) => setTimeout(r, 800));
    expect(h.tinyOrders(n)).toHaveLength(1);
    expect(h.calls('pedido.incluir') - creates).toBe(1);
    expect(h.calls('pedidos.pesquisa')).toBe(0); // common path: no pre-search
    expect(sentEvents(n)).toHaveLength(1);
    void d;
  });

  it('two dispatcher processes consuming together make one Tiny order per order', async () => {
    await h.startDispatcher(); // joins the one started above
    const numbers = Array.from({ length: 40 }, () => newOrderNumber('DUO'));
    const events = numbers.flatMap((n) => {
      const e = h.orderEvent(n, 'Aprovado', 2);
      const copy = createEvent(OrderStatusChangedV1, { source: 'uplaces.orders', tenantId: h.tenantId, integrationId: h.integrationId, data: e.data });
      return [e, copy, e];
    });
    await Promise.all(events.map((e) => h.publish(e)));
    await waitFor(() => numbers.every((n) => sentEvents(n).length > 0), { timeoutMs: 30_000, what: 'all sent' });
    await new Promise((r) => setTimeout(r, 800));
    for (const n of numbers) expect(h.tinyOrders(n)).toHaveLength(1);
    for (const n of numbers) expect(sentEvents(n)).toHaveLength(1);
    expect(h.dispatchers).toHaveLength(2);
    await Promise.all(h.dispatchers.map((d) => h.stopDispatcher(d, 'SIGKILL')));
  });

  it('a process killed after Tiny created the order but before the commit does not make a second one', async () => {
    const n = newOrderNumber('KILL');
    const doomed = await h.startDispatcher({ DISPATCH_TEST_CRASH_AFTER_CREATE: n });
    await h.publish(h.orderEvent(n, 'Aprovado', 2));
    const exit = await doomed.node.exited;
    h.dispatchers = h.dispatchers.filter((x) => x !== doomed);
    expect(exit.signal).toBe('SIGKILL');
    expect(h.tinyOrders(n)).toHaveLength(1);
    expect((await h.link(`o-${n}`))?.state).toBe('pending'); // the crash happened before the commit

    const searches = h.calls('pedidos.pesquisa');
    const d = await h.startDispatcher();
    await waitFor(() => sentEvents(n).length > 0, { timeoutMs: 20_000, what: 'recovered' });
    expect(h.tinyOrders(n)).toHaveLength(1);
    expect((sentEvents(n)[0].data as { recovered: boolean }).recovered).toBe(true);
    expect(h.calls('pedidos.pesquisa')).toBeGreaterThan(searches);
    expect((await h.link(`o-${n}`))?.tiny_order_id).toBe(String(h.tinyOrders(n)[0].id));
    void d; // kept for the next test
  });

  it('Tiny timing out after creating the order (create then time out) leaves one order', async () => {
    const n = newOrderNumber('TMO');
    h.sandbox.addFault(h.token, { kind: 'createThenTimeout', count: 1 });
    await h.publish(h.orderEvent(n, 'Aprovado', 2));
    await waitFor(() => sentEvents(n).length > 0, { timeoutMs: 20_000, what: 'sent after timeout' });
    await new Promise((r) => setTimeout(r, 500));
    expect(h.tinyOrders(n)).toHaveLength(1);
    expect((sentEvents(n)[0].data as { recovered: boolean }).recovered).toBe(true);
    const link = await h.link(`o-${n}`);
    expect(link?.create_attempts).toBe(1);
  });
});
