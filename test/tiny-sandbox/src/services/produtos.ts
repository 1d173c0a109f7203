import type { Account } from '../accounts/account';
import { ControlError } from '../accounts/errors';
import type { Product } from '../accounts/model';
import { formatDateTime, parseTinyDate } from '../quirks/dates';
import { fail, MESSAGES, ok, recordError, type Json, type JsonObject, type TinyBody } from '../quirks/envelope';
import { decimal, field, intParam, isObject, jsonParam, MalformedJson, str, unwrapList } from '../quirks/params';
import { maybeSingle, paginate, type ServiceDef } from './types';

/** `produtos.pesquisa` item. Prices follow `idListaPreco` when given. */
export function productSummary(acc: Account, p: Product, idListaPreco: number | null): JsonObject {
  const L = acc.loose;
  const k = p.id;
  const price = acc.priceIn(p, idListaPreco);
  return {
    produto: {
      id: L.int(p.id, 'id', k),
      codigo: p.codigo,
      nome: p.nome,
      preco: L.dec(price.preco, 'preco', k),
      preco_promocional: L.dec(price.precoPromocional, 'preco_promocional', k),
      preco_custo: L.dec(p.precoCusto, 'preco_custo', k),
      preco_custo_medio: L.dec(p.precoCustoMedio, 'preco_custo_medio', k, 10),
      unidade: p.unidade,
      gtin: p.gtin,
      tipoVariacao: p.tipoVariacao,
      localizacao: p.localizacao,
      situacao: p.situacao,
      data_criacao: formatDateTime(p.createdAt),
    },
  };
}

function mappingOf(acc: Account, p: Product): JsonObject[] {
  if (!p.mapping) return [];
  const L = acc.loose;
  const m: JsonObject = {
    idEcommerce: L.int(acc.settings.idEcommerce, 'idEcommerce', p.id),
    skuMapeamento: p.mapping.skuMapeamento,
    idMapeamento: L.int(p.mapping.idMapeamento, 'idMapeamento', p.id),
    preco: L.dec(p.preco, 'preco', p.id),
    preco_promocional: L.dec(p.precoPromocional, 'preco_promocional', p.id),
  };
  if (p.tipoVariacao === 'V') {
    const parent = acc.productById.get(p.parentId);
    m.skuMapeamentoPai = parent?.mapping?.skuMapeamento ?? '';
    m.idMapeamentoPai = parent?.mapping ? L.int(parent.mapping.idMapeamento, 'idMapeamentoPai', p.id) : '';
  }
  return [{ mapeamento: m }];
}

/** `produto.obter` record. */
export function productDetail(acc: Account, p: Product): JsonObject {
  const L = acc.loose;
  const k = p.id;
  const variacoes: JsonObject[] = p.variationIds
    .map((id) => acc.productById.get(id))
    .filter((v): v is Product => v !== undefined)
    .map((v) => ({
      variacao: {
        id: L.int(v.id, 'id', v.id),
        codigo: v.codigo,
        preco: L.dec(v.preco, 'preco', v.id),
        grade: v.grade ?? {},
        ...(v.mapping ? { mapeamentos: mappingOf(acc, v) } : {}),
      },
    }));
  const kit: JsonObject[] = (p.kit ?? []).map((it) => ({
    item: { id_produto: L.int(it.id, 'id_produto', k), quantidade: L.dec(it.quantidade, 'quantidade', k) },
  }));
  const out: JsonObject = {
    id: L.int(p.id, 'id', k),
    data_criacao: formatDateTime(p.createdAt),
    nome: p.nome,
    codigo: p.codigo,
    unidade: p.unidade,
    preco: L.dec(p.preco, 'preco', k),
    preco_promocional: L.dec(p.precoPromocional, 'preco_promocional', k),
    ncm: p.ncm,
    origem: '0',
    gtin: p.gtin,
    gtin_embalagem: '',
    localizacao: p.localizacao,
    peso_liquido: L.dec(p.peso, 'peso_liquido', k, 3),
    peso_bruto: L.dec(p.peso + 0.1, 'peso_bruto', k, 3),
    estoque_minimo: L.dec(0, 'estoque_minimo', k),
    estoque_maximo: L.dec(0, 'estoque_maximo', k),
    id_fornecedor: L.int(0, 'id_fornecedor', k),
    codigo_fornecedor: '',
    codigo_pelo_fornecedor: '',
    unidade_por_caixa: '',
    preco_custo: L.dec(p.precoCusto, 'preco_custo', k),
    preco_custo_medio: L.dec(p.precoCustoMedio, 'preco_custo_medio', k, 10),
    situacao: p.situacao,
    tipo: 'P',
    classe_ipi: '',
    valor_ipi_fixo: '',
    cod_lista_servicos: '',
    descricao_complementar: `<p>${p.nome}</p>`,
    obs: '',
    garantia: '',
    cest: '',
    tipoVariacao: p.tipoVariacao,
    variacoes: maybeSingle(variacoes, k) as Json,
    idProdutoPai: p.parentId ? L.int(p.parentId, 'idProdutoPai', k) : '0',
    sob_encomenda: 'N',
    dias_preparacao: L.int(0, 'dias_preparacao', k),
    marca: p.marca,
    tipoEmbalagem: '2',
    alturaEmbalagem: '10.00',
    larguraEmbalagem: '15.00',
    comprimentoEmbalagem: '20.00',
    diametroEmbalagem: '0.00',
    categoria: p.categoria,
    anexos: [],
    imagens_externas: [],
    classe_produto: p.classe,
    kit: maybeSingle(kit, k) as Json,
    seo_title: p.nome,
    seo_keywords: '',
    seo_description: '',
    link_video: '',
    slug: p.codigo.toLowerCase(),
    mapeamentos: maybeSingle(mappingOf(acc, p), k) as Json,
  };
  if (p.tipoVariacao === 'V') out.grade = p.grade ?? {};
  return out;
}

