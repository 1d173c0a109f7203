/**
 * Runs the tiny-budget load: an in-process Tiny sandbox with a scaled window, a throwaway database with the
 * `tiny` schema, and N worker processes (compiled `budget-worker.js`) sharing one account's budget.
 * Used by the benchmark (run.ts) and by the multi-process integration test.
 */
import { createTestDatabase, spawnNode } from '@app/testing';
import { ensureTinySchema } from '@app/tiny';
import { Pool } from 'pg';
import { startSandbox } from '../../tiny-sandbox/src/sandbox';

export interface LoadOptions {
  processes?: number;
  planLimit?: number;
  share?: number;
  windowMs?: number;
  durationMs?: number;
  bulkConcurrency?: number;
  /** Mean gap between order-priority calls per process; 0 = no order calls. */
  orderEveryMs?: number;
  /** Pacing guard per window (see TinyBudgetSettings.guardMs); default the library's. */
  guardMs?: number;
}

interface WorkerResult {
  ok: number;
  orders: number;
  errors: Record<string, number>;
  byResult: Record<string, number>;
  orderWaits: number[];
  bulkWaits: number[];
  intervalMs: number;
  allowance: number;
}

export interface LoadReport {
  processes: number;
  windowMs: number;
  durationMs: number;
  allowancePerWindow: number;
  allowedCalls: number;
  okCalls: number;
  orderCalls: number;
  /** ok calls / allowed calls over the run, in %. */
  utilisationPct: number;
  code6: number;
  code11: number;
  errors: Record<string, number>;
  sandboxByResult: Record<string, number>;
  tokenIntervalMs: number;
  priorityWaitP50Ms: number;
  priorityWaitP99Ms: number;
  priorityWaitMaxMs: number;
  /** Budget wait of bulk calls (each process queues its bulk calls in one lane): the contrast for priority. */
  bulkWaitP50Ms: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function runBudgetLoad(o: LoadOptions = {}): Promise<LoadReport> {
  const processes = o.processes ?? 2;
  const planLimit = o.planLimit ?? 60;
  const share = o.share ?? 1;
  const windowMs = o.windowMs ?? 2000;
  const durationMs = o.durationMs ?? 8000;
  const token = `bench-${Date.now().toString(36)}-0000000000000000000000000000`;
  // A second account only for warm-up calls, so cold-start lateness (module loading in the sandbox and in
  // fresh workers) isn't measured as jitter in the first window of the budgeted account.
  const warmToken = `warm-${Date.now().toString(36)}-0000000000000000000000000000`;

  const db = await createTestDatabase();
  const sandbox = await startSandbox({ port: 0, windowMs, accounts: [
    { token, planLimit, products: 5, contacts: 2, orders: 1 },
    { token: warmToken, planLimit: 1000, products: 1, contacts: 1, orders: 1 },
  ] });
  try {
    const pool = new Pool({ connectionString: db.url, max: 2 });
    await ensureTinySchema(pool);
    await pool.end();

    const startAt = Date.now() + 5000; // let every worker boot and connect first (slow on a busy 2-core box)
    const workers = Array.from({ length: processes }, () =>
      spawnNode('dist/libs/tiny/src/testing/budget-worker.js', {
        env: {
          TINY_BASE_URL: `${sandbox.url}/api2`, DATABASE_URL: db.url, TINY_TOKEN: token, WARM_TOKEN: warmToken, PLAN_LIMIT: String(planLimit),
          SHARE: String(share), WINDOW_MS: String(windowMs), DURATION_MS: String(durationMs), START_AT: String(startAt),
          BULK_CONCURRENCY: String(o.bulkConcurrency ?? 4), ORDER_EVERY_MS: String(o.orderEveryMs ?? 0),
          ...(o.guardMs !== undefined ? { GUARD_MS: String(o.guardMs) } : {}),
        },
      }),
    );
    const results: WorkerResult[] = [];
    for (const w of workers) {
      const line = await w.waitForOutput(/^RESULT /, durationMs + 30_000);
      results.push(JSON.parse(line.slice('RESULT '.length)) as WorkerResult);
      if (process.env.BENCH_DEBUG) console.log(line);
      await w.exited;
    }

    const sandboxByResult = sandboxResults(sandbox, token);
    const sum = (f: (r: WorkerResult) => number) => results.reduce((a, r) => a + f(r), 0);
    const allowance = results[0].allowance;
    const allowedCalls = (allowance * durationMs) / windowMs;
    const okCalls = sum((r) => r.ok);
    const waits = results.flatMap((r) => r.orderWaits);
    const errors: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    return {
      processes, windowMs, durationMs, allowancePerWindow: allowance, allowedCalls, okCalls, orderCalls: sum((r) => r.orders),
      utilisationPct: (100 * okCalls) / allowedCalls,
      code6: Math.max(sum((r) => r.byResult['6'] ?? 0), sandboxByResult['6'] ?? 0),
      code11: Math.max(sum((r) => r.byResult['11'] ?? 0), sandboxByResult['11'] ?? 0),
      errors, sandboxByResult, tokenIntervalMs: results[0].intervalMs,
      priorityWaitP50Ms: percentile(waits, 50), priorityWaitP99Ms: percentile(waits, 99),
      priorityWaitMaxMs: waits.length ? Math.max(...waits) : 0,
      bulkWaitP50Ms: percentile(results.flatMap((r) => r.bulkWaits), 50),
    };
  } finally {
    await sandbox.close();
    await db.drop();
  }
}

/** The sandbox's own count of answers by result for the account (the source of truth for code 6). */
function sandboxResults(sandbox: Awaited<ReturnType<typeof startSandbox>>, token: string): Record<string, number> {
  return sandbox.getCalls(token).byResult;
}
