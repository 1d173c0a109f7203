import { tinyErrorFor, TinyTransientError } from './errors';
import { isObject, JsonObject, list, listValues, num, obj, optNum, refId, str } from './normalize';
import type * as T from './types';

/** Outcome of reading `retorno`: the payload, or "no records" for searches (codes 20 and 23). */
export type Envelope = { empty: false; retorno: JsonObject } | { empty: true; retorno: JsonObject };

function messagesOf(v: unknown): string[] {
  return listValues(v, 'erro').map((m) => (isObject(m) ? str(m.erro) : str(m))).filter((m) => m !== '');
}

/**
 * Reads the v2 envelope. Errors come with HTTP 200, `status: "Erro"` and `codigo_erro` (number or string)
 * either at the top or inside `registros[].registro` (batch services such as pedido.incluir).
 */
export function readEnvelope(body: unknown, service: string, opts: { search?: boolean } = {}): Envelope {
  if (!isObject(body) || !isObject(body.retorno)) {
    throw new TinyTransientError(`Tiny ${service}: response without "retorno"`, { service });
  }
  const retorno = body.retorno;
  if (str(retorno.status).toLowerCase() !== 'erro') return { empty: false, retorno };

  let code = optNum(retorno.codigo_erro);
  let messages = messagesOf(retorno.erros);
  if (code === undefined) {
    const failed = list(retorno.registros, 'registro').find((r) => optNum(r.codigo_erro) !== undefined);
    if (failed) {
      code = optNum(failed.codigo_erro);
      messages = messagesOf(failed.erros);
    }
  }
  if (code === undefined) {
    // status Erro without a code: treat like Tiny's "unexpected error".
    throw new TinyTransientError(`Tiny ${service}: error without codigo_erro (${messages.join('; ')})`, {
      service,
      messages,
    });
  }
  if (opts.search && (code === 20 || code === 23)) return { empty: true, retorno };
  throw tinyErrorFor(code, messages, service);
}

function page(r: JsonObject, empty: boolean): T.TinyPage {
  if (empty) return { pagina: Math.max(1, num(r.pagina)), numero_paginas: 0 };
  return { pagina: num(r.pagina) || 1, numero_paginas: num(r.numero_paginas) };
}

// ---- records ----
export function parseAccountInfo(r: JsonObject): T.TinyAccountInfo {
  const c = obj(r.conta);
  return {
    razao_social: str(c.razao_social), cnpj_cpf: str(c.cnpj_cpf), fantasia: str(c.fantasia), endereco: str(c.endereco),
    numero: str(c.numero), bairro: str(c.bairro), complemento: str(c.complemento), cidade: str(c.cidade),
    estado: str(c.estado), cep: str(c.cep), fone: str(c.fone), email: str(c.email),
    inscricao_estadual: str(c.inscricao_estadual), regime_tributario: str(c.regime_tributario),
  };
}

function productSummary(p: JsonObject): T.TinyProductSummary {
  return {
    id: num(p.id), codigo: str(p.codigo), nome: str(p.nome), preco: num(p.preco), preco_promocional: num(p.preco_promocional),
    preco_custo: num(p.preco_custo), preco_custo_medio: num(p.preco_custo_medio), unidade: str(p.unidade), gtin: str(p.gtin),
    tipoVariacao: str(p.tipoVariacao), localizacao: str(p.localizacao), situacao: str(p.situacao),
    data_criacao: str(p.data_criacao),
  };
}

export function parseSearchProducts(env: Envelope): T.SearchProductsResult {
  const r = env.retorno;
  return { ...page(r, env.empty), produtos: env.empty ? [] : list(r.produtos, 'produto').map(productSummary) };
}

function mapping(m: JsonObject): T.TinyMapping {
  const out: T.TinyMapping = { idEcommerce: refId(m.idEcommerce), skuMapeamento: str(m.skuMapeamento), idMapeamento: str(m.idMapeamento) };
  const preco = optNum(m.preco);
  if (preco !== undefined) out.preco = preco;
  const promo = optNum(m.preco_promocional);
  if (promo !== undefined) out.preco_promocional = promo;
  if (m.skuMapeamentoPai !== undefined) out.skuMapeamentoPai = str(m.skuMapeamentoPai);
  if (m.idMapeamentoPai !== undefined) out.idMapeamentoPai = str(m.idMapeamentoPai);
  return out;
}

