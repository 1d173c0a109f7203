/** Tiny sends decimals as numbers or strings ("36.3200000000"); we keep two places as a string. */
export function toMoney(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  if (!Number.isFinite(n)) return null;
  return n.toFixed(2);
}

export function toQuantity(value: unknown): number {
  if (value === null || value === undefined || value === '') return 0;
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  return Number.isFinite(n) ? Math.round(n * 10000) / 10000 : 0;
}

/** Applies a price list's percentage (e.g. -10 = 10 % off) to a base price, half-up to cents. */
export function applyPercentage(base: string, percent: number): string {
  return (Math.round(Number(base) * (1 + percent / 100) * 100) / 100).toFixed(2);
}
