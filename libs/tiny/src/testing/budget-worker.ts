/**
 * Load worker for the multi-process budget test and the tiny-budget benchmark: one OS process using one
 * Tiny account through the shared PostgreSQL budget. Configured by env; prints one JSON line `RESULT {...}`.
 *
 *   TINY_BASE_URL, DATABASE_URL, TINY_TOKEN, PLAN_LIMIT (60), SHARE (1), WINDOW_MS (2000), DURATION_MS (6000),
 *   START_AT (epoch ms, to start several workers together), BULK_CONCURRENCY (4), ORDER_EVERY_MS (0 = none),
 *   WARM_TOKEN (optional: a second sandbox account for warm-up calls before the clock starts)
 */
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { TinyClientFactory } from '../factory';
import { TinyError } from '../errors';

const env = (k: string, d: string) => process.env[k] ?? d;

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: env('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres'), max: 8 });
  const registry = new Registry();
  const windowMs = Number(env('WINDOW_MS', '2000'));
  const factory = new TinyClientFactory({
    baseUrl: env('TINY_BASE_URL', 'http://127.0.0.1:3100/api2'),
    db: pool,
    planLimitPerMinute: Number(env('PLAN_LIMIT', '60')),
    share: Number(env('SHARE', '1')),
    windowMs,
    guardMs: process.env.GUARD_MS ? Number(process.env.GUARD_MS) : undefined,
    timeoutMs: 5000,
    registry,
  });
  const client = factory.forAccount(env('TINY_TOKEN', 'demo-token-0000000000000000000000000000000000'));
  const startAt = Number(env('START_AT', String(Date.now())));
  const durationMs = Number(env('DURATION_MS', '6000'));
  const bulkConcurrency = Number(env('BULK_CONCURRENCY', '4'));
  const orderEveryMs = Number(env('ORDER_EVERY_MS', '0'));
  // Open the pool's connections before the clock starts, so the first calls don't pay for them.
  await Promise.all(Array.from({ length: 6 }, () => pool.query('SELECT 1')));
  // Warm the HTTP path (and the sandbox) on another account, so cold-start lateness doesn't count as jitter.
  const warmToken = process.env.WARM_TOKEN;
  if (warmToken) {
    const warm = factory.forAccount(warmToken, { planLimitPerMinute: 1000 });
    for (let i = 0; i < 5; i++) await Promise.all([warm.info(), warm.info(), warm.info()]).catch(() => undefined);
  }
  console.log(`READY ${Date.now() < startAt ? 'early' : 'late'} ${startAt - Date.now()}`);
  await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
  const endAt = startAt + durationMs;

  let ok = 0;
  let orders = 0;
  const errors: Record<string, number> = {};
  const orderWaits: number[] = [];
  const bulkWaits: number[] = [];
  const timeline: number[] = [];
  const tick = () => {
    const b = Math.floor((Date.now() - startAt) / 500);
    timeline[b] = (timeline[b] ?? 0) + 1;
  };
  const note = (err: unknown) => {
    const key = err instanceof TinyError ? `${err.name}:${err.code ?? ''}` : String(err);
    errors[key] = (errors[key] ?? 0) + 1;
  };

  const bulk = Array.from({ length: bulkConcurrency }, async () => {
    while (Date.now() < endAt) {
      try {
        await client.info({ priority: 'bulk', onBudgetWait: (ms) => bulkWaits.push(ms) });
        ok++;
        tick();
      } catch (err) {
        note(err);
      }
    }
  });
  const order = (async () => {
    if (orderEveryMs <= 0) return;
    while (Date.now() < endAt) {
      await new Promise((r) => setTimeout(r, orderEveryMs * (0.5 + Math.random())));
      if (Date.now() >= endAt) break;
      try {
        await client.info({ priority: 'order', onBudgetWait: (ms) => orderWaits.push(ms) });
        ok++;
        orders++;
      } catch (err) {
        note(err);
      }
    }
  })();
  await Promise.all([...bulk, order]);

  // Code 6/11 answers are retried inside the client, so count them from the metrics, not from thrown errors.
  const calls = await registry.getSingleMetric('tiny_calls_total')?.get();
  const byResult: Record<string, number> = {};
  for (const v of calls?.values ?? []) byResult[String(v.labels.result)] = (byResult[String(v.labels.result)] ?? 0) + v.value;

  console.log(`RESULT ${JSON.stringify({
    pid: process.pid, ok, timeline: Array.from(timeline, (v) => v ?? 0), orders, errors, byResult, orderWaits, bulkWaits, intervalMs: client.budget.intervalMs,
    allowance: client.budget.allowance, windowMs, durationMs,
  })}`);
  factory.close();
  await pool.end();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
