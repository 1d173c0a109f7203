/**
 * Benchmark: two processes share one Tiny account's budget under mixed load (bulk + order priority).
 * Prints budget utilisation (% of the share used), code-6 count and order-priority wait p50/p99 against the
 * token interval. Targets: utilisation >= 95 %, zero code 6, priority p99 <= one token interval.
 *   npm run bench:tiny-budget   (env: WINDOW_MS, PLAN_LIMIT, SHARE, DURATION_MS, PROCESSES)
 */
import { runBudgetLoad } from './load';

async function main(): Promise<void> {
  const env = (k: string, d: number) => Number(process.env[k] ?? d);
  const report = await runBudgetLoad({
    processes: env('PROCESSES', 2),
    planLimit: env('PLAN_LIMIT', 60),
    share: env('SHARE', 1),
    windowMs: env('WINDOW_MS', 2000),
    durationMs: env('DURATION_MS', 20_000),
    bulkConcurrency: 4,
    orderEveryMs: env('ORDER_EVERY_MS', 400),
    guardMs: process.env.GUARD_MS ? Number(process.env.GUARD_MS) : undefined,
  });
  const f = (n: number) => n.toFixed(1);
  console.log(JSON.stringify(report, null, 2));
  console.log('');
  console.log(`tiny-budget: ${report.processes} processes, plan ${report.allowancePerWindow}/window of ${report.windowMs} ms, ${report.durationMs} ms run`);
  console.log(`  utilisation         ${f(report.utilisationPct)} % of the share (${report.okCalls} / ${f(report.allowedCalls)} calls)  target >= 95 %`);
  console.log(`  code 6 / code 11    ${report.code6} / ${report.code11}  target 0`);
  console.log(`  priority wait       p50 ${f(report.priorityWaitP50Ms)} ms, p99 ${f(report.priorityWaitP99Ms)} ms, max ${f(report.priorityWaitMaxMs)} ms over ${report.orderCalls} order calls`);
  console.log(`  bulk wait           p50 ${f(report.bulkWaitP50Ms)} ms (for contrast)`);
  console.log(`  token interval      ${f(report.tokenIntervalMs)} ms  target p99 <= interval`);
  const pass = report.utilisationPct >= 95 && report.code6 === 0 && report.priorityWaitP99Ms <= report.tokenIntervalMs;
  console.log(pass ? 'PASS' : 'MISS');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
