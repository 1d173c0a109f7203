// Per-account sliding window (plan limit per window), a batch sub-limit and a concurrency cap.
// Refused calls do not consume the window (they are only counted in stats); accepted calls do.

export type Verdict = 'ok' | 'concurrency' | 'window' | 'batch';

export interface LimiterSettings {
  limit: number;
  batchLimit: number;
  concurrency: number;
  windowMs: number;
}

/** Timestamps of accepted calls, oldest first; pruned lazily. */
class SlidingLog {
  private times: number[] = [];
  private head = 0;

  count(now: number, windowMs: number): number {
    const from = now - windowMs;
    while (this.head < this.times.length && this.times[this.head] <= from) this.head++;
    if (this.head > 1024) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }

  clear(): void {
    this.times = [];
    this.head = 0;
  }
}

export class RateLimiter {
  private readonly calls = new SlidingLog();
  private readonly batchCalls = new SlidingLog();
  inFlight = 0;

  constructor(public settings: LimiterSettings) {}

  tryAcquire(batch: boolean, now: number): Verdict {
    const s = this.settings;
    if (this.inFlight >= s.concurrency) return 'concurrency';
    if (this.calls.count(now, s.windowMs) >= s.limit) return 'window';
    if (batch && this.batchCalls.count(now, s.windowMs) >= s.batchLimit) return 'batch';
    this.calls.add(now);
    if (batch) this.batchCalls.add(now);
    this.inFlight++;
    return 'ok';
  }

  release(): void {
    if (this.inFlight > 0) this.inFlight--;
  }

  usage(now: number): { windowCalls: number; batchCalls: number; inFlight: number } {
    return {
      windowCalls: this.calls.count(now, this.settings.windowMs),
      batchCalls: this.batchCalls.count(now, this.settings.windowMs),
      inFlight: this.inFlight,
    };
  }

  resetWindow(): void {
    this.calls.clear();
    this.batchCalls.clear();
  }
}
