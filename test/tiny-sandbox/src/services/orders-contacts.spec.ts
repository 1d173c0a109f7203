import { startSandbox, type Sandbox } from '../index';
import { registros, tinyPost } from '../testing/http';

interface Ret {
  retorno: Record<string, unknown>;
}

describe('orders and contacts: validation (31), not found (32), duplicates (30), batches (22, 9)', () => {
  let sb: Sandbox;
  const token = 'orders-token';
  const dupToken = 'orders-dup-token';
  let sku: string;
  const order = (numero: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    pedido: {
      numero_pedido_ecommerce: numero,
      id_ecommerce: 54321,
      ecommerce: 'Uplaces',
      situacao: 'aprovado',
      cliente: { nome: 'Mercado Bom Preco Ltda', cpf_cnpj: '12.345.678/0001-95', cidade: 'São Paulo', uf: 'SP' },
      itens: [{ item: { codigo: sku, quantidade: '3', valor_unitario: '10.00' } }],
      ...extra,
    },
  });
  beforeAll(async () => {
    sb = await startSandbox({
      accounts: [
        { token, planLimit: 600 },
        { token: dupToken, planLimit: 600, detectDuplicateOrders: true },
      ],
    });
    sku = sb.findProduct(token, 'simple').codigo;
  });
  afterAll(() => sb.close());

  it('creates an order, stores the full payload and finds it by numeroEcommerce', async () => {
    const r = (await tinyPost(sb.apiUrl, 'pedido.incluir.php', { token, pedido: order('UPL-1') })).json.retorno;
    const reg = registros(r)[0];
    expect(reg.status).toBe('OK');
    const created = sb.listOrders(token);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ numeroEcommerce: 'UPL-1', idEcommerce: 54321, situacao: 'aprovado', totalPedido: 30 });
    expect(created[0].payload).toEqual(order('UPL-1').pedido);
    const search = (await tinyPost(sb.apiUrl, 'pedidos.pesquisa.php', { token, numeroEcommerce: 'UPL-1' })).json.retorno;
    expect((search.pedidos as { pedido: { id: unknown; situacao: string } }[])[0].pedido).toMatchObject({ situacao: 'Aprovado' });
    const got = (await tinyPost(sb.apiUrl, 'pedido.obter.php', { token, id: String(reg.id) })).json.retorno;
    const pedido = got.pedido as Record<string, unknown>;
    expect(pedido.ecommerce).toMatchObject({ numeroPedidoEcommerce: 'UPL-1', nomeEcommerce: 'Uplaces' });
    expect((pedido.itens as { item: { codigo: string } }[])[0].item.codigo).toBe(sku);
    // the client became a contact
    expect(sb.listContacts(token).map((c) => c.nome)).toContain('Mercado Bom Preco Ltda');
  });

  it('answers 31 with Tiny messages: unknown SKU, missing client name, city not in the table', async () => {
    const r = (
      await tinyPost(sb.apiUrl, 'pedido.incluir.php', {
        token,
        pedido: order('UPL-BAD', {
          cliente: { nome: '', cidade: 'Cidade Inventada', uf: 'SP' },
          itens: [{ item: { codigo: 'NAO-EXISTE-123', quantidade: '1', valor_unitario: '1.00' } }],
        }),
      })
    ).json.retorno;
    expect(r).toMatchObject({ status: 'Erro', status_processamento: 2 });
    const reg = registros(r)[0];
    expect(reg.codigo_erro).toBe('31');
    const msgs = (reg.erros as { erro: string }[]).map((e) => e.erro);
    expect(msgs).toEqual(
      expect.arrayContaining([
        'O nome do cliente deve ser informado',
        'Cidade não encontrada',
        'Produto não encontrado: NAO-EXISTE-123',
      ]),
    );
    expect(sb.listOrders(token).some((o) => o.numeroEcommerce === 'UPL-BAD')).toBe(false);
  });

  it('a product created through the control API makes a previously unknown SKU valid', async () => {
    const body = order('UPL-NEW', { itens: [{ item: { codigo: 'NOVO-SKU-1', quantidade: '1', valor_unitario: '5.00' } }] });
    const before = (await tinyPost(sb.apiUrl, 'pedido.incluir.php', { token, pedido: body })).json.retorno;
    expect(registros(before)[0].codigo_erro).toBe('31');
    sb.createProduct(token, { codigo: 'NOVO-SKU-1', nome: 'Produto Novo', preco: 5, saldo: 10 });
    const after = (await tinyPost(sb.apiUrl, 'pedido.incluir.php', { token, pedido: body })).json.retorno;
    expect(registros(after)[0].status).toBe('OK');
  });

  it('pedido.obter / pedido.alterar.situacao with an unknown id → 32', async () => {
    const r = (await tinyPost(sb.apiUrl, 'pedido.obter.php', { token, id: '1' })).json.retorno;
    expect(r).toEqual({ status_processamento: 2, status: 'Erro', codigo_erro: 32, erros: [{ erro: 'Pedido não localizado' }] });
    const s = (await tinyPost(sb.apiUrl, 'pedido.alterar.situacao', { token, id: '1', situacao: 'aprovado' })).json.retorno;
    expect(s.codigo_erro).toBe(32);
  });

  it('duplicate detection is off by default and answers 30 (registros array) when on', async () => {
    await tinyPost(sb.apiUrl, 'pedido.incluir.php', { token, pedido: order('UPL-TWICE') });
    const again = (await tinyPost(sb.apiUrl, 'pedido.incluir.php', { token, pedido: order('UPL-TWICE') })).json.retorno;
    expect(registros(again)[0].status).toBe('OK');
    expect(sb.listOrders(token).filter((o) => o.numeroEcommerce === 'UPL-TWICE')).toHaveLength(2);

    await tinyPost(sb.apiUrl, 'pedido.incluir.php', { token: dupToken, pedido: order('UPL-TWICE') });
    const dup = (await tinyPost(sb.apiUrl, 'pedido.incluir.php', { token: dupToken, pedido: order('UPL-TWICE') })) as { json: Ret };
    expect(dup.json.retorno).toEqual({
      status_processamento: 2,
      status: 'Erro',
      registros: [{ registro: { sequencia: '1', status: 'Erro', codigo_erro: '30', erros: [{ erro: 'Registro em duplicidade' }] } }],
    });
    // another id_ecommerce is another order
    const other = (await tinyPost(sb.apiUrl, 'pedido.incluir.php', { token: dupToken, pedido: order('UPL-TWICE', { id_ecommerce: 1 }) }))
      .json.retorno;
    expect(registros(other)[0].status).toBe('OK');
    // toggled off at runtime
    sb.updateAccount(dupToken, { detectDuplicateOrders: false });
    const off = (await tinyPost(sb.apiUrl, 'pedido.incluir.php', { token: dupToken, pedido: order('UPL-TWICE') })).json.retorno;
    expect(registros(off)[0].status).toBe('OK');
  });

  it('contato.incluir: OK records, validation per record (31), batch over 20 → 22, repeated sequencia → 9', async () => {
    const ok = (
      await tinyPost(sb.apiUrl, 'contato.incluir.php', {
        token,
        contato: {
          contatos: [
            { contato: { sequencia: '1', nome: 'Padaria Pão & Café', situacao: 'A', cidade: 'Recife', uf: 'PE', tipo_pessoa: 'J' } },
            { contato: { sequencia: '2', nome: '', situacao: '' } },
          ],
        },
      })
    ).json.retorno;
    expect(ok).toMatchObject({ status: 'Parcial', status_processamento: 4 });
    const [first, second] = registros(ok);
    expect(first).toMatchObject({ sequencia: '1', status: 'OK' });
    expect(second).toMatchObject({ sequencia: '2', status: 'Erro', codigo_erro: '31' });
    expect((second.erros as { erro: string }[]).map((e) => e.erro)).toEqual([
      'O nome do contato deve ser informado',
      'A situação do contato deve ser informada',
    ]);
    const id = String(first.id);
    const got = (await tinyPost(sb.apiUrl, 'contato.obter.php', { token, id })).json.retorno;
    expect((got.contato as { nome: string }).nome).toBe('Padaria Pão & Café');
    const altered = (
      await tinyPost(sb.apiUrl, 'contato.alterar.php', { token, contato: { contatos: [{ contato: { sequencia: '1', id, nome: 'Padaria Nova' } }] } })
    ).json.retorno;
    expect(altered.status).toBe('OK');
    expect(sb.listContacts(token).find((c) => String(c.id) === id)?.nome).toBe('Padaria Nova');

    const many = Array.from({ length: 21 }, (_, i) => ({ contato: { sequencia: String(i + 1), nome: `C${i}`, situacao: 'A' } }));
    const tooMany = (await tinyPost(sb.apiUrl, 'contato.incluir.php', { token, contato: { contatos: many } })).json.retorno;
    expect(tooMany).toMatchObject({ codigo_erro: 22, status: 'Erro' });
    const repeated = (
      await tinyPost(sb.apiUrl, 'contato.incluir.php', {
        token,
        contato: { contatos: [{ contato: { sequencia: '1', nome: 'A', situacao: 'A' } }, { contato: { sequencia: '1', nome: 'B', situacao: 'A' } }] },
      })
    ).json.retorno;
    expect(repeated.codigo_erro).toBe(9);
    const notFound = (await tinyPost(sb.apiUrl, 'contato.obter.php', { token, id: '42' })).json.retorno;
    expect(notFound.codigo_erro).toBe(32);
  });

  it('sellers, price lists and exceptions, invoices', async () => {
    const sellers = (await tinyPost(sb.apiUrl, 'vendedores.pesquisa.php', { token, pesquisa: 'Ana' })).json.retorno;
    expect((sellers.vendedores as { vendedor: { nome: string } }[]).map((v) => v.vendedor.nome)).toEqual(['Ana Souza']);
    const lists = (await tinyPost(sb.apiUrl, 'listas.precos.pesquisa.php', { token })).json.retorno;
    const regs = registros(lists);
    expect(regs.map((l) => l.descricao)).toEqual(['Atacado', 'Varejo Premium', 'Revenda']);
    const exc = (await tinyPost(sb.apiUrl, 'listas.precos.excecoes.php', { token, idListaPreco: String(regs[0].id) })).json.retorno;
    expect(registros(exc).length).toBeGreaterThan(0);
    const o = sb.listOrders(token)[0];
    sb.emitInvoice(token, o.id, { webhook: false });
    const nfs = (await tinyPost(sb.apiUrl, 'notas.fiscais.pesquisa.php', { token, numeroEcommerce: o.numeroEcommerce })).json.retorno;
    const nf = (nfs.notas_fiscais as { nota_fiscal: Record<string, unknown> }[])[0].nota_fiscal;
    expect(nf).toMatchObject({ numero_ecommerce: o.numeroEcommerce, descricao_situacao: 'Autorizada' });
    expect(String(nf.chave_acesso)).toHaveLength(44);
  });
});
