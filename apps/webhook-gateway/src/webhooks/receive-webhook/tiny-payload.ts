import type { TinyWebhookKind } from '@app/contracts';

/*
 * Precompiled checks of Tiny's webhook payloads (tiny-api.md §5.2). Each kind's field table is compiled
 * once into closures that validate AND normalise in one pass, to the shapes of libs/contracts/src/tiny-webhooks
 * (every scalar a string, single-object lists as arrays, unknown fields dropped, keys in table order so
 * JSON.stringify of the result is canonical). A spec checks the tables against the contract classes.
 */

export interface FieldProblem {
  field: string;
  problem: string;
}

type ScalarType = 'text' | 'decimal' | 'decimalOrEmpty' | readonly string[];
type FieldSpec =
  | { t: 'scalar'; type: ScalarType; required: boolean }
  | { t: 'list'; item: Spec; wrapper?: string }
  | { t: 'object'; spec: Spec }
  | { t: 'grade' };
type Spec = Record<string, FieldSpec>;

const req = (type: ScalarType = 'text'): FieldSpec => ({ t: 'scalar', type, required: true });
const opt = (type: ScalarType = 'text'): FieldSpec => ({ t: 'scalar', type, required: false });
const list = (item: Spec, wrapper?: string): FieldSpec => ({ t: 'list', item, wrapper });

const DECIMAL = /^-?\d+(\.\d+)?$/;

const anexo: Spec = { url: req(), nome: opt(), tipo: opt() };

export const DADOS_SPECS: { readonly [K in TinyWebhookKind]: Spec } = {
  estoque: {
    idProduto: req(),
    saldo: req('decimal'),
    tipoEstoque: opt(['F', 'D']),
    sku: opt(),
    skuMapeamento: opt(),
    skuMapeamentoPai: opt(),
  },
  precos: {
    skuMapeamento: req(),
    idMapeamento: opt(),
    skuMapeamentoPai: opt(),
    nome: opt(),
    codigo: opt(),
    preco: req('decimal'),
    precoPromocional: opt('decimalOrEmpty'),
  },
  produto: {
    id: req(),
    idMapeamento: req(),
    skuMapeamento: opt(),
    nome: req(),
    codigo: opt(),
    unidade: opt(),
    preco: opt('decimalOrEmpty'),
    precoPromocional: opt('decimalOrEmpty'),
    ncm: opt(),
    origem: opt(),
    gtin: opt(),
    gtinEmbalagem: opt(),
    localizacao: opt(),
    pesoLiquido: opt('decimalOrEmpty'),
    pesoBruto: opt('decimalOrEmpty'),
    estoqueMinimo: opt('decimalOrEmpty'),
    estoqueMaximo: opt('decimalOrEmpty'),
    idFornecedor: opt(),
    codigoFornecedor: opt(),
    codigoPeloFornecedor: opt(),
    unidadePorCaixa: opt(),
    estoqueAtual: opt('decimalOrEmpty'),
    precoCusto: opt('decimalOrEmpty'),
    precoCustoMedio: opt('decimalOrEmpty'),
    situacao: opt(),
    descricaoComplementar: opt(),
    obs: opt(),
    garantia: opt(),
    cest: opt(),
    sobEncomenda: opt(),
    marca: opt(),
    tipoEmbalagem: opt(),
    alturaEmbalagem: opt('decimalOrEmpty'),
    larguraEmbalagem: opt('decimalOrEmpty'),
    comprimentoEmbalagem: opt('decimalOrEmpty'),
    diametroEmbalagem: opt('decimalOrEmpty'),
    classeProduto: opt(),
    idCategoria: opt(),
    descricaoCategoria: opt(),
    descricaoArvoreCategoria: opt(),
    diasPreparacao: opt(),
    arvoreCategoria: list({ id: req(), idPai: opt(), descricao: opt(), descricaoCompleta: opt() }),
    variacoes: list(
      {
        id: req(),
        idMapeamento: req(),
        skuMapeamento: opt(),
        codigo: opt(),
        gtin: opt(),
        preco: opt('decimalOrEmpty'),
        precoPromocional: opt('decimalOrEmpty'),
        estoqueAtual: opt('decimalOrEmpty'),
        grade: { t: 'grade' },
        anexos: list(anexo, 'anexo'),
      },
      'variacao',
    ),
    anexos: list(anexo, 'anexo'),
    seo: { t: 'object', spec: { title: opt(), description: opt(), keywords: opt(), linkVideo: opt(), slug: opt() } },
    kit: list({ id: req(), quantidade: req('decimal') }, 'item'),
  },
  situacao_pedido: {
    idVendaTiny: req(),
    idPedidoEcommerce: opt(),
    situacao: req(),
    descricaoSituacao: opt(),
  },
  nota_fiscal: {
    idNotaFiscalTiny: req(),
    idPedidoEcommerce: opt(),
    idVendaTiny: opt(),
    numero: opt(),
    serie: opt(),
    chaveAcesso: opt(),
    urlDanfe: opt(),
    dataEmissao: opt(),
    valorNota: opt('decimalOrEmpty'),
  },
  rastreio: {
    codigoRastreio: req(),
    idVendaTiny: opt(),
    idPedidoEcommerce: opt(),
    idNotaFiscalTiny: opt(),
    idEntregaEcommerce: opt(),
    urlRastreio: opt(),
    transportadora: opt(),
    formaEnvio: opt(),
    formaFrete: opt(),
  },
};