/** `grade` arrives as `{Tamanho:"P"}` or as a list of `{chave, valor}`. */
function grade(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const g of v) if (isObject(g)) out[str(g.chave)] = str(g.valor);
  } else if (isObject(v)) {
    for (const [k, val] of Object.entries(v)) out[k] = str(val);
  }
  return out;
}

function deposits(v: unknown): T.TinyDeposit[] {
  return list(v, 'deposito').map((d) => ({
    nome: str(d.nome), desconsiderar: str(d.desconsiderar), saldo: num(d.saldo), empresa: str(d.empresa),
  }));
}

export function parseProduct(r: JsonObject): T.TinyProduct {
  const p = obj(r.produto);
  return {
    id: num(p.id), data_criacao: str(p.data_criacao), nome: str(p.nome), codigo: str(p.codigo), unidade: str(p.unidade),
    preco: num(p.preco), preco_promocional: num(p.preco_promocional), ncm: str(p.ncm), origem: str(p.origem),
    gtin: str(p.gtin), gtin_embalagem: str(p.gtin_embalagem), localizacao: str(p.localizacao),
    peso_liquido: num(p.peso_liquido), peso_bruto: num(p.peso_bruto), estoque_minimo: num(p.estoque_minimo),
    estoque_maximo: num(p.estoque_maximo), id_fornecedor: refId(p.id_fornecedor), codigo_fornecedor: str(p.codigo_fornecedor),
    codigo_pelo_fornecedor: str(p.codigo_pelo_fornecedor), unidade_por_caixa: str(p.unidade_por_caixa),
    preco_custo: num(p.preco_custo), preco_custo_medio: num(p.preco_custo_medio), situacao: str(p.situacao), tipo: str(p.tipo),
    classe_ipi: str(p.classe_ipi), valor_ipi_fixo: str(p.valor_ipi_fixo), cod_lista_servicos: str(p.cod_lista_servicos),
    descricao_complementar: str(p.descricao_complementar), obs: str(p.obs), garantia: str(p.garantia), cest: str(p.cest),
    tipoVariacao: str(p.tipoVariacao),
    variacoes: list(p.variacoes, 'variacao').map((v) => ({
      id: num(v.id), codigo: str(v.codigo), preco: num(v.preco), grade: grade(v.grade),
      mapeamentos: list(v.mapeamentos, 'mapeamento').map(mapping),
    })),
    idProdutoPai: refId(p.idProdutoPai), sob_encomenda: str(p.sob_encomenda), dias_preparacao: num(p.dias_preparacao),
    marca: str(p.marca), tipoEmbalagem: str(p.tipoEmbalagem), alturaEmbalagem: num(p.alturaEmbalagem),
    larguraEmbalagem: num(p.larguraEmbalagem), comprimentoEmbalagem: num(p.comprimentoEmbalagem),
    diametroEmbalagem: num(p.diametroEmbalagem), categoria: str(p.categoria),
    anexos: listValues(p.anexos, 'anexo').map((a) => (isObject(a) ? str(a.url ?? a.anexo) : str(a))).filter(Boolean),
    imagens_externas: list(p.imagens_externas, 'imagem_externa').map((i) => str(i.url)).filter(Boolean),
    classe_produto: str(p.classe_produto),
    kit: list(p.kit, 'item').map((k) => ({ id_produto: num(k.id_produto), quantidade: num(k.quantidade) })),
    seo_title: str(p.seo_title), seo_keywords: str(p.seo_keywords), seo_description: str(p.seo_description),
    link_video: str(p.link_video), slug: str(p.slug), mapeamentos: list(p.mapeamentos, 'mapeamento').map(mapping),
  };
}

