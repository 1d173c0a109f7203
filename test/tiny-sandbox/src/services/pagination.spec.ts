import { startSandbox, type Sandbox } from '../index';
import { tinyPost } from '../testing/http';

describe('searches: 100 per page, code 20 when empty, code 23 past the last page', () => {
  let sb: Sandbox;
  const token = 'paging-token';
  beforeAll(async () => {
    sb = await startSandbox({ accounts: [{ token, products: 1000, planLimit: 1000 }] });
  });
  afterAll(() => sb.close());

  it('pages 1000 products into 10 pages of 100 and answers 23 for page 11', async () => {
    const seen = new Set<string>();
    for (let pagina = 1; pagina <= 10; pagina++) {
      const r = (await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '', pagina })).json.retorno;
      expect(Number(r.numero_paginas)).toBe(10);
      expect(Number(r.pagina)).toBe(pagina);
      const produtos = r.produtos as { produto: { codigo: string } }[];
      expect(produtos).toHaveLength(100);
      for (const p of produtos) seen.add(p.produto.codigo);
    }
    expect(seen.size).toBe(1000); // SKUs are unique per account
    const past = (await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '', pagina: 11 })).json.retorno;
    expect(past).toMatchObject({ status: 'Erro', codigo_erro: 23, status_processamento: 2 });
  });

  it('answers 20 for a search without hits', async () => {
    const r = (await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: 'zzz-nada-zzz' })).json.retorno;
    expect(r).toEqual({
      status_processamento: 2,
      status: 'Erro',
      codigo_erro: 20,
      erros: [{ erro: 'A Consulta não retornou registros' }],
    });
    const orders = (await tinyPost(sb.apiUrl, 'pedidos.pesquisa.php', { token, numeroEcommerce: 'NAO-EXISTE' })).json.retorno;
    expect(orders.codigo_erro).toBe(20);
    const contacts = (await tinyPost(sb.apiUrl, 'contatos.pesquisa.php', { token, pesquisa: 'ninguem-com-esse-nome' })).json.retorno;
    expect(contacts.codigo_erro).toBe(20);
  });

  it('finds a product by exact SKU among fuzzy matches, and filters by situacao', async () => {
    const r = (await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: 'SKU-000001' })).json.retorno;
    const codigos = (r.produtos as { produto: { codigo: string } }[]).map((p) => p.produto.codigo);
    expect(codigos).toContain('SKU-000001');
    const inactive = (await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '', situacao: 'I' })).json.retorno;
    const situacoes = (inactive.produtos as { produto: { situacao: string } }[]).map((p) => p.produto.situacao);
    expect(situacoes.length).toBeGreaterThan(0);
    expect(new Set(situacoes)).toEqual(new Set(['I']));
  });
});
