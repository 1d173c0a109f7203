/**
 * Order dispatch bench: a backlog of ORDERS orders, two dispatcher processes, the Tiny sandbox at
 * LIMIT calls per (scaled) window. Prints throughput beside the limit, Tiny calls per order, code 6
 * answers and duplicates. Run: `npm run bench:orders` (env ORDERS, LIMIT, WINDOW_MS, PROCESSES).
 * Targets: <= 1.05 calls per order, >= 90% of the limit used, zero duplicates, zero code 6.
 */
import { waitFor } from '@app/testing';
import { OrdersHarness } from '../../e2e/orders/harness';

const ORDERS = Number(process.env.ORDERS ?? 2000);
const LIMIT = Number(process.env.LIMIT ?? 600);
const WINDOW_MS = Number(process.env.WINDOW_MS ?? 20_000);
const PROCESSES = Number(process.env.PROCESSES ?? 2);

async function main(): Promise<void> {
  const h = new OrdersHarness({ planLimit: LIMIT, windowMs: WINDOW_MS, env: { LOG_LEVEL: 'info', DISPATCH_CONCURRENCY: '24' } });
  await h.start();
  try {
    // Boot once to declare the queue and load the integration, then stop: the backlog builds up in the queue.
    const first = await h.startDispatcher();
    await h.configure();
    await h.stopDispatcher(first);
    const skus = h.skus(5);
    const numbers = Array.from({ length: ORDERS }, (_, i) => `BENCH-${String(i + 1).padStart(5, '0')}`);
    const events = numbers.map((n, i) => h.orderEvent(n, 'Aprovado', 1, h.snapshot({}, [skus[i % skus.length], skus[(i + 1) % skus.length]])));
    h.sandbox.resetCalls(h.token);
    h.sandbox.resetRateWindow(h.token);

    await h.publishMany(events);
    const started = Date.now(); // the clock includes the dispatchers' boot
    await Promise.all(Array.from({ length: PROCESSES }, () => h.startDispatcher()));
    let last = 0;
    await waitFor(
      async () => {
        const [{ n }] = await h.query<{ n: string }>(`SELECT count(*) AS n FROM dispatch.order_links WHERE state = 'sent'`);
        if (Number(n) - last >= 250) {
          last = Number(n);
          console.log(`  ${n} sent after ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
        return Number(n) >= ORDERS;
      },
      { timeoutMs: 30 * 60_000, intervalMs: 250, what: 'every order sent' },
    );
    const elapsedMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 1_000)); // let any stray duplicate show up

    const calls = h.sandbox.getCalls(h.token);
    const [timing] = await h.query<{ before_call_ms: number; call_ms: number; after_ms: number }>(`
      WITH t AS (
        SELECT order_id,
               min(at) FILTER (WHERE kind = 'event') AS ev,
               min(at) FILTER (WHERE kind = 'tiny-call') AS call,
               min(at) FILTER (WHERE kind = 'tiny-answer') AS answer,
               min(at) FILTER (WHERE kind = 'outcome') AS done
          FROM dispatch.order_history GROUP BY order_id)
      SELECT round(avg(extract(epoch FROM call - ev) * 1000)) AS before_call_ms,
             round(avg(extract(epoch FROM answer - call) * 1000)) AS call_ms,
             round(avg(extract(epoch FROM done - answer) * 1000)) AS after_ms FROM t`);
    const tinyOrders = h.sandbox.listOrders(h.token, { all: true }).filter((o) => o.numeroEcommerce.startsWith('BENCH-'));
    const distinct = new Set(tinyOrders.map((o) => o.numeroEcommerce)).size;
    const created = tinyOrders.map((o) => o.createdAt).sort((a, b) => a - b);
    const tinySideMs = created[created.length - 1] - created[0];
    const perWindow = (ORDERS / elapsedMs) * WINDOW_MS;
    const perMinuteScaled = (ORDERS / elapsedMs) * 60_000;
    const report = {
      orders: ORDERS,
      processes: PROCESSES,
      limit: `${LIMIT} calls per ${WINDOW_MS / 1000} s window (${Math.round((LIMIT * 60_000) / WINDOW_MS)}/min wall clock; Tiny's 600/min scaled ${60_000 / WINDOW_MS}x)`,
      elapsedSeconds: Number((elapsedMs / 1000).toFixed(1)),
      ordersPerWindow: Number(perWindow.toFixed(1)),
      ordersPerMinuteWallClock: Math.round(perMinuteScaled),
      limitUsedPercent: Number(((calls.total / elapsedMs) * WINDOW_MS / LIMIT * 100).toFixed(1)),
      ordersVsLimitPercent: Number(((perWindow / LIMIT) * 100).toFixed(1)),
      tinySide: { firstToLastOrderSeconds: Number((tinySideMs / 1000).toFixed(1)), ordersPerWindow: Number(((ORDERS / tinySideMs) * WINDOW_MS).toFixed(1)) },
      tinyCalls: calls.total,
      tinyCallsPerOrder: Number((calls.total / ORDERS).toFixed(3)),
      callsByService: Object.fromEntries(Object.entries(calls.byService).map(([k, v]) => [k, v.total])),
      code6: calls.byResult['6'] ?? 0,
      code11: calls.byResult['11'] ?? 0,
      avgMsPerOrder: { eventToCall: Number(timing.before_call_ms), callIncludingBudgetWait: Number(timing.call_ms), answerToCommit: Number(timing.after_ms) },
      tinyOrders: tinyOrders.length,
      duplicates: tinyOrders.length - distinct,
      missing: ORDERS - distinct,
    };
    console.log(JSON.stringify(report, null, 2));
    const ok = report.tinyCallsPerOrder <= 1.05 && report.ordersVsLimitPercent >= 90 && report.duplicates === 0 && report.code6 === 0 && report.missing === 0;
    console.log(ok ? 'TARGETS MET' : 'TARGETS MISSED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await h.stop();
  }
}

void main();
