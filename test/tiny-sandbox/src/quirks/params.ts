// Tiny reads parameters from the query string and from a form body; complex ones are JSON inside a field.

export type Params = Record<string, unknown>;

export class MalformedJson extends Error {}

export function mergeParams(query: unknown, body: unknown): Params {
  const out: Params = {};
  if (query && typeof query === 'object') Object.assign(out, query);
  if (body && typeof body === 'object' && !Array.isArray(body)) Object.assign(out, body);
  return out;
}

/** A scalar parameter as a trimmed string ('' when absent). */
export function str(params: Params, name: string): string {
  const v = params[name];
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.length > 0) return str({ x: v[v.length - 1] }, 'x');
  return '';
}

export function intParam(params: Params, name: string): number | null {
  const s = str(params, name);
  if (s === '' || !/^-?\d+$/.test(s)) return null;
  return Number(s);
}

/** A JSON-in-a-field parameter (string) or an already parsed object (JSON body). Throws MalformedJson. */
export function jsonParam(params: Params, name: string): unknown {
  const v = params[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      throw new MalformedJson(name);
    }
  }
  return v;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A field of an unknown object as a string ('' when absent). */
export function field(obj: unknown, name: string): string {
  if (!isObject(obj)) return '';
  const v = obj[name];
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** Tiny decimals arrive as "1234.56" (sometimes with a comma): parse leniently, null when not a number. */
export function decimal(obj: unknown, name: string): number | null {
  const s = field(obj, name).replace(',', '.');
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Tiny lists come as [{item:{...}}], sometimes as {item:{...}} for one element, sometimes bare. */
export function unwrapList(value: unknown, key: string): unknown[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry) => (isObject(entry) && isObject(entry[key]) ? entry[key] : entry));
}
