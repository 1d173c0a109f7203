import {
  TinyAuthError, TinyDuplicateError, TinyNotFoundError, TinyRateLimitedError, TinyTransientError, TinyValidationError,
} from './errors';
import { parseTinyDate } from './normalize';
import * as P from './parsers';

// Literal example payloads of shared/docs/tiny-api.md.
const info = { retorno: { status_processamento: 3, status: 'OK',
  conta: { razao_social: 'Loja Exemplo Ltda', cnpj_cpf: '12.345.678/0001-90', fantasia: 'Loja Exemplo', endereco: 'Rua A',
    numero: '10', bairro: 'Centro', complemento: '', cidade: 'São Paulo', estado: 'SP', cep: '01.001-000',
    fone: '(11) 4000-0000', email: 'contato@loja.com.br', inscricao_estadual: 'ISENTO', regime_tributario: 'Simples Nacional' } } };

const produtos = { retorno: { status_processamento: 3, status: 'OK', pagina: '1', numero_paginas: '4',
  produtos: [ { produto: { id: 700100200, codigo: 'CAM-AZ-P', nome: 'Camiseta Azul P',
    preco: '59.90', preco_promocional: '49.90', preco_custo: '20.00', preco_custo_medio: '21.35',
    unidade: 'UN', gtin: '7890000000017', tipoVariacao: 'V', localizacao: 'A1',
    situacao: 'A', data_criacao: '10/02/2024 09:12:00' } } ] } };

const estoque = { retorno: { status_processamento: '3', status: 'OK',
  produto: { id: '700100200', codigo: 'CAM-AZ-P', nome: 'Camiseta Azul P', unidade: 'UN',
    saldo: 12, saldoReservado: 2,
    depositos: [ { deposito: { nome: 'Geral', desconsiderar: 'N', saldo: 12, empresa: 'Loja Exemplo' } },
                 { deposito: { nome: 'Avaria', desconsiderar: 'S', saldo: 3, empresa: 'Loja Exemplo' } } ] } } };

const contatoErro = { retorno: { status_processamento: '2', status: 'Erro',
  registros: [ { registro: { sequencia: '', status: 'Erro', codigo_erro: '31',
    erros: [ { erro: 'O número de sequência deve ser informado' },
             { erro: 'O nome do contato deve ser informado' },
             { erro: 'A situação do contato deve ser informada' } ] } } ] } };

const pedidoOk = { retorno: { status_processamento: 3, status: 'OK',
  registros: { registro: { sequencia: '1', status: 'OK', id: '900000111', numero: '10532' } } } };

const pedidoDup = { retorno: { status_processamento: 2, status: 'Erro',
  registros: [ { registro: { sequencia: '1', status: 'Erro', codigo_erro: '30',
    erros: [ { erro: 'Registro em duplicidade' } ] } } ] } };

const code6 = { retorno: { status_processamento: 1, status: 'Erro', codigo_erro: 6,
  erros: [ { erro: 'API Bloqueada - Excedido o número de acessos a API' } ] } };

const tokenInvalido = { retorno: { status_processamento: 1, status: 'Erro', codigo_erro: 2, erros: [ { erro: 'token invalido' } ] } };

const semRegistros = { retorno: { status_processamento: 2, status: 'Erro', codigo_erro: 20,
  erros: [ { erro: 'A Consulta não retornou registros' } ] } };

