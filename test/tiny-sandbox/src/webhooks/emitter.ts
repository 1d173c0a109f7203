import type { WebhookKind } from '../accounts/model';
import type { JsonObject } from '../quirks/envelope';

// Posts the e-commerce webhooks (§5.2) and retries on Tiny's schedule: estoque and situacao_pedido up to 15
// attempts, the others 2; the n-th retry waits n × 5 min, scaled by `timeScale` (tests use tiny factors).

export const MAX_ATTEMPTS: Record<WebhookKind, number> = {
  estoque: 15,
  situacao_pedido: 15,
  produto: 2,
  precos: 2,
  nota_fiscal: 2,
  rastreio: 2,
};

export const RETRY_STEP_MS = 5 * 60_000;

export interface Envelope {
  versao: string;
  cnpj: string;
  idEcommerce: number;
  tipo: WebhookKind;
  dados: JsonObject;
}

export interface DeliveryAttempt {
  at: number;
  /** HTTP status, or null when the request failed (refused, reset, timeout). */
  status: number | null;
  error?: string;
  durationMs: number;
}

export interface Delivery {
  id: number;
  token: string;
  tipo: WebhookKind;
  url: string;
  encoding: 'json' | 'form';
  payload: Envelope;
  attempts: DeliveryAttempt[];
  maxAttempts: number;
  state: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: number | null;
  createdAt: number;
  /** The 200 answer's body (kept for the produto mapping reply; truncated to 4 kB). */
  responseBody?: string;
  /** Set by the caller (produto): what the mapping reply parsed into. */
  mappingReply?: unknown;
}

export interface EmitterOptions {
  timeScale: number;
  timeoutMs: number;
  /** Deliveries kept per account (oldest dropped). */
  keep?: number;
}

export class WebhookEmitter {
  private nextId = 1;
  private readonly byToken = new Map<string, Delivery[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly opts: EmitterOptions) {}

  setTimeScale(scale: number): void {
    this.opts.timeScale = scale;
  }

  emit(
    token: string,
    url: string,
    encoding: 'json' | 'form',
    payload: Envelope,
    onDelivered?: (body: string, d: Delivery) => void,
  ): Delivery {
    const d: Delivery = {
      id: this.nextId++,
      token,
      tipo: payload.tipo,
      url,
      encoding,
      payload,
      attempts: [],
      maxAttempts: MAX_ATTEMPTS[payload.tipo],
      state: 'pending',
      nextAttemptAt: Date.now(),
      createdAt: Date.now(),
    };
    let list = this.byToken.get(token);
    if (!list) this.byToken.set(token, (list = []));
    list.push(d);
    const keep = this.opts.keep ?? 10_000;
    if (list.length > keep) list.splice(0, list.length - keep);
    this.pending++;
    void this.attempt(d, onDelivered);
    return d;
  }

  list(token: string, tipo?: WebhookKind): Delivery[] {
    const list = this.byToken.get(token) ?? [];
    return tipo ? list.filter((d) => d.tipo === tipo) : [...list];
  }

  forget(token: string): void {
    this.byToken.delete(token);
  }

  /** Resolves when no delivery is pending (or rejects after timeoutMs). */
  waitIdle(timeoutMs = 10_000): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new Error(`webhooks still pending after ${timeoutMs} ms (${this.pending})`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(t);
        resolve();
      };
      this.waiters.push(done);
    });
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const list of this.byToken.values()) {
      for (const d of list) if (d.state === 'pending') this.settle(d, 'failed');
    }
  }

  private async attempt(d: Delivery, onDelivered?: (body: string, d: Delivery) => void): Promise<void> {
    if (this.closed) return;
    const started = Date.now();
    const body =
      d.encoding === 'json'
        ? JSON.stringify(d.payload)
        : new URLSearchParams({ dados: JSON.stringify(d.payload) }).toString();
    let status: number | null = null;
    let error: string | undefined;
    let text = '';
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': d.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
          'user-agent': 'Tiny-Sandbox-Webhook/1.0',
        },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    if (this.closed) return;
    d.attempts.push({ at: started, status, error, durationMs: Date.now() - started });
    if (status === 200) {
      d.responseBody = text.slice(0, 4096);
      try {
        onDelivered?.(text, d);
      } finally {
        this.settle(d, 'delivered');
      }
      return;
    }
    if (d.attempts.length >= d.maxAttempts) {
      this.settle(d, 'failed');
      return;
    }
    const delay = RETRY_STEP_MS * d.attempts.length * this.opts.timeScale;
    d.nextAttemptAt = Date.now() + delay;
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.attempt(d, onDelivered);
    }, delay);
    this.timers.add(t);
  }

  private settle(d: Delivery, state: 'delivered' | 'failed'): void {
    if (d.state !== 'pending') return;
    d.state = state;
    d.nextAttemptAt = null;
    this.pending--;
    if (this.pending === 0) {
      const ws = this.waiters;
      this.waiters = [];
      for (const w of ws) w();
    }
  }
}
