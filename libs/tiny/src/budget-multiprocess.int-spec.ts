import { runBudgetLoad } from '../../../test/bench/tiny-budget/load';

// Two OS processes (compiled dist/libs/tiny/src/testing/budget-worker.js; `npm test` builds first) share one
// account's budget against the sandbox with a 2 s window: no code 6, and together they use the allowance.
// Guard 120 ms (6 %) instead of the default 60 ms: on a loaded 2-core CI box (load 10) the gap between our
// grant and the sandbox's count exceeded the default margin at times; the benchmark measures the default.
describe('shared budget across processes', () => {
  it('two processes never get a code 6, use >= 90% of the allowed calls, and order calls skip the bulk queue', async () => {
    const report = await runBudgetLoad({
      processes: 2, planLimit: 60, windowMs: 2000, durationMs: 6000, bulkConcurrency: 4, orderEveryMs: 300, guardMs: 120,
    });
    expect(report.code6).toBe(0);
    expect(report.code11).toBe(0);
    expect(report.sandboxByResult['6'] ?? 0).toBe(0);
    expect(report.utilisationPct).toBeGreaterThanOrEqual(90);
    // Orders start at once while the window has room (order headroom); a wait is a DB round trip plus the
    // box's scheduling lateness, tens of ms under load, so the bound is one interval + a generous margin
    // (the benchmark measures precisely). Orders queued behind bulk would wait ~8 intervals.
    expect(report.orderCalls).toBeGreaterThanOrEqual(10);
    expect(report.priorityWaitP99Ms).toBeLessThan(report.tokenIntervalMs + 200);
    expect(report.priorityWaitP50Ms).toBeLessThan(report.bulkWaitP50Ms / 5);
  });
});
