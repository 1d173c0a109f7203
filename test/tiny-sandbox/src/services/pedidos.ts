import type { Account } from '../accounts/account';
import type { Contact, Order, OrderItem, Product } from '../accounts/model';
import { findCity } from '../data/cities';
import { ORDER_STATUS, statusCode } from '../data/situacoes';
import { formatDate, parseTinyDate } from '../quirks/dates';
import { fail, MESSAGES, ok, recordError, type JsonObject, type TinyBody } from '../quirks/envelope';
import { decimal, field, intParam, isObject, jsonParam, MalformedJson, str, unwrapList } from '../quirks/params';
import { applyContact, blankContact } from './contatos';
import { digits, fold, paginate, type ServiceContext, type ServiceDef } from './types';

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** pedido.incluir answers errors with `registros` as an ARRAY (success uses an object). */
function orderError(code: number, messages: string[]): TinyBody {
  return { retorno: { status_processamento: 2, status: 'Erro', registros: [recordError('1', code, messages)] } };
}

function strings(obj: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v).trim();
  }
  return out;
}

interface ItemCheck {
  items: OrderItem[];
  errors: string[];
}

function checkItems(acc: Account, pedido: Record<string, unknown>): ItemCheck {
  const raw = unwrapList(pedido.itens, 'item');
  const errors: string[] = [];
  const items: OrderItem[] = [];
  if (raw.length === 0) errors.push('O pedido deve conter pelo menos um item');
  raw.forEach((it, i) => {
    const codigo = field(it, 'codigo');
    const idProduto = field(it, 'id_produto');
    let p: Product | undefined;
    if (idProduto && /^\d+$/.test(idProduto)) p = acc.productById.get(Number(idProduto));
    if (!p && codigo) p = acc.productBySku.get(codigo);
    const label = codigo || idProduto || `#${i + 1}`;
    if (!codigo && !idProduto) errors.push(`Item ${i + 1}: o código do produto deve ser informado`);
    else if (!p) errors.push(`Produto não encontrado: ${label}`);
    else if (p.tipoVariacao === 'P') errors.push(`Produto ${label} possui variações: informe o código da variação`);
    const quantidade = decimal(it, 'quantidade');
    if (quantidade === null || quantidade <= 0) errors.push(`Item ${label}: quantidade inválida`);
    const valor = decimal(it, 'valor_unitario');
    if (valor === null || valor < 0) errors.push(`Item ${label}: valor unitário inválido`);
    if (p && quantidade !== null && valor !== null) {
      items.push({
        idProduto: p.id,
        codigo: p.codigo,
        descricao: field(it, 'descricao') || p.nome,
        unidade: field(it, 'unidade') || p.unidade,
        quantidade,
        valorUnitario: valor,
        infoAdicional: field(it, 'informacao_adicional'),
      });
    }
  });
  return { items, errors };
}

function checkAddress(obj: unknown, label: string): string[] {
  const cidade = field(obj, 'cidade');
  if (!cidade) return [];
  return findCity(cidade, field(obj, 'uf') || undefined) ? [] : [`Cidade não encontrada${label}`];
}

/** Finds the order's client by codigo or CPF/CNPJ; updates it unless atualizar_cliente = "N"; else creates one. */
function upsertClient(acc: Account, cliente: unknown, now: number): Contact {
  const codigo = field(cliente, 'codigo');
  const doc = digits(field(cliente, 'cpf_cnpj'));
  let c: Contact | undefined;
  if (codigo) c = acc.contacts.find((x) => x.codigo === codigo);
  if (!c && doc) c = acc.contacts.find((x) => digits(x.cpfCnpj) === doc);
  if (c) {
    if (field(cliente, 'atualizar_cliente').toUpperCase() !== 'N') applyContact(c, cliente, now);
    return c;
  }
  c = blankContact(acc, now, 'order');
  applyContact(c, cliente, now);
  acc.addContact(c);
  return c;
}