export function parseProductStock(r: JsonObject): T.TinyProductStock {
  const p = obj(r.produto);
  return {
    id: num(p.id), codigo: str(p.codigo), nome: str(p.nome), unidade: str(p.unidade), saldo: num(p.saldo),
    saldoReservado: num(p.saldoReservado), depositos: deposits(p.depositos),
  };
}

export function parseStockUpdates(env: Envelope): T.ListStockUpdatesResult {
  const r = env.retorno;
  const produtos = env.empty
    ? []
    : list(r.produtos, 'produto').map((p) => ({
        id: num(p.id), nome: str(p.nome), codigo: str(p.codigo), unidade: str(p.unidade), tipo_variacao: str(p.tipo_variacao),
        localizacao: str(p.localizacao), data_alteracao: str(p.data_alteracao), saldo: num(p.saldo),
        saldoReservado: num(p.saldoReservado), depositos: deposits(p.depositos),
      }));
  return { ...page(r, env.empty), produtos };
}

export function parsePriceLists(env: Envelope): T.SearchPriceListsResult {
  const r = env.retorno;
  const registros = env.empty
    ? []
    : list(r.registros, 'registro').map((l) => ({ id: num(l.id), descricao: str(l.descricao), acrescimo_desconto: num(l.acrescimo_desconto) }));
  return { ...page(r, env.empty), registros };
}

export function parsePriceListExceptions(env: Envelope): T.GetPriceListExceptionsResult {
  const r = env.retorno;
  const registros = env.empty
    ? []
    : list(r.registros ?? r.excecoes, 'registro').map((e) => {
        const out: T.TinyPriceListException = {
          id: num(e.id), id_lista_preco: num(e.id_lista_preco), id_produto: num(e.id_produto), preco: num(e.preco),
        };
        const promo = optNum(e.preco_promocional);
        if (promo !== undefined) out.preco_promocional = promo;
        return out;
      });
  return { ...page(r, env.empty), registros };
}

function contactSummary(c: JsonObject): T.TinyContactSummary {
  return {
    id: num(c.id), codigo: str(c.codigo), nome: str(c.nome), fantasia: str(c.fantasia), tipo_pessoa: str(c.tipo_pessoa),
    cpf_cnpj: str(c.cpf_cnpj), endereco: str(c.endereco), numero: str(c.numero), complemento: str(c.complemento),
    bairro: str(c.bairro), cep: str(c.cep), cidade: str(c.cidade), uf: str(c.uf), email: str(c.email), fone: str(c.fone),
    id_lista_preco: refId(c.id_lista_preco), id_vendedor: refId(c.id_vendedor), nome_vendedor: str(c.nome_vendedor),
    situacao: str(c.situacao), data_criacao: str(c.data_criacao),
  };
}

export function parseSearchContacts(env: Envelope): T.SearchContactsResult {
  const r = env.retorno;
  return { ...page(r, env.empty), contatos: env.empty ? [] : list(r.contatos, 'contato').map(contactSummary) };
}

export function parseContact(r: JsonObject): T.TinyContact {
  const c = obj(r.contato);
  return {
    ...contactSummary(c),
    ie: str(c.ie), rg: str(c.rg), im: str(c.im), pais: str(c.pais), endereco_cobranca: str(c.endereco_cobranca),
    numero_cobranca: str(c.numero_cobranca), complemento_cobranca: str(c.complemento_cobranca),
    bairro_cobranca: str(c.bairro_cobranca), cep_cobranca: str(c.cep_cobranca), cidade_cobranca: str(c.cidade_cobranca),
    uf_cobranca: str(c.uf_cobranca), contatos: str(c.contatos), fax: str(c.fax), celular: str(c.celular),
    email_nfe: str(c.email_nfe), site: str(c.site), crt: str(c.crt), data_nascimento: str(c.data_nascimento),
    limite_credito: num(c.limite_credito), obs: str(c.obs), data_atualizacao: str(c.data_atualizacao),
    tipos_contato: listValues(c.tipos_contato, 'tipo').map((t) => (isObject(t) ? str(t.tipo) : str(t))).filter(Boolean),
  };
}