describe('readEnvelope', () => {
  it('maps error codes (number or string) to the taxonomy with Tiny messages', () => {
    expect(() => P.readEnvelope(tokenInvalido, 'info')).toThrow(TinyAuthError);
    try {
      P.readEnvelope(code6, 'produto.obter');
      throw new Error('expected a throw');
    } catch (err) {
      expect(err).toBeInstanceOf(TinyRateLimitedError);
      expect((err as TinyRateLimitedError).code).toBe(6);
      expect((err as TinyRateLimitedError).retryable).toBe(true);
      expect((err as TinyRateLimitedError).messages).toEqual(['API Bloqueada - Excedido o número de acessos a API']);
    }
    const notFound = { retorno: { status_processamento: 2, status: 'Erro', codigo_erro: '32', erros: [{ erro: 'Pedido não localizado' }] } };
    expect(() => P.readEnvelope(notFound, 'pedido.obter')).toThrow(TinyNotFoundError);
    const maintenance = { retorno: { status_processamento: 1, status: 'Erro', codigo_erro: '99', erros: [{ erro: 'Sistema em manutenção' }] } };
    expect(() => P.readEnvelope(maintenance, 'info')).toThrow(TinyTransientError);
  });

  it('reads the error inside registros (array form) of batch services', () => {
    try {
      P.readEnvelope(contatoErro, 'contato.incluir');
      throw new Error('expected a throw');
    } catch (err) {
      expect(err).toBeInstanceOf(TinyValidationError);
      expect((err as TinyValidationError).code).toBe(31);
      expect((err as TinyValidationError).retryable).toBe(false);
      expect((err as TinyValidationError).messages).toHaveLength(3);
      expect((err as TinyValidationError).messages[1]).toBe('O nome do contato deve ser informado');
    }
    expect(() => P.readEnvelope(pedidoDup, 'pedido.incluir')).toThrow(TinyDuplicateError);
  });

  it('turns code 20 and 23 into an empty result for searches only', () => {
    expect(P.parseSearchOrders(P.readEnvelope(semRegistros, 'pedidos.pesquisa', { search: true }))).toEqual({
      pagina: 1, numero_paginas: 0, pedidos: [],
    });
    const past = { retorno: { status_processamento: 2, status: 'Erro', codigo_erro: 23, erros: [{ erro: 'A página que você está tentando obter não existe' }] } };
    expect(P.parseSearchProducts(P.readEnvelope(past, 'produtos.pesquisa', { search: true })).produtos).toEqual([]);
    expect(() => P.readEnvelope(semRegistros, 'pedido.obter')).toThrow(TinyNotFoundError);
  });

  it('treats bodies without retorno as transient', () => {
    expect(() => P.readEnvelope('<html>', 'info')).toThrow(TinyTransientError);
    expect(() => P.readEnvelope({ foo: 1 }, 'info')).toThrow(TinyTransientError);
  });
});

