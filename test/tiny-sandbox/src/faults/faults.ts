// Faults injected per account. Without count and durationMs a fault stays until cleared; with both it
// ends at whichever comes first. `services` (names without .php) restricts it to some services.

export const FAULT_KINDS = [
  'latency',
  'http5xx',
  'timeout',
  'drop',
  'rateLimited',
  'maintenance',
  'createThenTimeout',
  'tinyError',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  /**
   * latency: add `ms` before answering (the call is in flight meanwhile);
   * http5xx: answer HTTP `status` (default 503) with an HTML body;
   * timeout: never answer (until the client gives up);
   * drop: destroy the socket;
   * rateLimited: answer code 6;
   * maintenance: answer code 99;
   * createThenTimeout: process the call (pedido.incluir by default: the order IS created), then never answer;
   * tinyError: answer Tiny error `code` (e.g. 32 "not found", 31 validation) instead of processing the call.
   */
  kind: FaultKind;
  count?: number;
  durationMs?: number;
  services?: string[];
  status?: number;
  ms?: number;
  /** tinyError: the codigo_erro to answer. */
  code?: number;
  /** Only calls whose `id` parameter is one of these (e.g. one product's produto.obter.estoque). */
  ids?: string[];
}

export interface Fault extends FaultSpec {
  id: number;
  createdAt: number;
  expiresAt: number | null;
  remaining: number | null;
  hits: number;
}

const BEFORE: ReadonlySet<FaultKind> = new Set(['http5xx', 'timeout', 'drop', 'rateLimited', 'maintenance', 'tinyError']);

export function isFaultSpec(v: unknown): v is FaultSpec {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const optNum = (x: unknown): boolean => x === undefined || (typeof x === 'number' && x >= 0);
  return (
    typeof s.kind === 'string' &&
    (FAULT_KINDS as readonly string[]).includes(s.kind) &&
    optNum(s.count) &&
    optNum(s.durationMs) &&
    optNum(s.status) &&
    optNum(s.ms) &&
    optNum(s.code) &&
    (s.kind !== 'tinyError' || typeof s.code === 'number') &&
    (s.ids === undefined || (Array.isArray(s.ids) && s.ids.every((x) => typeof x === 'string'))) &&
    (s.services === undefined || (Array.isArray(s.services) && s.services.every((x) => typeof x === 'string')))
  );
}

export class Faults {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec, now: number): Fault {
    const services =
      spec.services ?? (spec.kind === 'createThenTimeout' ? ['pedido.incluir'] : undefined);
    const fault: Fault = {
      ...spec,
      services: services?.map((s) => s.replace(/\.php$/, '')),
      id: this.nextId++,
      createdAt: now,
      expiresAt: spec.durationMs !== undefined ? now + spec.durationMs : null,
      remaining: spec.count ?? null,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(now: number): Fault[] {
    this.prune(now);
    return this.faults.map((f) => ({ ...f }));
  }

  /** Extra latency for this call (sums every active latency fault, consuming counts). */
  latencyFor(service: string, now: number): number {
    let ms = 0;
    for (const f of this.active(service, now)) {
      if (f.kind !== 'latency') continue;
      ms += f.ms ?? 0;
      this.consume(f);
    }
    return ms;
  }

  /** The fault that replaces this call's answer before it reaches "Tiny" (5xx, timeout, drop, 6, 99, a Tiny error). */
  takeBefore(service: string, now: number, id?: string): Fault | undefined {
    return this.take(service, now, (k) => BEFORE.has(k), id);
  }

  /** A fault applied after processing (createThenTimeout). */
  takeAfter(service: string, now: number): Fault | undefined {
    return this.take(service, now, (k) => k === 'createThenTimeout');
  }

  private take(service: string, now: number, accept: (k: FaultKind) => boolean, id?: string): Fault | undefined {
    for (const f of this.active(service, now, id)) {
      if (!accept(f.kind)) continue;
      this.consume(f);
      return { ...f };
    }
    return undefined;
  }

  private consume(f: Fault): void {
    f.hits++;
    if (f.remaining !== null) f.remaining--;
  }

  private active(service: string, now: number, id?: string): Fault[] {
    if (this.faults.length === 0) return [];
    this.prune(now);
    return this.faults.filter((f) => (!f.services || f.services.includes(service)) && (!f.ids || (id !== undefined && f.ids.includes(id))));
  }

  private prune(now: number): void {
    this.faults = this.faults.filter(
      (f) => (f.remaining === null || f.remaining > 0) && (f.expiresAt === null || f.expiresAt > now),
    );
  }
}