/**
 * First record of a batch answer (`registros` as an object on success, an array on error — both accepted).
 * Errors inside records were already raised by `readEnvelope`; a record with status Erro is raised here.
 */
export function parseRecord(r: JsonObject, service: string): JsonObject {
  const rec = list(r.registros, 'registro')[0];
  if (!rec) throw new TinyTransientError(`Tiny ${service}: answer without registros`, { service });
  if (str(rec.status).toLowerCase() === 'erro') {
    throw tinyErrorFor(num(rec.codigo_erro) || 31, messagesOf(rec.erros), service);
  }
  return rec;
}

export function parseRecordResult(r: JsonObject, service: string): T.TinyRecordResult {
  const rec = parseRecord(r, service);
  return { sequencia: str(rec.sequencia), id: num(rec.id) };
}

export function parseCreateOrder(r: JsonObject): T.CreateOrderResult {
  const rec = parseRecord(r, 'pedido.incluir');
  return { sequencia: str(rec.sequencia), id: num(rec.id), numero: str(rec.numero) };
}

export function parseSearchSellers(env: Envelope): T.SearchSellersResult {
  const r = env.retorno;
  const vendedores = env.empty
    ? []
    : list(r.vendedores, 'vendedor').map((v) => ({
        id: num(v.id), codigo: str(v.codigo), nome: str(v.nome), fantasia: str(v.fantasia), tipo_pessoa: str(v.tipo_pessoa),
        cpf_cnpj: str(v.cpf_cnpj), email: str(v.email), endereco: str(v.endereco), numero: str(v.numero),
        complemento: str(v.complemento), bairro: str(v.bairro), cep: str(v.cep), cidade: str(v.cidade), uf: str(v.uf),
        situacao: str(v.situacao),
      }));
  return { ...page(r, env.empty), vendedores };
}

export function parseSearchOrders(env: Envelope): T.SearchOrdersResult {
  const r = env.retorno;
  const pedidos = env.empty
    ? []
    : list(r.pedidos, 'pedido').map((p) => ({
        id: num(p.id), numero: str(p.numero), numero_ecommerce: str(p.numero_ecommerce), data_pedido: str(p.data_pedido),
        data_prevista: str(p.data_prevista), nome: str(p.nome), valor: num(p.valor), id_vendedor: refId(p.id_vendedor),
        nome_vendedor: str(p.nome_vendedor), situacao: str(p.situacao), codigo_rastreamento: str(p.codigo_rastreamento),
      }));
  return { ...page(r, env.empty), pedidos };
}

function orderClient(c: JsonObject): T.TinyOrderClient {
  return {
    codigo: str(c.codigo), nome: str(c.nome), nome_fantasia: str(c.nome_fantasia), tipo_pessoa: str(c.tipo_pessoa),
    cpf_cnpj: str(c.cpf_cnpj), ie: str(c.ie), rg: str(c.rg), endereco: str(c.endereco), numero: str(c.numero),
    complemento: str(c.complemento), bairro: str(c.bairro), cep: str(c.cep), cidade: str(c.cidade), uf: str(c.uf),
    pais: str(c.pais), fone: str(c.fone), email: str(c.email),
  };
}

