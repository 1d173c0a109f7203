import { Counter, Gauge, Histogram, register as defaultRegister, Registry } from 'prom-client';

export interface TinyMetrics {
  calls: Counter<'service' | 'result'>;
  latency: Histogram<'service'>;
  budgetWait: Histogram<'priority'>;
  breakerState: Gauge<'account'>;
}

const byRegistry = new WeakMap<Registry, TinyMetrics>();

/** One set of metric objects per registry (clients of every account share them). */
export function tinyMetrics(registry: Registry = defaultRegister): TinyMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  // Another copy of this module may have registered them already (e.g. two bundles): reuse.
  const reuse = registry.getSingleMetric('tiny_calls_total');
  if (reuse) {
    const metrics = {
      calls: reuse,
      latency: registry.getSingleMetric('tiny_call_duration_seconds'),
      budgetWait: registry.getSingleMetric('tiny_budget_wait_seconds'),
      breakerState: registry.getSingleMetric('tiny_breaker_state'),
    } as TinyMetrics;
    byRegistry.set(registry, metrics);
    return metrics;
  }
  const metrics: TinyMetrics = {
    calls: new Counter({
      name: 'tiny_calls_total',
      help: 'Tiny API calls by service and result (ok, Tiny codigo_erro, or transient kind)',
      labelNames: ['service', 'result'],
      registers,
    }),
    latency: new Histogram({
      name: 'tiny_call_duration_seconds',
      help: 'Tiny API call latency (HTTP round trip, excluding budget wait)',
      labelNames: ['service'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    budgetWait: new Histogram({
      name: 'tiny_budget_wait_seconds',
      help: 'Time spent waiting for the shared Tiny rate budget',
      labelNames: ['priority'],
      buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    breakerState: new Gauge({
      name: 'tiny_breaker_state',
      help: 'Tiny circuit breaker state per account: 0 closed, 1 half-open, 2 open',
      labelNames: ['account'],
      registers,
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