export interface NewProduct {
  codigo: string;
  nome?: string;
  preco?: number;
  precoPromocional?: number;
  unidade?: string;
  situacao?: 'A' | 'I';
  gtin?: string;
  categoria?: string;
  marca?: string;
  /** Initial stock in deposit "Geral". */
  saldo?: number;
  /** Makes it a variation of this parent (SKU or id). */
  parent?: string | number;
  grade?: Record<string, string>;
}

/** Creates a simple product (or a variation of an existing parent). Used by produto.incluir and the control API. */
export function createProduct(acc: Account, input: NewProduct, now: number): Product {
  if (!input.codigo) throw new ControlError(400, 'codigo is required');
  if (acc.productBySku.has(input.codigo)) throw new ControlError(409, `codigo ${input.codigo} already exists`);
  let parent: Product | undefined;
  if (input.parent !== undefined) {
    parent = acc.findProduct(input.parent);
    if (!parent || parent.tipoVariacao !== 'P') throw new ControlError(400, `parent ${input.parent} is not a parent product`);
  }
  const preco = input.preco ?? 10;
  const custo = Math.round(preco * 0.45 * 100) / 100;
  const p: Product = {
    id: acc.nextProductId(),
    codigo: input.codigo,
    nome: input.nome ?? input.codigo,
    unidade: input.unidade ?? 'UN',
    preco,
    precoPromocional: input.precoPromocional ?? 0,
    precoCusto: custo,
    precoCustoMedio: custo,
    gtin: input.gtin ?? '',
    situacao: input.situacao ?? 'A',
    tipoVariacao: parent ? 'V' : 'N',
    classe: parent ? 'V' : 'S',
    parentId: parent?.id ?? 0,
    variationIds: [],
    grade: parent ? (input.grade ?? {}) : null,
    kit: null,
    categoria: input.categoria ?? parent?.categoria ?? '',
    marca: input.marca ?? parent?.marca ?? '',
    localizacao: '',
    ncm: '',
    peso: 0.5,
    deposits: [{ nome: 'Geral', desconsiderar: 'N', saldo: input.saldo ?? 0 }],
    reserved: 0,
    createdAt: now,
    updatedAt: now,
    idMapeamento: acc.nextMapeamentoId(),
    mapping: null,
  };
  acc.addProduct(p);
  if (parent) parent.variationIds.push(p.id);
  return p;
}

const SITUACOES = new Set(['A', 'I', 'E']);

function search(ctx: Parameters<ServiceDef['handler']>[0]): TinyBody {
  const { account: acc, params } = ctx;
  const q = str(params, 'pesquisa');
  const gtin = str(params, 'gtin');
  const situacao = str(params, 'situacao').toUpperCase();
  const idListaPreco = intParam(params, 'idListaPreco');
  const dataCriacao = str(params, 'dataCriacao');
  const since = dataCriacao ? parseTinyDate(dataCriacao) : null;
  if (dataCriacao && since === null) return fail(31, 'Data de criação inválida');
  if (situacao && !SITUACOES.has(situacao)) return fail(31, 'Situação inválida');
  if (idListaPreco !== null && !acc.priceLists.some((l) => l.id === idListaPreco)) {
    return fail(31, 'Lista de preço não encontrada');
  }
  // Default A + I: excluded products (E) are listed only when asked for with situacao=E.
  const matches = q ? acc.productSearch.find(q) : acc.products;
  const anyExcluded = !situacao && matches.some((p) => p.situacao === 'E');
  const hits =
    !gtin && !situacao && since === null && !anyExcluded
      ? matches
      : matches.filter(
          (p) =>
            (!gtin || p.gtin === gtin) &&
            (situacao ? p.situacao === situacao : p.situacao !== 'E') &&
            (since === null || p.createdAt >= since),
        );
  const page = paginate(hits, ctx);
  if ('error' in page) return page.error;
  return ok({ ...page.fields, produtos: page.slice.map((p) => productSummary(acc, p, idListaPreco)) });
}

