import CircuitBreaker from 'opossum';
import { isHealthNeutral, TinyCircuitOpenError } from './errors';
import type { TinyMetrics } from './metrics';

export interface TinyBreakerOptions {
  /** Calls in the rolling window before the breaker may open. Default 5. */
  volumeThreshold?: number;
  /** Failure percentage that opens it. Default 50. */
  errorThresholdPercentage?: number;
  /** Time open before a half-open probe. Default 30000. */
  resetTimeout?: number;
  /** Rolling statistics window. Default 10000. */
  rollingCountTimeout?: number;
  rollingCountBuckets?: number;
}

export type TinyBreaker = CircuitBreaker<[() => Promise<unknown>], unknown>;

export function breakerStateValue(b: TinyBreaker): 0 | 1 | 2 {
  if (b.opened) return 2;
  if (b.halfOpen) return 1;
  return 0;
}

/**
 * One breaker per Tiny account per process, named and labelled by `accountKey` = fingerprint(token) (never the
 * token: it ends up in metrics and health pages). Only transient failures (5xx, network, timeouts, 35/99)
 * count; validation, not-found, duplicate, auth, rate-limited and caller aborts are "filtered".
 * Timeouts are ours (AbortController), so opossum's own timeout is off.
 */
export function createTinyBreaker(accountKey: string, opts: TinyBreakerOptions, metrics: TinyMetrics): TinyBreaker {
  const breaker: TinyBreaker = new CircuitBreaker((fn: () => Promise<unknown>) => fn(), {
    timeout: false,
    volumeThreshold: opts.volumeThreshold ?? 5,
    errorThresholdPercentage: opts.errorThresholdPercentage ?? 50,
    resetTimeout: opts.resetTimeout ?? 30_000,
    rollingCountTimeout: opts.rollingCountTimeout ?? 10_000,
    rollingCountBuckets: opts.rollingCountBuckets ?? 10,
    errorFilter: (err: unknown) => isHealthNeutral(err) || err instanceof TinyCircuitOpenError,
    name: `tiny:${accountKey}`,
  });
  const publish = () => metrics.breakerState.set({ account: accountKey }, breakerStateValue(breaker));
  breaker.on('open', publish);
  breaker.on('halfOpen', publish);
  breaker.on('close', publish);
  publish();
  return breaker;
}