function incluir({ account: acc, params, now }: ServiceContext): TinyBody {
  let root: unknown;
  try {
    root = jsonParam(params, 'pedido');
  } catch (e) {
    if (e instanceof MalformedJson) return fail(3);
    throw e;
  }
  if (root === undefined) return fail(10, `${MESSAGES[10]}: pedido`);
  const pedido = isObject(root) && isObject(root.pedido) ? root.pedido : undefined;
  if (!pedido) return fail(3);

  const errors: string[] = [];
  const cliente = pedido.cliente;
  if (!field(cliente, 'nome')) errors.push('O nome do cliente deve ser informado');
  errors.push(...checkAddress(cliente, ''));
  if (isObject(pedido.endereco_entrega)) errors.push(...checkAddress(pedido.endereco_entrega, ' (endereço de entrega)'));
  const { items, errors: itemErrors } = checkItems(acc, pedido);
  errors.push(...itemErrors);
  const dataPedidoRaw = field(pedido, 'data_pedido');
  const dataPedido = dataPedidoRaw ? parseTinyDate(dataPedidoRaw) : now;
  if (dataPedido === null) errors.push('Data do pedido inválida');
  const dataPrevistaRaw = field(pedido, 'data_prevista');
  const dataPrevista = dataPrevistaRaw ? parseTinyDate(dataPrevistaRaw) : null;
  if (dataPrevistaRaw && dataPrevista === null) errors.push('Data prevista inválida');
  const situacaoRaw = field(pedido, 'situacao');
  const situacao = situacaoRaw ? statusCode(situacaoRaw) : 'aberto';
  if (!situacao) errors.push(`Situação inválida: ${situacaoRaw}`);
  const idVendedor = Number(field(pedido, 'id_vendedor') || 0);
  const nomeVendedor = field(pedido, 'nome_vendedor');
  let seller = idVendedor ? acc.sellerById(idVendedor) : undefined;
  if (idVendedor && !seller) errors.push('Vendedor não encontrado');
  if (!idVendedor && nomeVendedor) {
    seller = acc.sellers.find((s) => fold(s.nome) === fold(nomeVendedor));
    if (!seller) errors.push('Vendedor não encontrado');
  }
  const idListaPreco = Number(field(pedido, 'id_lista_preco') || 0);
  if (idListaPreco && !acc.priceLists.some((l) => l.id === idListaPreco)) errors.push('Lista de preço não encontrada');
  const numeroEcommerce = field(pedido, 'numero_pedido_ecommerce');
  if (numeroEcommerce.length > 50) errors.push('O número do pedido no e-commerce deve ter no máximo 50 caracteres');
  if (errors.length > 0) return orderError(31, errors);

  const idEcommerceRaw = field(pedido, 'id_ecommerce');
  const idEcommerce = /^\d+$/.test(idEcommerceRaw) ? Number(idEcommerceRaw) : null;
  if (acc.settings.detectDuplicateOrders && numeroEcommerce) {
    const dup = acc.orders.some((o) => o.numeroEcommerce === numeroEcommerce && o.idEcommerce === idEcommerce);
    if (dup) return orderError(30, ['Registro em duplicidade']);
  }

  const contact = upsertClient(acc, cliente, now);
  const totalProdutos = round2(items.reduce((a, it) => a + it.quantidade * it.valorUnitario, 0));
  const valorFrete = decimal(pedido, 'valor_frete') ?? 0;
  const valorDesconto = decimal(pedido, 'valor_desconto') ?? 0;
  const outrasDespesas = decimal(pedido, 'outras_despesas') ?? 0;
  const order: Order = {
    id: acc.nextOrderId(),
    numero: ++acc.orderNumero,
    numeroEcommerce,
    idEcommerce,
    nomeEcommerce: field(pedido, 'ecommerce'),
    dataPedido: dataPedido!,
    dataPrevista,
    dataFaturamento: null,
    dataEnvio: null,
    dataEntrega: null,
    situacao: situacao!,
    idContato: contact.id,
    cliente: strings(cliente),
    enderecoEntrega: isObject(pedido.endereco_entrega) ? strings(pedido.endereco_entrega) : null,
    itens: items,
    idListaPreco,
    formaPagamento: field(pedido, 'forma_pagamento'),
    meioPagamento: field(pedido, 'meio_pagamento'),
    parcelas: unwrapList(pedido.parcelas, 'parcela').map(strings),
    marcadores: unwrapList(pedido.marcadores, 'marcador').map((m) => field(m, 'descricao')).filter((d) => d !== ''),
    nomeTransportador: field(pedido, 'nome_transportador'),
    fretePorConta: field(pedido, 'frete_por_conta'),
    formaEnvio: field(pedido, 'forma_envio'),
    formaFrete: field(pedido, 'forma_frete'),
    valorFrete,
    valorDesconto,
    outrasDespesas,
    totalProdutos,
    totalPedido: round2(totalProdutos + valorFrete + outrasDespesas - valorDesconto),
    numeroOrdemCompra: field(pedido, 'numero_ordem_compra'),
    idVendedor: seller?.id ?? 0,
    nomeVendedor: seller?.nome ?? '',
    obs: field(pedido, 'obs'),
    obsInterna: field(pedido, 'obs_internas'),
    codigoRastreamento: '',
    urlRastreamento: '',
    idNotaFiscal: 0,
    deposito: field(pedido, 'deposito') || field(pedido, 'nome_deposito'),
    createdAt: now,
    updatedAt: now,
    source: 'api',
    payload: pedido,
    history: [{ situacao: situacao!, at: now, by: 'api' }],
  };
  acc.addOrder(order);
  const L = acc.loose;
  return ok({
    registros: {
      registro: {
        sequencia: '1',
        status: 'OK',
        id: L.int(order.id, 'id', order.id),
        numero: L.int(order.numero, 'numero', order.id),
      },
    },
  });
}