export function parseOrder(r: JsonObject): T.TinyOrder {
  const p = obj(r.pedido);
  const e = isObject(p.endereco_entrega) ? p.endereco_entrega : null;
  const ec = isObject(p.ecommerce) ? p.ecommerce : null;
  return {
    id: num(p.id), numero: str(p.numero), numero_ecommerce: str(p.numero_ecommerce), data_pedido: str(p.data_pedido),
    data_prevista: str(p.data_prevista), data_faturamento: str(p.data_faturamento), data_envio: str(p.data_envio),
    data_entrega: str(p.data_entrega), id_lista_preco: refId(p.id_lista_preco), descricao_lista_preco: str(p.descricao_lista_preco),
    cliente: orderClient(obj(p.cliente)),
    endereco_entrega: e && {
      tipo_pessoa: str(e.tipo_pessoa), cpf_cnpj: str(e.cpf_cnpj), endereco: str(e.endereco), numero: str(e.numero),
      complemento: str(e.complemento), bairro: str(e.bairro), cep: str(e.cep), cidade: str(e.cidade), uf: str(e.uf),
      fone: str(e.fone), nome_destinatario: str(e.nome_destinatario), ie: str(e.ie),
    },
    itens: list(p.itens, 'item').map((i) => ({
      id_produto: refId(i.id_produto), codigo: str(i.codigo), descricao: str(i.descricao), unidade: str(i.unidade),
      quantidade: num(i.quantidade), valor_unitario: num(i.valor_unitario), info_adicional: str(i.info_adicional),
    })),
    condicao_pagamento: str(p.condicao_pagamento), forma_pagamento: str(p.forma_pagamento), meio_pagamento: str(p.meio_pagamento),
    parcelas: list(p.parcelas, 'parcela').map((x) => ({
      dias: num(x.dias), data: str(x.data), valor: num(x.valor), obs: str(x.obs), forma_pagamento: str(x.forma_pagamento),
      meio_pagamento: str(x.meio_pagamento),
    })),
    marcadores: list(p.marcadores, 'marcador').map((m) => ({ id: refId(m.id), descricao: str(m.descricao), cor: str(m.cor) })),
    nome_transportador: str(p.nome_transportador), frete_por_conta: str(p.frete_por_conta), forma_frete: str(p.forma_frete),
    valor_frete: num(p.valor_frete), valor_desconto: num(p.valor_desconto), outras_despesas: num(p.outras_despesas),
    total_produtos: num(p.total_produtos), total_pedido: num(p.total_pedido), situacao: str(p.situacao),
    numero_ordem_compra: str(p.numero_ordem_compra), id_vendedor: refId(p.id_vendedor), nome_vendedor: str(p.nome_vendedor),
    obs: str(p.obs), obs_interna: str(p.obs_interna), codigo_rastreamento: str(p.codigo_rastreamento),
    url_rastreamento: str(p.url_rastreamento), id_nota_fiscal: refId(p.id_nota_fiscal), deposito: str(p.deposito),
    forma_envio: str(p.forma_envio),
    ecommerce: ec && {
      id: refId(ec.id), numeroPedidoEcommerce: str(ec.numeroPedidoEcommerce), numeroPedidoCanalVenda: str(ec.numeroPedidoCanalVenda),
      nomeEcommerce: str(ec.nomeEcommerce), canalVenda: str(ec.canalVenda),
    },
    id_natureza_operacao: refId(p.id_natureza_operacao),
  };
}

export function parseSearchInvoices(env: Envelope): T.SearchInvoicesResult {
  const r = env.retorno;
  const notas = env.empty
    ? []
    : list(r.notas_fiscais, 'nota_fiscal').map((n) => {
        const c = obj(n.cliente);
        const cliente: T.TinyInvoiceSummary['cliente'] = { nome: '', cpf_cnpj: '' };
        for (const [k, v] of Object.entries(c)) cliente[k] = str(v);
        return {
          id: num(n.id), tipo: str(n.tipo), serie: str(n.serie), numero: str(n.numero), numero_ecommerce: str(n.numero_ecommerce),
          data_emissao: str(n.data_emissao), nome: str(n.nome), cliente, valor: num(n.valor), valor_produtos: num(n.valor_produtos),
          valor_frete: num(n.valor_frete), id_vendedor: refId(n.id_vendedor), nome_vendedor: str(n.nome_vendedor),
          situacao: num(n.situacao), descricao_situacao: str(n.descricao_situacao), chave_acesso: str(n.chave_acesso),
          id_forma_frete: refId(n.id_forma_frete), id_forma_envio: refId(n.id_forma_envio),
          codigo_rastreamento: str(n.codigo_rastreamento), url_rastreamento: str(n.url_rastreamento),
        };
      });
  return { ...page(r, env.empty), notas_fiscais: notas };
}
