import { startSandbox, type Sandbox } from '../index';
import { tinyPost } from '../testing/http';

describe('fault injection per account', () => {
  let sb: Sandbox;
  const token = 'faults-token';
  const other = 'faults-other';
  beforeAll(async () => {
    sb = await startSandbox({ accounts: [{ token, planLimit: 600, products: 5 }, { token: other, products: 1 }] });
  });
  afterAll(() => sb.close());
  afterEach(() => sb.clearFaults(token));

  it('latency delays answers', async () => {
    sb.addFault(token, { kind: 'latency', ms: 250, count: 1 });
    const t0 = Date.now();
    await tinyPost(sb.apiUrl, 'info', { token });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
  });

  it('HTTP 5xx for N calls, then normal; other accounts unaffected', async () => {
    sb.addFault(token, { kind: 'http5xx', status: 502, count: 2 });
    expect((await tinyPost(sb.apiUrl, 'info', { token: other })).status).toBe(200);
    expect((await tinyPost(sb.apiUrl, 'info', { token })).status).toBe(502);
    expect((await tinyPost(sb.apiUrl, 'info', { token })).status).toBe(502);
    const ok = await tinyPost(sb.apiUrl, 'info', { token });
    expect(ok.status).toBe(200);
    expect(sb.getCalls(token).byResult.http502).toBe(2);
  });

  it('HTTP 503 for a duration, restricted to a service', async () => {
    sb.addFault(token, { kind: 'http5xx', durationMs: 300, services: ['produtos.pesquisa'] });
    expect((await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '' })).status).toBe(503);
    expect((await tinyPost(sb.apiUrl, 'info', { token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 350));
    expect((await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '' })).status).toBe(200);
  });

  it('tinyError: answers a Tiny error code for one service and only the listed ids', async () => {
    const [a, b] = sb.account(token).products.filter((p) => p.tipoVariacao !== 'P');
    sb.addFault(token, { kind: 'tinyError', code: 32, services: ['produto.obter.estoque'], ids: [String(a.id)] });
    const stock = async (id: number) => (await tinyPost(sb.apiUrl, 'produto.obter.estoque.php', { token, id: String(id) })).json.retorno;
    expect(await stock(a.id)).toMatchObject({ status: 'Erro', codigo_erro: 32 });
    expect((await stock(b.id)).status).toBe('OK');
    expect((await tinyPost(sb.apiUrl, 'produto.obter.php', { token, id: String(a.id) })).json.retorno.status).toBe('OK');
    expect(sb.getCalls(token).byService['produto.obter.estoque']?.byResult?.['32']).toBe(1);
  });

  it('timeout: never answers until the client gives up', async () => {
    sb.addFault(token, { kind: 'timeout', count: 1 });
    const t0 = Date.now();
    await expect(fetch(`${sb.apiUrl}/info?token=${token}&formato=json`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect((await tinyPost(sb.apiUrl, 'info', { token })).status).toBe(200);
  });

  it('drop: the connection is destroyed', async () => {
    sb.addFault(token, { kind: 'drop', count: 1 });
    await expect(fetch(`${sb.apiUrl}/info?token=${token}&formato=json`)).rejects.toThrow();
    expect(sb.getCalls(token).byResult.drop).toBe(1);
  });

  it('forced code 6 for a duration and maintenance code 99', async () => {
    sb.addFault(token, { kind: 'rateLimited', durationMs: 200 });
    const r = (await tinyPost(sb.apiUrl, 'info', { token })).json.retorno;
    expect(r).toMatchObject({ codigo_erro: 6, status_processamento: 1 });
    await new Promise((res) => setTimeout(res, 250));
    expect((await tinyPost(sb.apiUrl, 'info', { token })).json.retorno.status).toBe('OK');
    sb.addFault(token, { kind: 'maintenance', count: 1 });
    expect((await tinyPost(sb.apiUrl, 'info', { token })).json.retorno.codigo_erro).toBe(99);
  });

  it('createThenTimeout: pedido.incluir creates the order but never answers', async () => {
    sb.addFault(token, { kind: 'createThenTimeout', count: 1 });
    const sku = sb.findProduct(token, 'simple').codigo;
    const pedido = {
      pedido: {
        numero_pedido_ecommerce: 'LOST-1',
        cliente: { nome: 'Cliente Perdido' },
        itens: [{ item: { codigo: sku, quantidade: '1', valor_unitario: '1.00' } }],
      },
    };
    const body = new URLSearchParams({ token, formato: 'json', pedido: JSON.stringify(pedido) }).toString();
    await expect(
      fetch(`${sb.apiUrl}/pedido.incluir.php`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(sb.listOrders(token).map((o) => o.numeroEcommerce)).toContain('LOST-1');
    // other services were not affected, and the fault is consumed
    expect((await tinyPost(sb.apiUrl, 'pedidos.pesquisa.php', { token, numeroEcommerce: 'LOST-1' })).json.retorno.status).toBe('OK');
    expect(sb.listFaults(token)).toEqual([]);
  });
});
