import type { Account } from '../accounts/account';
import { fail, type Json, type JsonObject, type TinyBody } from '../quirks/envelope';
import { intParam, type Params } from '../quirks/params';

export interface ServiceContext {
  account: Account;
  params: Params;
  now: number;
}

export interface ServiceDef {
  /** Name without `.php`. */
  name: string;
  /** Always-batch services count against the batch sub-limit (§4.1). */
  batch?: boolean;
  handler(ctx: ServiceContext): TinyBody;
}

export const PAGE_SIZE = 100;

/**
 * Tiny paging: 100 per page; no records → code 20; a page past the end → code 23.
 * Returns the page slice and the envelope fields, or an error body.
 */
export function paginate<T>(
  items: readonly T[],
  ctx: ServiceContext,
): { slice: readonly T[]; fields: JsonObject } | { error: TinyBody } {
  if (items.length === 0) return { error: fail(20) };
  const pagina = Math.max(1, intParam(ctx.params, 'pagina') ?? 1);
  const pages = Math.ceil(items.length / PAGE_SIZE);
  if (pagina > pages) return { error: fail(23) };
  const L = ctx.account.loose;
  return {
    slice: items.slice((pagina - 1) * PAGE_SIZE, pagina * PAGE_SIZE),
    fields: { pagina: L.int(pagina, 'pagina', pagina), numero_paginas: L.int(pages, 'numero_paginas', pagina) },
  };
}

/**
 * Tiny sometimes sends a one-element list as a plain object (`{variacao:{…}}` instead of `[{variacao:{…}}]`).
 * Reproduced deterministically per record (odd keys) for the lists R4 reported.
 */
export function maybeSingle(list: JsonObject[], key: number): Json {
  return list.length === 1 && key % 2 === 1 ? list[0] : list;
}

/** Lower-case, accent-free text for the fuzzy searches. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function digits(s: string): string {
  return s.replace(/\D/g, '');
}
