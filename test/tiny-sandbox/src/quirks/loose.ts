/**
 * Tiny returns the same field sometimes as a number and sometimes as a string ("3" vs 3, "59.90" vs 59.9).
 * The sandbox reproduces that deterministically: the choice depends on the field name and the record key,
 * so a given record always looks the same and tests stay stable.
 */
export type NumberStyle = 'mixed' | 'strings' | 'numbers';

const fieldHashes = new Map<string, number>();

function fieldHash(field: string): number {
  let h = fieldHashes.get(field);
  if (h === undefined) {
    h = 0;
    for (let i = 0; i < field.length; i++) h = (h * 31 + field.charCodeAt(i)) | 0;
    h = Math.abs(h);
    fieldHashes.set(field, h);
  }
  return h;
}

export class Loose {
  constructor(readonly style: NumberStyle) {}

  /** True when this field of this record is sent as a string. */
  asString(field: string, key: number): boolean {
    if (this.style === 'strings') return true;
    if (this.style === 'numbers') return false;
    return (fieldHash(field) + key) % 2 === 0;
  }

  /** An integer (id, quantity, code) as number or string. */
  int(value: number, field: string, key: number): number | string {
    return this.asString(field, key) ? String(value) : value;
  }

  /** A decimal: a string with `decimals` places ("59.90") or a plain number (59.9). */
  dec(value: number, field: string, key: number, decimals = 2): number | string {
    return this.asString(field, key) ? value.toFixed(decimals) : round(value, decimals);
  }
}

export function round(value: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
