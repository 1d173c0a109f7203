import { waitFor } from '@app/testing';
import { newOrderNumber, OrdersHarness } from './harness';

describe('order-dispatcher: Tiny down or blocking', () => {
  const h = new OrdersHarness({ planLimit: 600, windowMs: 3_000 });

  beforeAll(async () => {
    await h.start();
    await h.startDispatcher();
    await h.configure();
  }, 60_000);

  afterAll(() => h.stop(), 30_000);

  const sent = (n: string) => h.events('dispatch.order.sent.v1', n);

  it('orders waiting while Tiny answers 5xx are each sent once after it heals', async () => {
    h.sandbox.addFault(h.token, { kind: 'http5xx', status: 503, durationMs: 3_000 });
    const numbers = Array.from({ length: 20 }, () => newOrderNumber('DOWN'));
    for (const n of numbers) await h.publish(h.orderEvent(n, 'Aprovado', 1));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(numbers.some((n) => h.tinyOrders(n).length > 0)).toBe(false); // nothing got through while down
    await waitFor(() => numbers.every((n) => sent(n).length > 0), { timeoutMs: 40_000, intervalMs: 200, what: 'all sent after healing' });
    await new Promise((r) => setTimeout(r, 500));
    for (const n of numbers) expect(h.tinyOrders(n)).toHaveLength(1);
    for (const n of numbers) expect(sent(n)).toHaveLength(1);
    // Nothing was dead-lettered for good: every order reached Tiny.
    const failed = await h.query(`SELECT 1 FROM dispatch.order_links WHERE state = 'failed'`);
    expect(failed).toHaveLength(0);
  });

  it('a code 6 storm slows sending but loses and duplicates nothing', async () => {
    h.sandbox.addFault(h.token, { kind: 'rateLimited', count: 8 });
    const numbers = Array.from({ length: 20 }, () => newOrderNumber('SIX'));
    for (const n of numbers) await h.publish(h.orderEvent(n, 'Aprovado', 1));
    await waitFor(() => numbers.every((n) => sent(n).length > 0), { timeoutMs: 45_000, intervalMs: 200, what: 'all sent after the storm' });
    await new Promise((r) => setTimeout(r, 500));
    for (const n of numbers) expect(h.tinyOrders(n)).toHaveLength(1);
    expect(h.sandbox.listFaults(h.token).filter((f) => f.kind === 'rateLimited')).toHaveLength(0); // the storm was consumed
  });
});
