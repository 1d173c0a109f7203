import type { Json } from '../quirks/envelope';

// Small helpers for the sandbox's own specs (real HTTP, no client library).

export interface TinyResponse {
  status: number;
  headers: Headers;
  text: string;
  json: { retorno: Record<string, Json> };
}

/** POSTs a form body like Tiny's PHP sample: `token=…&formato=json&<params>`; objects become JSON strings. */
export async function tinyPost(
  apiUrl: string,
  service: string,
  params: Record<string, unknown>,
  opts: { formato?: string | null } = {},
): Promise<TinyResponse> {
  const form = new URLSearchParams();
  const formato = opts.formato === undefined ? 'json' : opts.formato;
  if (formato !== null) form.set('formato', formato);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    form.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  const res = await fetch(`${apiUrl}/${service}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return read(res);
}

export async function tinyGet(apiUrl: string, service: string, params: Record<string, string | number>): Promise<TinyResponse> {
  const q = new URLSearchParams({ formato: 'json' });
  for (const [k, v] of Object.entries(params)) q.set(k, String(v));
  return read(await fetch(`${apiUrl}/${service}?${q.toString()}`));
}

export async function read(res: Response): Promise<TinyResponse> {
  const text = await res.text();
  let json: TinyResponse['json'] = { retorno: {} };
  try {
    json = JSON.parse(text) as TinyResponse['json'];
  } catch {
    // XML or HTML answers keep json empty.
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function control<T = unknown>(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}/control${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Reads `registros` whether Tiny sent an object or an array. */
export function registros(r: Record<string, Json>): Record<string, Json>[] {
  const v = r.registros;
  const list = Array.isArray(v) ? v : v ? [v] : [];
  return list.map((x) => (x as Record<string, Record<string, Json>>).registro);
}
