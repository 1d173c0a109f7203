import { TinyRateLimitedError, TinyTransientError } from '@app/tiny';

/** Retries transient Tiny failures (network, 5xx, code 35/99, breaker open, rate limited) with backoff. */
export async function withTinyRetry<T>(fn: () => Promise<T>, attempts = 4, baseMs = 500, signal?: AbortSignal): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const transient = err instanceof TinyTransientError || err instanceof TinyRateLimitedError;
      if (!transient || i >= attempts || signal?.aborted) throw err;
      await new Promise((r) => setTimeout(r, baseMs * 2 ** (i - 1)));
    }
  }
}
