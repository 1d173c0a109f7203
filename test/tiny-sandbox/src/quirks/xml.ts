import type { Json } from './envelope';

// Without formato=json Tiny answers XML. The sandbox renders the same envelope as simple XML.

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function render(name: string, value: Json, out: string[]): void {
  if (value === null || value === undefined) {
    out.push(`<${name}/>`);
  } else if (Array.isArray(value)) {
    // Lists are [{item: {...}}]: the wrapper element holds one element per entry.
    out.push(`<${name}>`);
    for (const entry of value) {
      if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
        for (const [k, v] of Object.entries(entry)) render(k, v, out);
      } else {
        render('item', entry, out);
      }
    }
    out.push(`</${name}>`);
  } else if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) render(k, v, out);
    out.push(`</${name}>`);
  } else {
    out.push(`<${name}>${escape(String(value))}</${name}>`);
  }
}

export function toXml(body: { retorno: Json }): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render('retorno', body.retorno, out);
  return out.join('');
}
