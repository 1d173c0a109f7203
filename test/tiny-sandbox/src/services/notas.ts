import type { Account } from '../accounts/account';
import type { Invoice, Order } from '../accounts/model';
import { INVOICE_STATUS } from '../data/situacoes';
import { formatDate, parseTinyDate } from '../quirks/dates';
import { fail, ok, type JsonObject, type TinyBody } from '../quirks/envelope';
import { intParam, str } from '../quirks/params';
import { digits, fold, paginate, type ServiceContext, type ServiceDef } from './types';

/** Issues an authorised NF-e (situacao 6) for an order, as Tiny does when the seller invoices it. */
export function issueInvoice(acc: Account, o: Order, now: number): Invoice {
  const numero = String(++acc.invoiceNumero).padStart(6, '0');
  const serie = '1';
  const chave = `35${formatDate(now).slice(8, 10)}${formatDate(now).slice(3, 5)}${acc.settings.cnpj.padStart(14, '0')}55${serie.padStart(3, '0')}${numero.padStart(9, '0')}1${numero.padStart(8, '0')}`;
  const inv: Invoice = {
    id: acc.nextInvoiceId(),
    tipo: 'S',
    serie,
    numero,
    orderId: o.id,
    numeroEcommerce: o.numeroEcommerce,
    dataEmissao: now,
    nome: o.cliente.nome ?? '',
    cpfCnpj: o.cliente.cpf_cnpj ?? '',
    valor: o.totalPedido,
    valorProdutos: o.totalProdutos,
    valorFrete: o.valorFrete,
    idVendedor: o.idVendedor,
    nomeVendedor: o.nomeVendedor,
    situacao: 6,
    chaveAcesso: chave.slice(0, 44).padEnd(44, '0'),
    codigoRastreamento: o.codigoRastreamento,
    urlRastreamento: o.urlRastreamento,
  };
  acc.invoices.push(inv);
  o.idNotaFiscal = inv.id;
  o.updatedAt = now;
  return inv;
}

function invoiceSummary(acc: Account, n: Invoice): JsonObject {
  const L = acc.loose;
  const o = acc.orderById.get(n.orderId);
  return {
    nota_fiscal: {
      id: L.int(n.id, 'id', n.id),
      tipo: n.tipo,
      serie: n.serie,
      numero: n.numero,
      numero_ecommerce: n.numeroEcommerce,
      data_emissao: formatDate(n.dataEmissao),
      nome: n.nome,
      cliente: {
        nome: n.nome,
        cpf_cnpj: n.cpfCnpj,
        endereco: o?.cliente.endereco ?? '',
        numero: o?.cliente.numero ?? '',
        bairro: o?.cliente.bairro ?? '',
        cep: o?.cliente.cep ?? '',
        cidade: o?.cliente.cidade ?? '',
        uf: o?.cliente.uf ?? '',
      },
      endereco_entrega: o?.enderecoEntrega ?? {},
      transportador: { nome: o?.nomeTransportador ?? '' },
      valor: L.dec(n.valor, 'valor', n.id),
      valor_produtos: L.dec(n.valorProdutos, 'valor_produtos', n.id),
      valor_frete: L.dec(n.valorFrete, 'valor_frete', n.id),
      id_vendedor: L.int(n.idVendedor, 'id_vendedor', n.id),
      nome_vendedor: n.nomeVendedor,
      situacao: L.int(n.situacao, 'situacao', n.id),
      descricao_situacao: INVOICE_STATUS[n.situacao] ?? '',
      chave_acesso: n.chaveAcesso,
      id_forma_frete: '',
      id_forma_envio: '',
      codigo_rastreamento: n.codigoRastreamento,
      url_rastreamento: n.urlRastreamento,
    },
  };
}

function pesquisa(ctx: ServiceContext): TinyBody {
  const { account: acc, params } = ctx;
  const tipo = str(params, 'tipoNota').toUpperCase();
  const numero = str(params, 'numero');
  const cliente = fold(str(params, 'cliente'));
  const doc = digits(str(params, 'cpf_cnpj'));
  const iniRaw = str(params, 'dataInicial');
  const fimRaw = str(params, 'dataFinal');
  const ini = iniRaw ? parseTinyDate(iniRaw) : null;
  const fim = fimRaw ? parseTinyDate(fimRaw) : null;
  if ((iniRaw && ini === null) || (fimRaw && fim === null)) return fail(31, 'Data inválida');
  const situacao = intParam(params, 'situacao');
  const numeroEcommerce = str(params, 'numeroEcommerce');
  const idVendedor = intParam(params, 'idVendedor');
  const nomeVendedor = fold(str(params, 'nomeVendedor'));
  const hits = acc.invoices.filter(
    (n) =>
      (!tipo || n.tipo === tipo) &&
      (!numero || Number(n.numero) === Number(numero)) &&
      (!cliente || fold(n.nome).includes(cliente)) &&
      (!doc || digits(n.cpfCnpj) === doc) &&
      (ini === null || n.dataEmissao >= ini) &&
      (fim === null || n.dataEmissao < fim + 86_400_000) &&
      (situacao === null || n.situacao === situacao) &&
      (!numeroEcommerce || n.numeroEcommerce === numeroEcommerce) &&
      (idVendedor === null || n.idVendedor === idVendedor) &&
      (!nomeVendedor || fold(n.nomeVendedor).includes(nomeVendedor)),
  );
  const page = paginate(hits, ctx);
  if ('error' in page) return page.error;
  return ok({ ...page.fields, notas_fiscais: page.slice.map((n) => invoiceSummary(acc, n)) });
}

export const notaServices: ServiceDef[] = [{ name: 'notas.fiscais.pesquisa', handler: pesquisa }];
