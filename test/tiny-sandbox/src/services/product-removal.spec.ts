import { startSandbox, type Sandbox } from '../index';
import { control, tinyPost } from '../testing/http';

type Row = { produto: { id: unknown; codigo: string; situacao: string } };
const codigos = (r: Record<string, unknown>): string[] => ((r.produtos ?? []) as Row[]).map((p) => p.produto.codigo);

// tiny-api.md §2.2: produtos.pesquisa lists A + I by default and E (excluído) only with situacao=E;
// §1.2: a record that does not exist answers 32 ("Registro não localizado") on produto.obter.
describe('excluded and deleted products', () => {
  let sb: Sandbox;
  const token = 'removal-token';
  beforeAll(async () => {
    sb = await startSandbox({ accounts: [{ token, products: 40, planLimit: 1000, seed: 5 }] });
  });
  afterAll(() => sb.close());

  it('an excluded product (situacao E) leaves the default search, is listed with situacao=E and still reads with its situacao', async () => {
    const p = sb.findProduct(token, 'simple');
    const set = await control<{ id: number; situacao: string }[]>(sb.url, 'POST', `/accounts/${token}/products/${p.codigo}/situacao`, { situacao: 'E' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual([expect.objectContaining({ id: p.id, situacao: 'E' })]);

    const all = (await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '' })).json.retorno;
    expect(codigos(all)).not.toContain(p.codigo);
    const excluded = (await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '', situacao: 'E' })).json.retorno;
    expect(codigos(excluded)).toEqual([p.codigo]);
    const obter = (await tinyPost(sb.apiUrl, 'produto.obter.php', { token, id: p.id })).json.retorno;
    expect((obter.produto as { situacao: string }).situacao).toBe('E');

    await control(sb.url, 'POST', `/accounts/${token}/products/${p.id}/situacao`, { situacao: 'A' });
    const back = (await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '' })).json.retorno;
    expect(codigos(back)).toContain(p.codigo);
    expect((await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '', situacao: 'E' })).json.retorno.codigo_erro).toBe(20);
    expect((await control(sb.url, 'POST', `/accounts/${token}/products/${p.id}/situacao`, { situacao: 'X' })).status).toBe(400);
  });

  it('excluding a parent excludes its variations', () => {
    const parent = sb.findProduct(token, 'parent');
    const changed = sb.setProductSituacao(token, parent.id, 'E');
    expect(changed.map((r) => r.id).sort()).toEqual([parent.id, ...parent.variationIds].sort());
    expect(changed.every((r) => r.situacao === 'E')).toBe(true);
  });

  it('a deleted product answers 32 on produto.obter and produto.obter.estoque and is in no search', async () => {
    const p = sb.findProduct(token, 'simple');
    const del = await control<{ deleted: number[] }>(sb.url, 'DELETE', `/accounts/${token}/products/${p.id}`);
    expect(del.body.deleted).toEqual([p.id]);
    for (const service of ['produto.obter.php', 'produto.obter.estoque.php']) {
      const r = (await tinyPost(sb.apiUrl, service, { token, id: p.id })).json.retorno;
      expect(r).toMatchObject({ status: 'Erro', codigo_erro: 32 });
    }
    for (const situacao of ['', 'A', 'E']) {
      const r = (await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '', ...(situacao ? { situacao } : {}) })).json.retorno;
      expect(codigos(r)).not.toContain(p.codigo);
    }
    expect((await control(sb.url, 'GET', `/accounts/${token}/products/${p.id}`)).status).toBe(404);
  });
});
