import { startSandbox, type Sandbox } from '../index';
import { formatDate } from '../quirks/dates';
import type { Json } from '../quirks/envelope';
import { registros, tinyPost } from '../testing/http';

describe('stock: deposits, reserved, produto.atualizar.estoque and the lista.atualizacoes.estoque queue', () => {
  let sb: Sandbox;
  const token = 'stock-token';
  const noQueue = 'stock-no-queue';
  const today = formatDate(Date.now());
  beforeAll(async () => {
    sb = await startSandbox({ accounts: [{ token, planLimit: 600 }, { token: noQueue, realtimeStock: false, products: 5 }] });
  });
  afterAll(() => sb.close());

  it('produto.obter.estoque: saldo counts deposits not flagged desconsiderar; saldoReservado', async () => {
    const p = sb.findProduct(token, 'simple'); // SKU-000001: Geral + Avaria (desconsiderar S), reserved 2
    expect(p.codigo).toBe('SKU-000001');
    const r = (await tinyPost(sb.apiUrl, 'produto.obter.estoque.php', { token, id: p.id })).json.retorno;
    expect(r.status_processamento).toBe('3');
    const prod = r.produto as { saldo: unknown; saldoReservado: unknown; depositos: { deposito: { nome: string; desconsiderar: string; saldo: unknown } }[] };
    const deps = prod.depositos.map((d) => d.deposito);
    expect(deps.some((d) => d.desconsiderar === 'S')).toBe(true);
    const counted = deps.filter((d) => d.desconsiderar === 'N').reduce((a, d) => a + Number(d.saldo), 0);
    expect(Number(prod.saldo)).toBe(counted);
    expect(Number(prod.saldoReservado)).toBe(2);
    // a variation parent sums its variations; some products report saldoReservado null
    const all = sb.listProducts(token, { limit: 1000 });
    expect(all.some((x) => x.saldoReservado === null)).toBe(true);
    const parent = sb.findProduct(token, 'parent');
    const children = all.filter((x) => x.parentId === parent.id);
    expect(parent.saldo).toBe(children.reduce((a, c) => a + c.saldo, 0));
  });

  it('the queue lists changed products and empties on read', async () => {
    const p = sb.findProduct(token, 'simple');
    const none = (await tinyPost(sb.apiUrl, 'lista.atualizacoes.estoque', { token, dataAlteracao: today })).json.retorno;
    expect(none.codigo_erro).toBe(20);
    sb.setStock(token, { product: p.id, saldo: 77, webhook: false });
    const v = sb.findProduct(token, 'variation');
    sb.setStock(token, { product: v.codigo, delta: 1, webhook: false });
    const first = (await tinyPost(sb.apiUrl, 'lista.atualizacoes.estoque.php', { token, dataAlteracao: today })).json.retorno;
    const produtos = (first.produtos as { produto: { id: unknown; codigo: string; saldo: unknown } }[]).map((x) => x.produto);
    const codigos = produtos.map((x) => x.codigo);
    expect(codigos).toEqual(expect.arrayContaining([p.codigo, v.codigo]));
    expect(Number(produtos.find((x) => x.codigo === p.codigo)?.saldo)).toBe(77);
    // KIT-000003 is 2 × SKU-000001: its stock changed too
    expect(codigos).toContain('KIT-000003');
    const second = (await tinyPost(sb.apiUrl, 'lista.atualizacoes.estoque.php', { token, dataAlteracao: today })).json.retorno;
    expect(second.codigo_erro).toBe(20);
    expect(sb.peekStockQueue(token)).toEqual([]);
  });

  it('produto.atualizar.estoque: B sets, E adds, S subtracts; it feeds the queue', async () => {
    const p = sb.findProduct(token, 'simple');
    const post = (tipo: string, quantidade: string): Promise<Record<string, Json>> =>
      tinyPost(sb.apiUrl, 'produto.atualizar.estoque.php', {
        token,
        estoque: { estoque: { idProduto: p.id, tipo, quantidade, deposito: 'Geral', data: '2026-03-15 10:00:00' } },
      }).then((r) => r.json.retorno);
    expect(registros(await post('B', '10'))[0]).toMatchObject({ status: 'OK', registroCriado: true });
    await post('E', '5');
    const r = registros(await post('S', '3'))[0];
    expect(Number(r.saldoEstoque)).toBe(12);
    expect(sb.getProduct(token, p.id).depositos.find((d) => d.nome === 'Geral')?.saldo).toBe(12);
    expect(sb.peekStockQueue(token).map((q) => q.codigo)).toContain(p.codigo);
    const unknown = (
      await tinyPost(sb.apiUrl, 'produto.atualizar.estoque.php', { token, estoque: { estoque: { idProduto: 1, quantidade: '1' } } })
    ).json.retorno;
    expect(unknown.codigo_erro).toBe(32);
  });

  it('without the realtime-stock extension the queue answers code 5', async () => {
    const r = (await tinyPost(sb.apiUrl, 'lista.atualizacoes.estoque', { token: noQueue, dataAlteracao: today })).json.retorno;
    expect(r).toMatchObject({ codigo_erro: 5, status_processamento: 1 });
  });

  it('produtos.pesquisa with idListaPreco applies exceptions and the list percentage', async () => {
    const list = sb.account(token).priceLists[0]; // Atacado, -10%, with fixed-price exceptions
    const exception = sb.account(token).exceptions.find((e) => e.idListaPreco === list.id)!;
    const p = sb.getProduct(token, exception.idProduto);
    const r = (await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: p.codigo, idListaPreco: list.id })).json.retorno;
    const hit = (r.produtos as { produto: { codigo: string; preco: unknown } }[]).find((x) => x.produto.codigo === p.codigo)!;
    expect(Number(hit.produto.preco)).toBeCloseTo(exception.preco);
  });
});
