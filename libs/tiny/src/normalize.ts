/**
 * Small normalisers for Tiny's loose JSON: numbers as strings, lists of one as objects,
 * `null`/`""`/`"0"` meaning "none". Every parser goes through these so the quirks live in one place.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

/** Decimal or integer sent as number or string ("5.25", "36.3200000000"); missing/invalid → 0. */
export function num(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 0;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return 0;
    const n = Number(t);
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
}

/** Like `num` but keeps "absent" distinct from 0. */
export function optNum(v: unknown): number | undefined {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return undefined;
  return num(v);
}

/** Reference id where 0 / "0" / "" / null mean "none". */
export function refId(v: unknown): number | null {
  const n = optNum(v);
  return n === undefined || n === 0 ? null : n;
}

export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

export function optStr(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : str(v);
}

/**
 * A Tiny list: `[{item:{…}}, …]`, a single `{item:{…}}`, `{item:[…]}`, a bare array of objects,
 * or nothing at all. Returns the inner objects.
 */
export function list(v: unknown, key: string): JsonObject[] {
  if (v === undefined || v === null || v === '') return [];
  const items = Array.isArray(v) ? v : [v];
  const out: JsonObject[] = [];
  for (const it of items) {
    if (!isObject(it)) continue;
    if (key in it) {
      const inner = it[key];
      if (Array.isArray(inner)) out.push(...inner.filter(isObject));
      else if (isObject(inner)) out.push(inner);
    } else {
      out.push(it);
    }
  }
  return out;
}

/** Plain list of strings/objects keyed by `key` (e.g. `anexos[].anexo` = url string). */
export function listValues(v: unknown, key: string): Json[] {
  if (v === undefined || v === null || v === '') return [];
  const items = Array.isArray(v) ? v : [v];
  const out: Json[] = [];
  for (const it of items) {
    if (isObject(it) && key in it) {
      const inner = it[key];
      if (Array.isArray(inner)) out.push(...inner);
      else out.push(inner);
    } else if (it !== undefined) {
      out.push(it as Json);
    }
  }
  return out;
}

/** Parses Tiny's `dd/mm/yyyy` or `dd/mm/yyyy hh:mm:ss` (Brazil local time, UTC-3) into a Date; null if empty/invalid. */
export function parseTinyDate(v: string | undefined | null, utcOffsetHours = -3): Date | null {
  if (!v) return null;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})(?:\s+(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v.trim());
  if (!m) return null;
  const [, d, mo, y, h = '0', mi = '0', s = '0'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h) - utcOffsetHours, Number(mi), Number(s));
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Formats a Date as Tiny's `dd/mm/yyyy` in Brazil time (UTC-3 by default). */
export function formatTinyDate(date: Date, withTime = false, utcOffsetHours = -3): string {
  const t = new Date(date.getTime() + utcOffsetHours * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}`;
  return withTime ? `${day} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}` : day;
}
