// Tiny speaks Brasília time (UTC-3, no DST since 2019) and dd/mm/yyyy dates.
const BRT_OFFSET_MS = -3 * 60 * 60 * 1000;

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

function brt(ms: number): Date {
  return new Date(ms + BRT_OFFSET_MS);
}

/** `dd/mm/yyyy` in Brasília time. */
export function formatDate(ms: number): string {
  const d = brt(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** `dd/mm/yyyy hh:mm:ss` in Brasília time. */
export function formatDateTime(ms: number): string {
  const d = brt(ms);
  return `${formatDate(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `yyyy-mm-dd hh:mm:ss` (the one place Tiny uses it: produto.atualizar.estoque `data`). */
export function formatIsoLocal(ms: number): string {
  const d = brt(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}`;
}

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Parses `dd/mm/yyyy[ hh:mm[:ss]]` (or `yyyy-mm-dd[ hh:mm:ss]`) as Brasília time; null when invalid. */
export function parseTinyDate(value: string): number | null {
  const s = value.trim();
  const m = DMY.exec(s);
  let y: number, mo: number, d: number, h: number, mi: number, se: number;
  if (m) {
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    [h, mi, se] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  } else {
    const i = YMD.exec(s);
    if (!i) return null;
    [y, mo, d] = [Number(i[1]), Number(i[2]), Number(i[3])];
    [h, mi, se] = [Number(i[4] ?? 0), Number(i[5] ?? 0), Number(i[6] ?? 0)];
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, se) - BRT_OFFSET_MS;
  // Reject 31/02 and friends.
  if (brt(ms).getUTCDate() !== d) return null;
  return ms;
}
