import { runBudgetLoad } from '../../../test/bench/tiny-budget/load';

// Two OS processes (compiled dist/libs/tiny/src/testing/budget-worker.js; `npm test` builds first) share one
// account's budget against the sandbox with a 2 s window: no code 6, and together they use the allowance.
describe('shared budget across processes', () => {
  it('two processes never get a code 6, use >= 90% of the allowed calls, and order calls skip the bulk queue', async () => {
    const report = await runBudgetLoad({
      processes: 2, planLimit: 60, windowMs: 2000, durationMs: 6000, bulkConcurrency: 4, orderEveryMs: 300,
    });
    expect(report.code6).toBe(0);
    expect(report.code11).toBe(0);
    expect(report.sandboxByResult['6'] ?? 0).toBe(0);
    expect(report.utilisationPct).toBeGreaterThanOrEqual(90);
    // Generous: load delays timers and DB round trips by tens of ms (bench measures precisely); orders queued behind bulk would wait ~8 intervals.
    expect(report.orderCalls).toBeGreaterThanOrEqual(10);
    expect(report.priorityWaitP99Ms).toBeLessThan(4 * report.tokenIntervalMs + 150);
    expect(report.priorityWaitP50Ms).toBeLessThan(report.bulkWaitP50Ms / 3);
  });
});
