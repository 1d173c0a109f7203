// Substring search over many records: one joined string scanned with indexOf is several times faster than
// calling includes() on each key (benchmarks search 10 000 products hundreds of times a second).

export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

export class SearchIndex<T> {
  private text = '';
  private starts: number[] = [];
  private dirty = true;

  constructor(
    private readonly items: () => readonly T[],
    private readonly key: (item: T) => string,
  ) {}

  invalidate(): void {
    this.dirty = true;
  }

  /** Items whose folded key contains the folded query, in list order. */
  find(query: string): T[] {
    const items = this.items();
    const q = foldText(query).replace(/\n/g, ' ');
    if (!q) return [...items];
    if (this.dirty) this.rebuild(items);
    const out: T[] = [];
    const starts = this.starts;
    let from = 0;
    for (;;) {
      const at = this.text.indexOf(q, from);
      if (at === -1) break;
      // binary search: the last start <= at
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= at) lo = mid;
        else hi = mid - 1;
      }
      out.push(items[lo]);
      from = lo + 1 < starts.length ? starts[lo + 1] : this.text.length;
    }
    return out;
  }

  private rebuild(items: readonly T[]): void {
    const parts: string[] = [];
    this.starts = [];
    let pos = 0;
    for (const item of items) {
      const k = foldText(this.key(item)).replace(/\n/g, ' ');
      this.starts.push(pos);
      parts.push(k);
      pos += k.length + 1;
    }
    const text = parts.join('\n');
    // A one-byte (latin1) string scans about twice as fast; folding leaves almost every key in that range.
    this.text = isLatin1(text) ? Buffer.from(text, 'latin1').toString('latin1') : text;
    this.dirty = false;
  }
}