/** produto.incluir / produto.alterar (batch): `produto={"produtos":[{"produto":{sequencia,…}}]}`, ≤ 20. */
function productBatch(mode: 'incluir' | 'alterar') {
  return (ctx: Parameters<ServiceDef['handler']>[0]): TinyBody => {
    const { account: acc, now } = ctx;
    let root: unknown;
    try {
      root = jsonParam(ctx.params, 'produto');
    } catch (e) {
      if (e instanceof MalformedJson) return fail(3);
      throw e;
    }
    if (root === undefined) return fail(10, `${MESSAGES[10]}: produto`);
    if (!isObject(root) || root.produtos === undefined) return fail(3);
    const list = unwrapList(root.produtos, 'produto');
    if (list.length > 20) return fail(22);
    const seqs = list.map((r) => field(r, 'sequencia')).filter((s) => s !== '');
    if (new Set(seqs).size !== seqs.length) return fail(9);
    const registros: JsonObject[] = [];
    let okCount = 0;
    for (const r of list) {
      const seq = field(r, 'sequencia');
      const errors: string[] = [];
      if (!seq) errors.push('O número de sequência deve ser informado');
      const codigo = field(r, 'codigo');
      const nome = field(r, 'nome');
      const situacao = field(r, 'situacao').toUpperCase();
      if (mode === 'incluir') {
        if (!nome) errors.push('O nome do produto deve ser informado');
        if (!field(r, 'unidade')) errors.push('A unidade do produto deve ser informada');
        if (!situacao) errors.push('A situação do produto deve ser informada');
        if (codigo && acc.productBySku.has(codigo)) {
          registros.push(recordError(seq, 30, ['Registro em duplicidade']));
          continue;
        }
      }
      if (errors.length > 0) {
        registros.push(recordError(seq, 31, errors));
        continue;
      }
      if (mode === 'incluir') {
        const p = createProduct(
          acc,
          {
            codigo: codigo || `AUTO-${acc.products.length + 1}`,
            nome,
            unidade: field(r, 'unidade'),
            preco: decimal(r, 'preco') ?? 0,
            precoPromocional: decimal(r, 'preco_promocional') ?? 0,
            situacao: situacao === 'I' ? 'I' : 'A',
            gtin: field(r, 'gtin'),
            marca: field(r, 'marca'),
            categoria: field(r, 'categoria'),
          },
          now,
        );
        registros.push({ registro: { sequencia: seq, status: 'OK', id: String(p.id) } });
      } else {
        const p = acc.findProduct(field(r, 'id')) ?? (codigo ? acc.productBySku.get(codigo) : undefined);
        if (!p) {
          registros.push(recordError(seq, 32, ['Produto não encontrado']));
          continue;
        }
        if (nome) p.nome = nome;
        if (situacao === 'A' || situacao === 'I') p.situacao = situacao;
        const preco = decimal(r, 'preco');
        const promo = decimal(r, 'preco_promocional');
        if (preco !== null || promo !== null) {
          acc.setPrices(p, { preco: preco ?? undefined, precoPromocional: promo ?? undefined }, now, true);
        }
        acc.productSearch.invalidate();
        p.updatedAt = now;
        registros.push({ registro: { sequencia: seq, status: 'OK', id: String(p.id) } });
      }
      okCount++;
    }
    return batchAnswer(registros, okCount);
  };
}

/** Batch answers: all OK → 3/OK; none → "2"/Erro; some → 4/Parcial. registros is always an array here. */
export function batchAnswer(registros: JsonObject[], okCount: number): TinyBody {
  if (okCount === registros.length) return ok({ registros });
  if (okCount === 0) return { retorno: { status_processamento: '2', status: 'Erro', registros } };
  return { retorno: { status_processamento: 4, status: 'Parcial', registros } };
}

export const produtoServices: ServiceDef[] = [
  { name: 'produtos.pesquisa', handler: search },
  {
    name: 'produto.obter',
    handler: ({ account, params }) => {
      const id = str(params, 'id');
      if (!id) return fail(10, `${MESSAGES[10]}: id`);
      const p = /^\d+$/.test(id) ? account.productById.get(Number(id)) : undefined;
      if (!p) return fail(32, 'Produto não localizado');
      return ok({ produto: productDetail(account, p) });
    },
  },
  { name: 'produto.incluir', batch: true, handler: productBatch('incluir') },
  { name: 'produto.alterar', batch: true, handler: productBatch('alterar') },
];

