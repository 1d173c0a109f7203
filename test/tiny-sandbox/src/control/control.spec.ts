import { startSandbox, type Sandbox } from '../index';
import { control, registros, tinyPost } from '../testing/http';
import { Receiver } from '../testing/receiver';

describe('control API over HTTP (mirrors the Sandbox methods)', () => {
  let sb: Sandbox;
  let rx: Receiver;
  beforeAll(async () => {
    rx = await new Receiver().start();
    sb = await startSandbox({ webhookTimeScale: 0.0001 });
  });
  afterAll(async () => {
    await sb.close();
    await rx.close();
  });

  it('creates, reads, patches, resets and deletes accounts', async () => {
    const created = await control<{ token: string; concurrencyLimit: number; counts: { products: number } }>(sb.url, 'POST', '/accounts', {
      token: 'ctl-a',
      planLimit: 120,
      products: 40,
      seed: 7,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ token: 'ctl-a', concurrencyLimit: 30, counts: { products: 40 } });
    expect((await tinyPost(sb.apiUrl, 'info', { token: 'ctl-a' })).headers.get('x-limit-api')).toBe('120');
    const patched = await control<{ planLimit: number; concurrencyLimit: number }>(sb.url, 'PATCH', '/accounts/ctl-a', { planLimit: 30 });
    expect(patched.body).toMatchObject({ planLimit: 30, concurrencyLimit: 7 });
    await control(sb.url, 'POST', '/accounts/ctl-a/products', { codigo: 'CTL-NEW', nome: 'Novo', preco: 3 });
    expect((await control<{ codigo: string }>(sb.url, 'GET', '/accounts/ctl-a/products/CTL-NEW')).body.codigo).toBe('CTL-NEW');
    const reset = await control<{ counts: { products: number }; planLimit: number }>(sb.url, 'POST', '/accounts/ctl-a/reset');
    expect(reset.body).toMatchObject({ planLimit: 30, counts: { products: 40 } });
    expect((await control(sb.url, 'GET', '/accounts/ctl-a/products/CTL-NEW')).status).toBe(404);
    expect((await control(sb.url, 'DELETE', '/accounts/ctl-a')).status).toBe(204);
    expect((await tinyPost(sb.apiUrl, 'info', { token: 'ctl-a' })).json.retorno.codigo_erro).toBe(2);
    expect((await control(sb.url, 'POST', '/accounts', { planLimit: 1 })).status).toBe(400);
  });

  it('faults, call counts, orders, contacts and Tiny-side changes with webhooks', async () => {
    const token = 'ctl-b';
    await control(sb.url, 'POST', '/accounts', { token, products: 10 });
    await control(sb.url, 'PUT', `/accounts/${token}/webhooks`, { urls: { situacao_pedido: `${rx.url}/s`, estoque: `${rx.url}/e` } });

    expect((await control(sb.url, 'POST', `/accounts/${token}/faults`, { kind: 'http5xx', count: 1 })).status).toBe(201);
    expect((await control(sb.url, 'POST', `/accounts/${token}/faults`, { kind: 'bogus' })).status).toBe(400);
    expect((await tinyPost(sb.apiUrl, 'info', { token })).status).toBe(503);
    await tinyPost(sb.apiUrl, 'info', { token });
    const calls = await control<{ total: number; byService: Record<string, { byResult: Record<string, number> }> }>(sb.url, 'GET', `/accounts/${token}/calls`);
    expect(calls.body.total).toBe(2);
    expect(calls.body.byService.info.byResult).toEqual({ http503: 1, OK: 1 });

    const simple = (await control<{ codigo: string; id: number }>(sb.url, 'GET', `/accounts/${token}/products/find/simple`)).body;
    const r = await tinyPost(sb.apiUrl, 'pedido.incluir.php', {
      token,
      pedido: { pedido: { numero_pedido_ecommerce: 'CTL-1', cliente: { nome: 'Cliente Controle' }, itens: [{ item: { codigo: simple.codigo, quantidade: '1', valor_unitario: '2' } }] } },
    });
    const id = Number(registros(r.json.retorno)[0].id);
    const orders = await control<{ id: number; payload: unknown }[]>(sb.url, 'GET', `/accounts/${token}/orders`);
    expect(orders.body.map((o) => o.id)).toEqual([id]);
    expect((await control<unknown[]>(sb.url, 'GET', `/accounts/${token}/orders?all=true`)).body.length).toBeGreaterThan(1);
    expect((await control<{ nome: string }[]>(sb.url, 'GET', `/accounts/${token}/contacts`)).body.map((c) => c.nome)).toEqual(['Cliente Controle']);

    const changed = await control<{ situacao: string }>(sb.url, 'POST', `/accounts/${token}/orders/${id}/situacao`, { situacao: 'Enviado' });
    expect(changed.body.situacao).toBe('enviado');
    const stock = await control<{ saldo: number }>(sb.url, 'POST', `/accounts/${token}/stock`, { product: simple.codigo, saldo: 5, webhook: false });
    expect(stock.body.saldo).toBe(5);
    await control(sb.url, 'POST', '/webhooks/wait?timeoutMs=5000');
    const deliveries = await control<{ tipo: string; state: string }[]>(sb.url, 'GET', `/accounts/${token}/webhooks/deliveries`);
    expect(deliveries.body.map((d) => [d.tipo, d.state])).toEqual([['situacao_pedido', 'delivered']]);
    const queue = await control<{ codigo: string }[]>(sb.url, 'GET', `/accounts/${token}/stock-queue`);
    expect(queue.body.map((q) => q.codigo)).toContain(simple.codigo);
    expect((await control(sb.url, 'GET', `/accounts/${token}/orders/1`)).status).toBe(404);
  });
});