function orderSummary(acc: Account, o: Order): JsonObject {
  const L = acc.loose;
  return {
    pedido: {
      id: L.int(o.id, 'id', o.id),
      numero: L.int(o.numero, 'numero', o.id),
      numero_ecommerce: o.numeroEcommerce,
      data_pedido: formatDate(o.dataPedido),
      data_prevista: o.dataPrevista ? formatDate(o.dataPrevista) : '',
      nome: o.cliente.nome ?? '',
      valor: L.dec(o.totalPedido, 'valor', o.id),
      id_vendedor: L.int(o.idVendedor, 'id_vendedor', o.id),
      nome_vendedor: o.nomeVendedor,
      situacao: ORDER_STATUS[o.situacao] ?? o.situacao,
      codigo_rastreamento: o.codigoRastreamento,
    },
  };
}

const CLIENT_FIELDS = [
  'codigo', 'nome', 'nome_fantasia', 'tipo_pessoa', 'cpf_cnpj', 'ie', 'rg', 'endereco', 'numero', 'complemento',
  'bairro', 'cep', 'cidade', 'uf', 'fone', 'email',
];

export function orderDetail(acc: Account, o: Order): JsonObject {
  const L = acc.loose;
  const k = o.id;
  const cliente: JsonObject = {};
  for (const f of CLIENT_FIELDS) cliente[f] = o.cliente[f] ?? '';
  const list = o.idListaPreco ? acc.priceLists.find((l) => l.id === o.idListaPreco) : undefined;
  return {
    id: L.int(o.id, 'id', k),
    numero: L.int(o.numero, 'numero', k),
    numero_ecommerce: o.numeroEcommerce,
    data_pedido: formatDate(o.dataPedido),
    data_prevista: o.dataPrevista ? formatDate(o.dataPrevista) : '',
    data_faturamento: o.dataFaturamento ? formatDate(o.dataFaturamento) : '',
    data_envio: o.dataEnvio ? formatDate(o.dataEnvio) : '',
    data_entrega: o.dataEntrega ? formatDate(o.dataEntrega) : '',
    id_lista_preco: L.int(o.idListaPreco, 'id_lista_preco', k),
    descricao_lista_preco: list?.descricao ?? '',
    cliente,
    endereco_entrega: o.enderecoEntrega ?? {},
    itens: o.itens.map((it) => ({
      item: {
        id_produto: L.int(it.idProduto, 'id_produto', k),
        codigo: it.codigo,
        descricao: it.descricao,
        unidade: it.unidade,
        quantidade: L.dec(it.quantidade, 'quantidade', k),
        valor_unitario: L.dec(it.valorUnitario, 'valor_unitario', k),
        info_adicional: it.infoAdicional,
      },
    })),
    condicao_pagamento: o.parcelas.length > 0 ? o.parcelas.map((p) => p.dias ?? '').join(' ') : '',
    forma_pagamento: o.formaPagamento,
    meio_pagamento: o.meioPagamento,
    parcelas: o.parcelas.map((p) => ({
      parcela: {
        dias: p.dias ?? '',
        data: p.data ?? '',
        valor: p.valor ?? '',
        obs: p.obs ?? '',
        forma_pagamento: p.forma_pagamento ?? '',
        meio_pagamento: p.meio_pagamento ?? '',
      },
    })),
    marcadores: o.marcadores.map((descricao, i) => ({ marcador: { id: String(i + 1), descricao, cor: '' } })),
    nome_transportador: o.nomeTransportador,
    frete_por_conta: o.fretePorConta,
    forma_frete: o.formaFrete,
    valor_frete: L.dec(o.valorFrete, 'valor_frete', k),
    valor_desconto: L.dec(o.valorDesconto, 'valor_desconto', k),
    outras_despesas: L.dec(o.outrasDespesas, 'outras_despesas', k),
    total_produtos: L.dec(o.totalProdutos, 'total_produtos', k),
    total_pedido: L.dec(o.totalPedido, 'total_pedido', k),
    situacao: ORDER_STATUS[o.situacao] ?? o.situacao,
    numero_ordem_compra: o.numeroOrdemCompra,
    id_vendedor: L.int(o.idVendedor, 'id_vendedor', k),
    nome_vendedor: o.nomeVendedor,
    obs: o.obs,
    obs_interna: o.obsInterna,
    codigo_rastreamento: o.codigoRastreamento,
    url_rastreamento: o.urlRastreamento,
    id_nota_fiscal: L.int(o.idNotaFiscal, 'id_nota_fiscal', k),
    deposito: o.deposito,
    forma_envio: o.formaEnvio,
    ecommerce: {
      id: o.idEcommerce === null ? '' : L.int(o.idEcommerce, 'ecommerce.id', k),
      numeroPedidoEcommerce: o.numeroEcommerce,
      numeroPedidoCanalVenda: '',
      nomeEcommerce: o.nomeEcommerce,
      canalVenda: '',
    },
    id_natureza_operacao: '',
  };
}

