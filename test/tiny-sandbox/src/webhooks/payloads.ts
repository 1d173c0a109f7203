import type { Account } from '../accounts/account';
import type { Invoice, Order, Product } from '../accounts/model';
import { ORDER_STATUS } from '../data/situacoes';
import { formatDate } from '../quirks/dates';
import type { JsonObject } from '../quirks/envelope';

// `dados` of each e-commerce webhook (§5.2). Unmapped products use their Tiny SKU as skuMapeamento
// (what integrators that answer skuMapeamento = codigo get); mapped ones use the partner's SKU.

const money = (n: number): string => n.toFixed(2);

function sku(p: Product | undefined): string {
  if (!p) return '';
  return p.mapping?.skuMapeamento ?? p.codigo;
}

function parentSku(acc: Account, p: Product): string {
  return p.tipoVariacao === 'V' ? sku(acc.productById.get(p.parentId)) : '';
}

export function estoqueDados(acc: Account, p: Product): JsonObject {
  const s = acc.stockOf(p);
  const saldo = acc.settings.stockType === 'D' ? s.saldo - (s.reserved ?? 0) : s.saldo;
  return {
    tipoEstoque: acc.settings.stockType,
    saldo: money(saldo),
    idProduto: p.id,
    sku: p.codigo,
    skuMapeamento: sku(p),
    skuMapeamentoPai: parentSku(acc, p),
  };
}

export function precosDados(acc: Account, p: Product): JsonObject {
  return {
    idMapeamento: String(p.mapping?.idMapeamento ?? p.idMapeamento),
    skuMapeamento: sku(p),
    skuMapeamentoPai: parentSku(acc, p),
    nome: p.nome,
    codigo: p.codigo,
    preco: money(p.preco),
    precoPromocional: money(p.precoPromocional),
  };
}

/** The produto webhook for a product (a variation is sent through its parent). */
export function produtoDados(acc: Account, p: Product): JsonObject {
  const s = acc.stockOf(p);
  const [pai, filha] = p.categoria.split(' >> ');
  const arvore = [
    { id: '1', idPai: '0', descricao: pai ?? '', descricaoCompleta: pai ?? '' },
    ...(filha ? [{ id: '2', idPai: '1', descricao: filha, descricaoCompleta: p.categoria }] : []),
  ];
  return {
    id: String(p.id),
    idMapeamento: String(p.idMapeamento),
    skuMapeamento: p.mapping?.skuMapeamento ?? '',
    nome: p.nome,
    codigo: p.codigo,
    unidade: p.unidade,
    preco: money(p.preco),
    precoPromocional: money(p.precoPromocional),
    ncm: p.ncm,
    origem: '0',
    gtin: p.gtin,
    gtinEmbalagem: '',
    localizacao: p.localizacao,
    pesoLiquido: p.peso.toFixed(3),
    pesoBruto: (p.peso + 0.1).toFixed(3),
    estoqueMinimo: '0.00',
    estoqueMaximo: '0.00',
    idFornecedor: '0',
    codigoFornecedor: '',
    codigoPeloFornecedor: '',
    unidadePorCaixa: '',
    estoqueAtual: s.saldo,
    precoCusto: money(p.precoCusto),
    precoCustoMedio: p.precoCustoMedio.toFixed(10),
    situacao: p.situacao,
    descricaoComplementar: `<p>${p.nome}</p>`,
    obs: '',
    garantia: '',
    cest: '',
    sobEncomenda: 'N',
    marca: p.marca,
    tipoEmbalagem: '2',
    alturaEmbalagem: '10.00',
    larguraEmbalagem: '15.00',
    comprimentoEmbalagem: '20.00',
    diametroEmbalagem: '0.00',
    classeProduto: p.classe,
    idCategoria: filha ? '2' : '1',
    descricaoCategoria: filha ?? pai ?? '',
    descricaoArvoreCategoria: p.categoria,
    arvoreCategoria: arvore,
    variacoes: p.variationIds
      .map((id) => acc.productById.get(id))
      .filter((v): v is Product => v !== undefined)
      .map((v) => ({
        id: String(v.id),
        idMapeamento: String(v.idMapeamento),
        skuMapeamento: v.mapping?.skuMapeamento ?? '',
        codigo: v.codigo,
        gtin: v.gtin,
        preco: money(v.preco),
        precoPromocional: money(v.precoPromocional),
        estoqueAtual: acc.stockOf(v).saldo,
        grade: Object.entries(v.grade ?? {}).map(([chave, valor]) => ({ chave, valor })),
        anexos: [],
      })),
    anexos: [],
    seo: { title: p.nome, description: '', keywords: '', linkVideo: '', slug: p.codigo.toLowerCase() },
    kit: (p.kit ?? []).map((k) => ({ id: String(k.id), quantidade: String(k.quantidade) })),
    diasPreparacao: '0',
  };
}

export function situacaoDados(o: Order): JsonObject {
  return {
    idPedidoEcommerce: o.numeroEcommerce,
    idVendaTiny: o.id,
    situacao: o.situacao,
    descricaoSituacao: ORDER_STATUS[o.situacao] ?? o.situacao,
  };
}

export function notaDados(o: Order, n: Invoice): JsonObject {
  return {
    idNotaFiscalTiny: n.id,
    idPedidoEcommerce: o.numeroEcommerce,
    idVendaTiny: o.id,
    numero: n.numero,
    serie: n.serie,
    chaveAcesso: n.chaveAcesso,
    urlDanfe: `https://erp.tiny.com.br/doc.view?id=${n.id}`,
    dataEmissao: formatDate(n.dataEmissao),
    valorNota: n.valor,
  };
}

export function rastreioDados(o: Order, t: { codigoRastreio: string; urlRastreio: string; transportadora: string }): JsonObject {
  return {
    idEntregaEcommerce: 0,
    idVendaTiny: o.id,
    idNotaFiscalTiny: o.idNotaFiscal,
    idPedidoEcommerce: o.numeroEcommerce,
    codigoRastreio: t.codigoRastreio,
    urlRastreio: t.urlRastreio,
    transportadora: t.transportadora,
    formaEnvio: o.nomeTransportador || t.transportadora,
    formaFrete: o.formaFrete || 'SEDEX',
  };
}
