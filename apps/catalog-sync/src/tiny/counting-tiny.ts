import type { CatalogTiny } from './catalog-tiny.port';

/** Wraps a CatalogTiny and counts the calls made through it (sync-run statistics). */
export function countingTiny(inner: CatalogTiny): { tiny: CatalogTiny; calls: () => number } {
  let n = 0;
  const tiny = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        n++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { tiny, calls: () => n };
}