const FILTERS = [
  'numero', 'cliente', 'cpf_cnpj', 'dataInicial', 'dataFinal', 'dataAtualizacao', 'situacao', 'numeroEcommerce',
  'idVendedor', 'nomeVendedor', 'marcador',
];

function pesquisa(ctx: ServiceContext): TinyBody {
  const { account: acc, params } = ctx;
  if (!FILTERS.some((f) => str(params, f) !== '')) {
    return fail(31, 'Informe pelo menos um parâmetro de pesquisa');
  }
  const numero = str(params, 'numero');
  const cliente = fold(str(params, 'cliente'));
  const doc = digits(str(params, 'cpf_cnpj'));
  const date = (name: string): number | null | 'bad' => {
    const v = str(params, name);
    if (!v) return null;
    return parseTinyDate(v) ?? 'bad';
  };
  const ini = date('dataInicial');
  const fim = date('dataFinal');
  const atualizacao = date('dataAtualizacao');
  if (ini === 'bad' || fim === 'bad' || atualizacao === 'bad') return fail(31, 'Data inválida');
  const situacaoRaw = str(params, 'situacao');
  const situacao = situacaoRaw ? statusCode(situacaoRaw) : undefined;
  if (situacaoRaw && !situacao) return fail(31, 'Situação inválida');
  const numeroEcommerce = str(params, 'numeroEcommerce');
  const idVendedor = intParam(params, 'idVendedor');
  const nomeVendedor = fold(str(params, 'nomeVendedor'));
  const marcador = fold(str(params, 'marcador'));
  const dayEnd = fim === null ? null : fim + 86_400_000 - 1;
  let hits = acc.orders.filter(
    (o) =>
      (!numero || String(o.numero) === numero) &&
      (!cliente || fold(o.cliente.nome ?? '').includes(cliente)) &&
      (!doc || digits(o.cliente.cpf_cnpj ?? '') === doc) &&
      (ini === null || o.dataPedido >= ini) &&
      (dayEnd === null || o.dataPedido <= dayEnd) &&
      (atualizacao === null || o.updatedAt >= atualizacao) &&
      (!situacao || o.situacao === situacao) &&
      (!numeroEcommerce || o.numeroEcommerce === numeroEcommerce) &&
      (idVendedor === null || o.idVendedor === idVendedor) &&
      (!nomeVendedor || fold(o.nomeVendedor).includes(nomeVendedor)) &&
      (!marcador || o.marcadores.some((m) => fold(m) === marcador)),
  );
  if (str(params, 'sort').toUpperCase() === 'DESC') hits = [...hits].reverse();
  const page = paginate(hits, ctx);
  if ('error' in page) return page.error;
  return ok({ ...page.fields, pedidos: page.slice.map((o) => orderSummary(acc, o)) });
}

