import { createServer, type Server } from 'node:http';
import { waitFor } from '@app/testing';
import { gatewayEvent, newOrderNumber, OrdersHarness } from './harness';

describe('order-dispatcher: invoice, tracking and Tiny-side status back to Uplaces', () => {
  const h = new OrdersHarness({ windowMs: 6_000 });
  let seq = 0;
  let n: string;
  let tinyId: number;
  // Stands in for the gateway's endpoint: keeps what the sandbox POSTs.
  const posted: Record<string, unknown>[] = [];
  let capture: Server;

  beforeAll(async () => {
    await h.start();
    capture = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        posted.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => capture.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(capture.address() as { port: number }).port}/hook`;
    h.sandbox.configureWebhooks(h.token, { urls: { nota_fiscal: url, rastreio: url, situacao_pedido: url } });
    await h.startDispatcher();
    await h.configure();
    n = newOrderNumber('NEWS');
    await h.publish(h.orderEvent(n, 'Aprovado', 1));
    await waitFor(() => h.events('dispatch.order.sent.v1', n)[0], { timeoutMs: 15_000, what: 'sent' });
    tinyId = h.tinyOrders(n)[0].id;
  }, 60_000);

  afterAll(async () => {
    capture?.close();
    await h.stop();
  }, 30_000);

  const seen = (tipo: string) => posted.filter((p) => p.tipo === tipo);
  /** Runs `trigger` and returns the webhook the sandbox POSTs because of it. */
  const webhookOf = async (tipo: string, trigger: () => unknown) => {
    const k = seen(tipo).length;
    trigger();
    return waitFor(() => seen(tipo)[k], { what: `${tipo} webhook` });
  };

  it('publishes dispatch.order.invoiced.v1 with NF number, series, key and DANFE link (once, even when Tiny resends)', async () => {
    let invoice!: { numero: string; serie: string; chaveAcesso: string };
    const payload = await webhookOf('nota_fiscal', () => ({ invoice } = h.sandbox.emitInvoice(h.token, tinyId, { setStatus: false })));
    await h.publish(gatewayEvent(h, payload, ++seq));
    await h.publish(gatewayEvent(h, payload, ++seq)); // Tiny resent it
    const ev = await waitFor(() => h.events('dispatch.order.invoiced.v1', n)[0], { what: 'invoiced' });
    const data = ev.data as { orderId: string; tinyOrderId: string; invoice: { number: string; series: string; accessKey: string; danfeUrl: string } };
    expect(data.orderId).toBe(`o-${n}`);
    expect(data.tinyOrderId).toBe(String(tinyId));
    expect(data.invoice.number).toBe(String(invoice.numero));
    expect(data.invoice.series).toBe(String(invoice.serie));
    expect(data.invoice.accessKey).toBe(invoice.chaveAcesso);
    expect(data.invoice.danfeUrl).toMatch(/^https:\/\//);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.events('dispatch.order.invoiced.v1', n)).toHaveLength(1);
  });

  it('publishes dispatch.order.tracking-updated.v1', async () => {
    const payload = await webhookOf('rastreio', () => h.sandbox.emitTracking(h.token, tinyId, { codigoRastreio: 'AA123456789BR', transportadora: 'Correios' }));
    await h.publish(gatewayEvent(h, payload, ++seq));
    const ev = await waitFor(() => h.events('dispatch.order.tracking-updated.v1', n)[0], { what: 'tracking' });
    expect(ev.data).toMatchObject({ orderId: `o-${n}`, trackingCode: 'AA123456789BR', carrier: 'Correios' });
  });

  it('publishes a Tiny-side status change with its Uplaces status, but not the echo of what the dispatcher set', async () => {
    // Uplaces moves the order on; the dispatcher sets "enviado" in Tiny; Tiny notifies it back: an echo.
    await h.publish(h.orderEvent(n, 'Em transporte', 2));
    await waitFor(() => h.tinyOrders(n)[0].situacao === 'enviado', { what: 'enviado in Tiny' });
    await h.publish(gatewayEvent(h, await webhookOf('situacao_pedido', () => h.sandbox.setOrderStatus(h.token, tinyId, 'enviado')), ++seq));
    await waitFor(
      async () => (await h.query<{ n: string }>(`SELECT count(*) AS n FROM dispatch.order_history WHERE order_id = $1 AND summary LIKE '%eco%'`, [`o-${n}`]))[0].n === '1',
      { what: 'echo recorded' },
    );

    // Someone changes it in Tiny: that is news.
    await h.publish(gatewayEvent(h, await webhookOf('situacao_pedido', () => h.sandbox.setOrderStatus(h.token, tinyId, 'entregue')), ++seq));
    const ev = await waitFor(() => h.events('dispatch.order.tiny-status-changed.v1', n)[0], { what: 'tiny status' });
    expect(ev.data).toMatchObject({ orderId: `o-${n}`, tinySituacao: 'entregue', uplacesStatus: 'Entregue' });

    // Uplaces follows with its own status change: Tiny is already there, so no call and no ping-pong.
    const calls = h.calls('pedido.alterar.situacao');
    await h.publish(h.orderEvent(n, 'Entregue', 3));
    await waitFor(
      async () => (await h.query(`SELECT 1 FROM dispatch.order_history WHERE order_id = $1 AND summary LIKE '%Tiny já está em entregue%'`, [`o-${n}`])).length === 1,
      { what: 'no-op recorded' },
    );
    expect(h.calls('pedido.alterar.situacao')).toBe(calls);
    expect(h.events('dispatch.order.tiny-status-changed.v1', n)).toHaveLength(1);
  });
});