type Normalise = (raw: unknown, path: string, problems: FieldProblem[]) => unknown;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BAD_TEXT = 'contém caracteres inválidos (NUL ou UTF-16 inválido)';

/**
 * PostgreSQL cannot store NUL or a lone UTF-16 surrogate (text or jsonb): such a value would fail the
 * whole batch its webhook is stored with, so it is refused with its own 400 instead.
 */
function storable(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** Tiny sends numbers or strings at random: both become strings. */
function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function compileScalar(f: { type: ScalarType; required: boolean }): Normalise {
  return (raw, path, problems) => {
    if (raw === undefined || raw === null || (raw === '' && Array.isArray(f.type))) {
      if (f.required) problems.push({ field: path, problem: 'obrigatório' });
      return undefined;
    }
    const text = scalarText(raw);
    if (text === undefined) {
      problems.push({ field: path, problem: 'deve ser texto ou número' });
      return undefined;
    }
    if (!storable(text)) {
      problems.push({ field: path, problem: BAD_TEXT });
      return undefined;
    }
    if (f.required && text.trim() === '') {
      problems.push({ field: path, problem: 'obrigatório' });
      return undefined;
    }
    if (f.type === 'decimal' && !DECIMAL.test(text)) {
      problems.push({ field: path, problem: 'deve ser um número decimal com ponto (ex.: 37.00)' });
      return undefined;
    }
    if (f.type === 'decimalOrEmpty' && text !== '' && !DECIMAL.test(text)) {
      problems.push({ field: path, problem: 'deve ser um número decimal com ponto (ex.: 37.00) ou vazio' });
      return undefined;
    }
    if (Array.isArray(f.type) && !f.type.includes(text)) {
      problems.push({ field: path, problem: `deve ser um destes valores: ${f.type.join(', ')}` });
      return undefined;
    }
    return text;
  };
}

/** grade as [{chave, valor}] (webhook docs) or {"Cor": "Azul"} (how produto.obter spells it). */
const normaliseGrade: Normalise = (raw, path, problems) => {
  if (raw === undefined || raw === null || raw === '') return [];
  const entries = Array.isArray(raw)
    ? raw
    : isObject(raw) && !('chave' in raw)
      ? Object.entries(raw).map(([chave, valor]) => ({ chave, valor }))
      : [raw];
  const out: { chave: string; valor: string }[] = [];
  entries.forEach((e, i) => {
    const chave = isObject(e) ? scalarText(e.chave) : undefined;
    const valor = isObject(e) ? scalarText(e.valor) : undefined;
    if (chave === undefined || valor === undefined) problems.push({ field: `${path}[${i}]`, problem: 'deve ter chave e valor' });
    else if (!storable(chave) || !storable(valor)) problems.push({ field: `${path}[${i}]`, problem: BAD_TEXT });
    else out.push({ chave, valor });
  });
  return out;
};

function compileList(item: Spec, wrapper: string | undefined): Normalise {
  const one = compileObject(item);
  return (raw, path, problems) => {
    if (raw === undefined || raw === null || raw === '') return [];
    // A one-element list may arrive as the element itself.
    const items = Array.isArray(raw) ? raw : [raw];
    return items.map((it, i) => {
      // v2 style wrapper: [{ "variacao": { ... } }]
      const inner = wrapper && isObject(it) && isObject(it[wrapper]) && Object.keys(it).length === 1 ? it[wrapper] : it;
      return one(inner, `${path}[${i}]`, problems);
    });
  };
}

function compileField(f: FieldSpec): Normalise {
  switch (f.t) {
    case 'scalar':
      return compileScalar(f);
    case 'list':
      return compileList(f.item, f.wrapper);
    case 'object': {
      const inner = compileObject(f.spec);
      return (raw, path, problems) => (raw === undefined || raw === null || raw === '' ? undefined : inner(raw, path, problems));
    }
    case 'grade':
      return normaliseGrade;
  }
}

function compileObject(spec: Spec): Normalise {
  const fields = Object.entries(spec).map(([name, f]) => ({ name, run: compileField(f) }));
  return (raw, path, problems) => {
    if (!isObject(raw)) {
      problems.push({ field: path, problem: 'deve ser um objeto' });
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const { name, run } of fields) {
      const value = run(raw[name], `${path}.${name}`, problems);
      if (value !== undefined) out[name] = value;
    }
    return out;
  };
}

const COMPILED = Object.fromEntries(
  Object.entries(DADOS_SPECS).map(([kind, spec]) => [kind, compileObject(spec)]),
) as { [K in TinyWebhookKind]: Normalise };

/** Validates and normalises Tiny's `dados` of `kind`; `problems` names each bad field as `dados.<path>`. */
export function normaliseDados(kind: TinyWebhookKind, raw: unknown): { dados?: Record<string, unknown>; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const dados = COMPILED[kind](raw, 'dados', problems) as Record<string, unknown> | undefined;
  return problems.length ? { problems } : { dados, problems };
}

export interface TinyEnvelope {
  versao: string | null;
  cnpj: string;
  idEcommerce: string;
  tipo: string;
  dados: unknown;
}

/** The common envelope {versao, cnpj, idEcommerce, tipo, dados}; `dados` may itself be a JSON string (form variant). */
export function parseEnvelope(body: Record<string, unknown>): { envelope?: TinyEnvelope; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (name: string, required: boolean): string | undefined => {
    const v = scalarText(body[name]);
    if (v === undefined || v.trim() === '') {
      if (required) problems.push({ field: name, problem: body[name] === undefined || body[name] === null ? 'obrigatório' : 'deve ser texto ou número' });
      return undefined;
    }
    if (!storable(v)) {
      problems.push({ field: name, problem: BAD_TEXT });
      return undefined;
    }
    return v.trim();
  };
  const versao = text('versao', false) ?? null;
  const cnpjRaw = text('cnpj', true);
  const idEcommerce = text('idEcommerce', true);
  const tipo = text('tipo', true);
  let dados = body.dados;
  if (typeof dados === 'string') {
    try {
      dados = JSON.parse(dados) as unknown;
    } catch {
      problems.push({ field: 'dados', problem: 'JSON inválido' });
    }
  }
  if (dados === undefined || dados === null) problems.push({ field: 'dados', problem: 'obrigatório' });
  const cnpj = cnpjRaw?.replace(/\D/g, '');
  if (cnpjRaw !== undefined && !cnpj) problems.push({ field: 'cnpj', problem: 'deve conter os dígitos do CNPJ/CPF' });
  if (problems.length || !cnpj || !idEcommerce || !tipo) return { problems };
  return { envelope: { versao, cnpj, idEcommerce, tipo, dados }, problems };
}
