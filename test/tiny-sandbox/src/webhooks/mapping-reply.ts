import { isObject } from '../quirks/params';

// The produto webhook is request/response: the partner answers the mappings it created.
// Real Tiny accepts a bare array; the doc shows {mapeamentos:[{mapeamento:{…}}]}. Both are parsed.

export interface ParsedMapping {
  idMapeamento: string;
  skuMapeamento: string;
  urlProduto?: string;
  error?: string;
}

export interface MappingReply {
  shape: 'array' | 'wrapped' | 'object' | 'invalid';
  mappings: ParsedMapping[];
  error?: string;
}

const scalar = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

function entry(v: unknown): ParsedMapping | undefined {
  const m = isObject(v) && isObject(v.mapeamento) ? v.mapeamento : v;
  if (!isObject(m)) return undefined;
  const idMapeamento = scalar(m.idMapeamento);
  const skuMapeamento = scalar(m.skuMapeamento) ?? '';
  if (!idMapeamento) return undefined;
  const out: ParsedMapping = { idMapeamento, skuMapeamento };
  const url = scalar(m.urlProduto);
  if (url) out.urlProduto = url;
  const error = scalar(m.error);
  if (error) out.error = error;
  return out;
}

export function parseMappingReply(text: string): MappingReply {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { shape: 'invalid', mappings: [], error: 'reply is not JSON' };
  }
  let shape: MappingReply['shape'];
  let list: unknown[];
  if (Array.isArray(body)) {
    shape = 'array';
    list = body;
  } else if (isObject(body) && Array.isArray(body.mapeamentos)) {
    shape = 'wrapped';
    list = body.mapeamentos;
  } else if (isObject(body) && body.idMapeamento !== undefined) {
    shape = 'object';
    list = [body];
  } else {
    return { shape: 'invalid', mappings: [], error: 'reply is neither an array nor {mapeamentos:[…]}' };
  }
  const mappings: ParsedMapping[] = [];
  for (const v of list) {
    const m = entry(v);
    if (!m) return { shape: 'invalid', mappings: [], error: 'an entry lacks idMapeamento' };
    mappings.push(m);
  }
  return { shape, mappings };
}
