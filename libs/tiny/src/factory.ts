import type { Registry } from 'prom-client';
import { fingerprint } from '@app/security';
import { SqlRunner, TinyBudgetSettings, TinyRateBudget } from './budget';
import { createTinyBreaker, TinyBreaker, TinyBreakerOptions } from './breaker';
import { TinyClient } from './client';
import { tinyMetrics } from './metrics';

export interface TinyClientFactoryOptions {
  /** API v2 base, e.g. TINY_BASE_URL (`http://127.0.0.1:3100/api2`). */
  baseUrl: string;
  /** Where the shared budget lives (schema `tiny`, see ensureTinySchema): a pg Pool or a TypeORM DataSource. */
  db: SqlRunner;
  /** Defaults for every account; `forAccount` may override per account (plan limit and share are per integration). */
  planLimitPerMinute?: number;
  share?: number;
  windowMs?: number;
  guardMs?: number;
  /** Calls per window bulk work leaves to order calls (see TinyBudgetSettings.orderReserve). */
  orderReserve?: number;
  maxInFlight?: number;
  batchLimitPerMinute?: number;
  timeoutMs?: number;
  breaker?: TinyBreakerOptions;
  registry?: Registry;
  rateLimitRetries?: number;
}

export type TinyAccountSettings = Partial<TinyBudgetSettings>;

/** One TinyClient per token per process, so every caller in the process shares the account's breaker. */
export class TinyClientFactory {
  private readonly clients = new Map<string, { client: TinyClient; settingsKey: string }>();
  private readonly breakers = new Map<string, TinyBreaker>();

  constructor(private readonly options: TinyClientFactoryOptions) {}

  forAccount(token: string, settings: TinyAccountSettings = {}): TinyClient {
    const o = this.options;
    const budgetSettings: TinyBudgetSettings = {
      planLimitPerMinute: settings.planLimitPerMinute ?? o.planLimitPerMinute ?? 60,
      share: settings.share ?? o.share ?? 1,
      windowMs: settings.windowMs ?? o.windowMs ?? 60_000,
      guardMs: settings.guardMs ?? o.guardMs,
      orderReserve: settings.orderReserve ?? o.orderReserve,
      maxInFlight: settings.maxInFlight ?? o.maxInFlight,
      batchLimitPerMinute: settings.batchLimitPerMinute ?? o.batchLimitPerMinute,
      pauseMs: settings.pauseMs,
    };
    const settingsKey = JSON.stringify(budgetSettings);
    const cached = this.clients.get(token);
    if (cached && cached.settingsKey === settingsKey) return cached.client;

    // Settings changed (e.g. a new plan): new budget, same breaker.
    let breaker = this.breakers.get(token);
    if (!breaker) {
      breaker = createTinyBreaker(fingerprint(token), o.breaker ?? {}, tinyMetrics(o.registry));
      this.breakers.set(token, breaker);
    }
    const client = new TinyClient({
      baseUrl: o.baseUrl,
      token,
      budget: new TinyRateBudget(o.db, token, budgetSettings),
      breaker,
      timeoutMs: o.timeoutMs,
      registry: o.registry,
      rateLimitRetries: o.rateLimitRetries,
    });
    this.clients.set(token, { client, settingsKey });
    return client;
  }

  /** Breaker states for health pages: account key (`fingerprint(token)`, never the token) → closed | halfOpen | open. */
  breakerStates(): Record<string, 'closed' | 'halfOpen' | 'open'> {
    const out: Record<string, 'closed' | 'halfOpen' | 'open'> = {};
    for (const [token, b] of this.breakers) out[fingerprint(token)] = b.opened ? 'open' : b.halfOpen ? 'halfOpen' : 'closed';
    return out;
  }

  /** Stops the breakers' timers (call on shutdown). */
  close(): void {
    for (const b of this.breakers.values()) b.shutdown();
    this.breakers.clear();
    this.clients.clear();
  }
}