describe('parsers', () => {
  it('info', () => {
    const conta = P.parseAccountInfo(P.readEnvelope(info, 'info').retorno);
    expect(conta.razao_social).toBe('Loja Exemplo Ltda');
    expect(conta.cidade).toBe('São Paulo');
  });

  it('produtos.pesquisa: string numbers become numbers, page numbers too', () => {
    const r = P.parseSearchProducts(P.readEnvelope(produtos, 'produtos.pesquisa', { search: true }));
    expect(r.pagina).toBe(1);
    expect(r.numero_paginas).toBe(4);
    expect(r.produtos[0]).toMatchObject({ id: 700100200, preco: 59.9, preco_promocional: 49.9, preco_custo_medio: 21.35, tipoVariacao: 'V' });
    expect(parseTinyDate(r.produtos[0].data_criacao)?.toISOString()).toBe('2024-02-10T12:12:00.000Z');
  });

  it('produto.obter.estoque: string ids and status, deposits list, null saldoReservado → 0', () => {
    const s = P.parseProductStock(P.readEnvelope(estoque, 'produto.obter.estoque').retorno);
    expect(s).toMatchObject({ id: 700100200, saldo: 12, saldoReservado: 2 });
    expect(s.depositos.map((d) => d.nome)).toEqual(['Geral', 'Avaria']);
    const nullReserved = { retorno: { status: 'OK', produto: { ...estoque.retorno.produto, saldoReservado: null,
      depositos: { deposito: { nome: 'Geral', desconsiderar: 'N', saldo: '12.0000', empresa: 'X' } } } } };
    const n = P.parseProductStock(P.readEnvelope(nullReserved, 'produto.obter.estoque').retorno);
    expect(n.saldoReservado).toBe(0);
    expect(n.depositos).toEqual([{ nome: 'Geral', desconsiderar: 'N', saldo: 12, empresa: 'X' }]);
  });

  it('pedido.incluir: registros as an object on success', () => {
    expect(P.parseCreateOrder(P.readEnvelope(pedidoOk, 'pedido.incluir').retorno)).toEqual({ sequencia: '1', id: 900000111, numero: '10532' });
    const asArray = { retorno: { status: 'OK', registros: [{ registro: { sequencia: '1', status: 'OK', id: 5, numero: 7 } }] } };
    expect(P.parseCreateOrder(P.readEnvelope(asArray, 'pedido.incluir').retorno)).toEqual({ sequencia: '1', id: 5, numero: '7' });
  });

  it('contato.incluir success', () => {
    const ok = { retorno: { status_processamento: 3, status: 'OK', registros: [{ registro: { sequencia: '1', status: 'OK', id: '49644545' } }] } };
    expect(P.parseRecordResult(P.readEnvelope(ok, 'contato.incluir').retorno, 'contato.incluir')).toEqual({ sequencia: '1', id: 49644545 });
  });

  it('produto.obter: single-item lists as objects, "0" ids mean none, 10-decimal strings', () => {
    const body = { retorno: { status: 'OK', status_processamento: '3', produto: {
      id: '1', nome: 'Camiseta', codigo: 'CAM', preco: '36.3200000000', preco_promocional: 0, idProdutoPai: '0', id_fornecedor: 0,
      variacoes: { variacao: { id: '2', codigo: 'CAM-P', preco: '36.32', grade: { Tamanho: 'P' },
        mapeamentos: { mapeamento: { idEcommerce: 54321, skuMapeamento: 'UPL-1', idMapeamento: '9', skuMapeamentoPai: 'UPL-0' } } } },
      kit: { item: { id_produto: '5', quantidade: '2.000' } },
      anexos: { anexo: 'https://img/1.jpg' },
      imagens_externas: [{ imagem_externa: { url: 'https://img/2.jpg' } }],
      mapeamentos: [{ mapeamento: { idEcommerce: '54321', skuMapeamento: 'UPL-0', idMapeamento: '8', preco: '59.90' } }],
    } } };
    const p = P.parseProduct(P.readEnvelope(body, 'produto.obter').retorno);
    expect(p.preco).toBe(36.32);
    expect(p.idProdutoPai).toBeNull();
    expect(p.id_fornecedor).toBeNull();
    expect(p.variacoes).toEqual([{ id: 2, codigo: 'CAM-P', preco: 36.32, grade: { Tamanho: 'P' },
      mapeamentos: [{ idEcommerce: 54321, skuMapeamento: 'UPL-1', idMapeamento: '9', skuMapeamentoPai: 'UPL-0' }] }]);
    expect(p.kit).toEqual([{ id_produto: 5, quantidade: 2 }]);
    expect(p.anexos).toEqual(['https://img/1.jpg']);
    expect(p.imagens_externas).toEqual(['https://img/2.jpg']);
    expect(p.mapeamentos[0]).toEqual({ idEcommerce: 54321, skuMapeamento: 'UPL-0', idMapeamento: '8', preco: 59.9 });
  });

  it('pedidos.pesquisa, pedido.obter with a single item as an object', () => {
    const search = { retorno: { status: 'OK', pagina: 1, numero_paginas: 1, pedidos: { pedido: {
      id: '900000111', numero: 10532, numero_ecommerce: 'UPL-000123', data_pedido: '15/03/2026', valor: '499.00',
      id_vendedor: '0', situacao: 'Aprovado' } } } };
    const s = P.parseSearchOrders(P.readEnvelope(search, 'pedidos.pesquisa', { search: true }));
    expect(s.pedidos).toHaveLength(1);
    expect(s.pedidos[0]).toMatchObject({ id: 900000111, numero: '10532', valor: 499, id_vendedor: null, situacao: 'Aprovado' });

    const order = { retorno: { status: 'OK', pedido: { id: '900000111', numero: '10532', situacao: 'Aprovado',
      cliente: { nome: 'Mercado Bom Preco Ltda', cidade: 'São Paulo' },
      itens: { item: { id_produto: '700100200', codigo: 'CAM-AZ-P', descricao: 'Camiseta Azul P', quantidade: '10.00', valor_unitario: '49.90' } },
      parcelas: [{ parcela: { dias: '28', data: '12/04/2026', valor: '499.00', forma_pagamento: 'boleto' } }],
      ecommerce: { id: '54321', numeroPedidoEcommerce: 'UPL-000123', nomeEcommerce: 'Uplaces' },
      total_pedido: '499.00', id_nota_fiscal: '0' } } };
    const o = P.parseOrder(P.readEnvelope(order, 'pedido.obter').retorno);
    expect(o.itens).toEqual([{ id_produto: 700100200, codigo: 'CAM-AZ-P', descricao: 'Camiseta Azul P', unidade: '', quantidade: 10, valor_unitario: 49.9, info_adicional: '' }]);
    expect(o.parcelas[0]).toMatchObject({ dias: 28, valor: 499 });
    expect(o.ecommerce).toMatchObject({ id: 54321, numeroPedidoEcommerce: 'UPL-000123' });
    expect(o.total_pedido).toBe(499);
    expect(o.id_nota_fiscal).toBeNull();
    expect(o.endereco_entrega).toBeNull();
  });

  it('contacts, sellers, price lists, exceptions, stock updates, invoices', () => {
    const contatos = { retorno: { status: 'OK', pagina: '1', numero_paginas: '1', contatos: [{ contato: {
      id: '1', codigo: 123, nome: 'Fulano', cep: '95700-000', cpf_cnpj: '00000000000', id_vendedor: '0', situacao: 'Ativo' } }] } };
    expect(P.parseSearchContacts(P.readEnvelope(contatos, 'contatos.pesquisa', { search: true })).contatos[0])
      .toMatchObject({ id: 1, codigo: '123', id_vendedor: null, cep: '95700-000' });
    const contato = { retorno: { status: 'OK', contato: { id: 7, nome: 'X', limite_credito: '100.50', tipos_contato: [{ tipo: 'Cliente' }] } } };
    expect(P.parseContact(P.readEnvelope(contato, 'contato.obter').retorno)).toMatchObject({ id: 7, limite_credito: 100.5, tipos_contato: ['Cliente'] });
    const vend = { retorno: { status: 'OK', vendedores: { vendedor: { id: '3', nome: 'Ana', situacao: 'Ativo' } } } };
    expect(P.parseSearchSellers(P.readEnvelope(vend, 'vendedores.pesquisa', { search: true })).vendedores).toHaveLength(1);
    const listas = { retorno: { status: 'OK', registros: [{ registro: { id: '11', descricao: 'Atacado', acrescimo_desconto: '-10' } }] } };
    expect(P.parsePriceLists(P.readEnvelope(listas, 'listas.precos.pesquisa', { search: true })).registros)
      .toEqual([{ id: 11, descricao: 'Atacado', acrescimo_desconto: -10 }]);
    const exc = { retorno: { status: 'OK', registros: { registro: { id: '1', id_lista_preco: '11', id_produto: '700100200', preco: '45.00' } } } };
    expect(P.parsePriceListExceptions(P.readEnvelope(exc, 'listas.precos.excecoes', { search: true })).registros)
      .toEqual([{ id: 1, id_lista_preco: 11, id_produto: 700100200, preco: 45 }]);
    const upd = { retorno: { status: 'OK', produtos: [{ produto: { id: '1', codigo: 'A', saldo: '37.00', saldoReservado: null,
      depositos: { deposito: { nome: 'Geral', desconsiderar: 'N', saldo: '37' } } } }] } };
    expect(P.parseStockUpdates(P.readEnvelope(upd, 'lista.atualizacoes.estoque', { search: true })).produtos[0])
      .toMatchObject({ saldo: 37, saldoReservado: 0, depositos: [{ nome: 'Geral', saldo: 37 }] });
    const nfs = { retorno: { status: 'OK', notas_fiscais: [{ nota_fiscal: { id: '910000222', numero: '000148', situacao: '1',
      descricao_situacao: 'Pendente', valor: '499.00', cliente: { nome: 'Mercado', cpf_cnpj: '12' } } }] } };
    expect(P.parseSearchInvoices(P.readEnvelope(nfs, 'notas.fiscais.pesquisa', { search: true })).notas_fiscais[0])
      .toMatchObject({ id: 910000222, numero: '000148', situacao: 1, valor: 499, cliente: { nome: 'Mercado' } });
  });
});