/** Changes an order's status (API or "Tiny side"); stamps the matching dates. */
export function changeOrderStatus(acc: Account, o: Order, code: string, now: number, by: 'api' | 'tiny'): void {
  o.situacao = code;
  o.updatedAt = now;
  if (code === 'faturado' && !o.dataFaturamento) o.dataFaturamento = now;
  if (code === 'enviado' && !o.dataEnvio) o.dataEnvio = now;
  if (code === 'entregue' && !o.dataEntrega) o.dataEntrega = now;
  o.history.push({ situacao: code, at: now, by });
  void acc;
}

function alterarSituacao({ account: acc, params, now }: ServiceContext): TinyBody {
  const id = str(params, 'id');
  const situacaoRaw = str(params, 'situacao');
  if (!id) return fail(10, `${MESSAGES[10]}: id`);
  if (!situacaoRaw) return fail(10, `${MESSAGES[10]}: situacao`);
  const o = /^\d+$/.test(id) ? acc.orderById.get(Number(id)) : undefined;
  if (!o) return fail(32, 'Pedido não localizado');
  const code = statusCode(situacaoRaw);
  if (!code) return fail(31, `Situação inválida: ${situacaoRaw}`);
  if (o.situacao === 'cancelado' && code !== 'cancelado') {
    return fail(31, 'Não é possível alterar a situação de um pedido cancelado');
  }
  changeOrderStatus(acc, o, code, now, 'api');
  // No `registros` here (R9 tripped on that).
  return ok({}, '3');
}

/** pedido.alterar: token and id in the query, JSON body `{"dados_pedido":{…}}`. */
function alterar({ account: acc, params, now }: ServiceContext): TinyBody {
  const id = str(params, 'id');
  if (!id) return fail(10, `${MESSAGES[10]}: id`);
  const o = /^\d+$/.test(id) ? acc.orderById.get(Number(id)) : undefined;
  if (!o) return fail(32, 'Pedido não localizado');
  let dados: unknown;
  try {
    dados = jsonParam(params, 'dados_pedido');
  } catch (e) {
    if (e instanceof MalformedJson) return fail(3);
    throw e;
  }
  if (!isObject(dados)) return fail(3);
  const errors: string[] = [];
  const prev = field(dados, 'data_prevista');
  const envio = field(dados, 'data_envio');
  if (prev && parseTinyDate(prev) === null) errors.push('Data prevista inválida');
  if (envio && parseTinyDate(envio) === null) errors.push('Data de envio inválida');
  if (errors.length > 0) return fail(31, errors);
  if (prev) o.dataPrevista = parseTinyDate(prev);
  if (envio) o.dataEnvio = parseTinyDate(envio);
  if (field(dados, 'obs')) o.obs = field(dados, 'obs');
  if (field(dados, 'obs_interna')) o.obsInterna = field(dados, 'obs_interna');
  if (dados.parcelas !== undefined) o.parcelas = unwrapList(dados.parcelas, 'parcela').map(strings);
  o.updatedAt = now;
  return ok({});
}

export const pedidoServices: ServiceDef[] = [
  { name: 'pedidos.pesquisa', handler: pesquisa },
  {
    name: 'pedido.obter',
    handler: ({ account: acc, params }) => {
      const id = str(params, 'id');
      if (!id) return fail(10, `${MESSAGES[10]}: id`);
      const o = /^\d+$/.test(id) ? acc.orderById.get(Number(id)) : undefined;
      if (!o) return fail(32, 'Pedido não localizado');
      return ok({ pedido: orderDetail(acc, o) });
    },
  },
  { name: 'pedido.incluir', handler: incluir },
  { name: 'pedido.alterar.situacao', handler: alterarSituacao },
  { name: 'pedido.alterar', handler: alterar },
];
