import { startSandbox, type Sandbox } from './index';
import { read, registros, tinyGet, tinyPost } from './testing/http';

describe('Tiny v2 transport quirks', () => {
  let sb: Sandbox;
  const token = 'quirks-token-000000000000000000000000000000';
  const noApi = 'no-api-token-00000000000000000000000000000';
  beforeAll(async () => {
    sb = await startSandbox({ accounts: [{ token, products: 30 }, { token: noApi, planLimit: 0, products: 1 }] });
  });
  afterAll(() => sb.close());

  it('serves a service with and without .php, by GET (query) and POST (form)', async () => {
    const a = await tinyGet(sb.apiUrl, 'info.php', { token });
    const b = await tinyGet(sb.apiUrl, 'info', { token });
    const c = await tinyPost(sb.apiUrl, 'info.php', { token });
    for (const r of [a, b, c]) {
      expect(r.status).toBe(200);
      expect(r.json.retorno.status).toBe('OK');
    }
    // params split between query and form body
    const res = await fetch(`${sb.apiUrl}/produtos.pesquisa.php?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'formato=json&pesquisa=SKU-000001',
    });
    expect((await read(res)).json.retorno.status).toBe('OK');
  });

  it('answers XML when formato=json is missing', async () => {
    const r = await tinyPost(sb.apiUrl, 'info.php', { token }, { formato: null });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/xml');
    expect(r.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><retorno><status_processamento>3<\/status_processamento><status>OK<\/status>/);
  });

  it('errors are HTTP 200: token missing → 1, unknown → 2 (status_processamento 1), plan without API → 5', async () => {
    const missing = await tinyPost(sb.apiUrl, 'info.php', {});
    expect(missing.status).toBe(200);
    expect(missing.json.retorno).toMatchObject({ status: 'Erro', codigo_erro: 1, status_processamento: 1 });
    const wrong = await tinyPost(sb.apiUrl, 'info.php', { token: 'nope' });
    expect(wrong.json.retorno).toEqual({
      status_processamento: 1,
      status: 'Erro',
      codigo_erro: 2,
      erros: [{ erro: 'token invalido' }],
    });
    const blocked = await tinyPost(sb.apiUrl, 'info.php', { token: noApi });
    expect(blocked.json.retorno).toMatchObject({ status: 'Erro', codigo_erro: 5, status_processamento: 1 });
    expect(sb.getAllCalls().unauthenticated.byResult).toMatchObject({ '1': 1, '2': 1 });
  });

  it('mixes numbers and strings deterministically per field and record', async () => {
    const first = await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '' });
    const again = await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '' });
    expect(again.text).toBe(first.text);
    const produtos = (first.json.retorno.produtos as { produto: Record<string, unknown> }[]).map((p) => p.produto);
    const idTypes = new Set(produtos.map((p) => typeof p.id));
    const precoTypes = new Set(produtos.map((p) => typeof p.preco));
    expect(idTypes).toEqual(new Set(['number', 'string']));
    expect(precoTypes).toEqual(new Set(['number', 'string']));
    for (const p of produtos) if (typeof p.preco === 'string') expect(p.preco).toMatch(/^\d+\.\d{2}$/);
    for (const p of produtos) expect(p.data_criacao).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
  });

  it('pedido.incluir: registros is an object on success and an array on error; dates dd/mm/yyyy', async () => {
    const sku = sb.findProduct(token, 'simple').codigo;
    const good = await tinyPost(sb.apiUrl, 'pedido.incluir.php', {
      token,
      pedido: {
        pedido: {
          data_pedido: '15/03/2026',
          cliente: { nome: 'Cliente Quirks', cidade: 'Curitiba', uf: 'PR' },
          itens: [{ item: { codigo: sku, quantidade: '2', valor_unitario: '10.50' } }],
        },
      },
    });
    expect(Array.isArray(good.json.retorno.registros)).toBe(false);
    expect(good.json.retorno.registros).toMatchObject({ registro: { sequencia: '1', status: 'OK' } });
    const bad = await tinyPost(sb.apiUrl, 'pedido.incluir.php', {
      token,
      pedido: { pedido: { cliente: { nome: '' }, itens: [] } },
    });
    expect(Array.isArray(bad.json.retorno.registros)).toBe(true);
    expect(registros(bad.json.retorno)[0]).toMatchObject({ status: 'Erro', codigo_erro: '31' });
    const id = String(registros(good.json.retorno)[0].id);
    const order = await tinyPost(sb.apiUrl, 'pedido.obter.php', { token, id });
    expect((order.json.retorno.pedido as Record<string, unknown>).data_pedido).toBe('15/03/2026');
  });

  it('situação: codes on writes, descriptions on reads', async () => {
    const order = sb.listOrders(token)[0];
    const changed = await tinyPost(sb.apiUrl, 'pedido.alterar.situacao', { token, id: order.id, situacao: 'preparando_envio' });
    expect(changed.json.retorno).toEqual({ status_processamento: '3', status: 'OK' });
    const read1 = await tinyPost(sb.apiUrl, 'pedido.obter', { token, id: order.id });
    expect((read1.json.retorno.pedido as Record<string, unknown>).situacao).toBe('Preparando envio');
    const search = await tinyPost(sb.apiUrl, 'pedidos.pesquisa.php', { token, situacao: 'preparando_envio' });
    const found = (search.json.retorno.pedidos as { pedido: Record<string, unknown> }[]).map((p) => p.pedido);
    expect(found.every((p) => p.situacao === 'Preparando envio')).toBe(true);
    const invalid = await tinyPost(sb.apiUrl, 'pedido.alterar.situacao', { token, id: order.id, situacao: 'voando' });
    expect(invalid.json.retorno).toMatchObject({ codigo_erro: 31 });
  });

  it('JSON-body service: produto.atualizar.precos takes the token in the query and {precos:[…]} as body', async () => {
    const p = sb.findProduct(token, 'simple');
    const res = await fetch(`${sb.apiUrl}/produto.atualizar.precos.php?token=${token}&formato=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ precos: [{ id: String(p.id), preco: '20.50', preco_promocional: '0' }, { id: '1', preco: '1' }] }),
    });
    const r = (await read(res)).json.retorno;
    expect(r).toMatchObject({ status_processamento: 4, status: 'Parcial' });
    expect(registros(r).map((x) => x.status)).toEqual(['OK', 'Erro']);
    expect(sb.getProduct(token, p.id).preco).toBe(20.5);
    const malformed = await fetch(`${sb.apiUrl}/produto.atualizar.precos.php?token=${token}&formato=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"precos": [',
    });
    expect((await read(malformed)).json.retorno).toMatchObject({ codigo_erro: 3 });
  });

  it('x-limit-api on every answer of a known account; unknown service → HTTP 404', async () => {
    const r = await tinyPost(sb.apiUrl, 'info', { token });
    expect(r.headers.get('x-limit-api')).toBe('60');
    const missing = await tinyPost(sb.apiUrl, 'nao.existe.php', { token });
    expect(missing.status).toBe(404);
  });
});
