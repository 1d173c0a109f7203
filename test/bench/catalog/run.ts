/**
 * catalog-sync benchmark (npm run bench:catalog). Real PostgreSQL, RabbitMQ, Tiny sandbox; catalog-sync
 * runs as a child process from dist, as in production.
 *
 * (a) Full import: wall time beside the floor the plan limit sets (calls needed ÷ allowed rate), Tiny calls
 *     per SKU and budget utilisation (floor ÷ wall time), for
 *     - 10,000 SKUs at a high limit (BENCH_FAST_LIMIT per BENCH_FAST_WINDOW_MS, default 6,000 per 60 s), and
 *     - a smaller catalogue at the realistic 120 calls per window (window shortened, BENCH_SLOW_WINDOW_MS,
 *       so it ends in a minute instead of twelve: the pacing problem is the same, only the clock is scaled).
 * (b) Lag from a stock webhook accepted by the real webhook-gateway (its receivedAt, carried through as
 *     the stock event's observedAt) to catalog.stock.changed.v1 arriving on the broker, p50/p99, with
 *     BENCH_LAG_RATE webhooks/s (default 500) POSTed to the gateway as Tiny would.
 *
 *     The first BENCH_LAG_WARMUP_SECONDS (default 3) of the same steady stream are a warm-up (JIT, connection
 *     pools, sockets of a freshly started process): reported on their own line, left out of p50/p99, which
 *     describe a service that has been running.
 *
 * Env knobs: BENCH_FAST_SKUS (10000), BENCH_SLOW_SKUS (300), BENCH_LAG_SECONDS (10), BENCH_LAG_WARMUP_SECONDS (3).
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { CatalogHarness, TOKEN } from '../../e2e/catalog/harness';

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN when unknown. */
function cpuMs(pid: number | undefined): number {
  if (!pid || pid < 0) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) in clock ticks; 100 Hz on Linux.
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

interface LagResult {
  /** Lag of the warm-up's webhooks (gateway path only). */
  warmup?: { sent: number; p50: number; p99: number; max: number };
  sent: number;
  received: number;
  p50: number;
  p99: number;
  max: number;
  achievedRate: number;
  /** CPU ms per webhook of catalog-sync and of the gateway (NaN when not a child), from load start to drained. */
  catalogCpuPerWebhook: number;
  gatewayCpuPerWebhook: number;
  /** Transactions committed in the test database per webhook (every service in it, relays included). */
  commitsPerWebhook: number;
  /** CPU ms per webhook of the PostgreSQL backends of the test database (every service in it). */
  postgresCpuPerWebhook: number;
  load: string;
}

/** CPU ms used so far by every PostgreSQL backend connected to the test database, per backend pid. */
async function backendCpu(h: CatalogHarness): Promise<Map<number, number>> {
  const rows = (await h.pg.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)).rows;
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)] as const).filter(([, ms]) => !Number.isNaN(ms)));
}

/** CPU ms the backends spent between two backendCpu snapshots (a backend opened in between counts from zero). */
function backendCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

async function commits(h: CatalogHarness): Promise<number> {
  // Statistics reach pg_stat_database when a backend flushes them (at most about a second late).
  await new Promise((r) => setTimeout(r, 1100));
  const rows = (await h.pg.query<{ n: string }>(`SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()`)).rows;
  return Number(rows[0]?.n ?? NaN);
}

const num = (name: string, fallback: number): number => {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number(v);
};

interface ImportResult {
  label: string;
  skus: number;
  limit: number;
  windowMs: number;
  wallSeconds: number;
  calls: number;
  callsPerSku: number;
  floorSeconds: number;
  utilisation: number;
}

async function importBench(label: string, skus: number, limit: number, windowMs: number): Promise<ImportResult> {
  const h = new CatalogHarness({
    account: { products: skus, planLimit: limit, seed: 101 },
    windowMs,
    mode: 'child',
    env: { IMPORT_CONCURRENCY: process.env.BENCH_IMPORT_CONCURRENCY ?? '16' },
  });
  await h.start();
  try {
    h.sandbox.resetCalls(TOKEN);
    const t0 = Date.now();
    await h.configure({ active: true });
    await h.waitForImportDone(60 * 60_000);
    const wallSeconds = (Date.now() - t0) / 1000;
    const calls = h.sandbox.getCalls(TOKEN).total;
    const rate = limit / (windowMs / 1000);
    const floorSeconds = calls / rate;
    return {
      label, skus, limit, windowMs, wallSeconds, calls, callsPerSku: calls / skus, floorSeconds, utilisation: floorSeconds / wallSeconds,
    };
  } finally {
    await h.stop();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function lagBench(rate: number, seconds: number): Promise<LagResult> {
  if ((process.env.BENCH_LAG_VIA ?? 'gateway') === 'gateway') return lagViaGateway(rate, seconds);
  const h = new CatalogHarness({ account: { products: 10, planLimit: 3000, seed: 5 }, windowMs: 1000, mode: 'child' });
  await h.start();
  try {
    await h.configure({ active: true });
    await h.waitForImportDone(60_000);
    const skus = 2000;
    const sentAt = new Map<string, number>();
    const total = rate * seconds;
    const commits0 = await commits(h);
    const pg0 = await backendCpu(h);
    const cpu0 = cpuMs(h.child?.pid);
    const t0 = Date.now();
    let sent = 0;
    // Paced in 10 ms ticks; each receipt is a new balance for one of 2,000 SKUs, Tiny already computed as D.
    while (sent < total) {
      const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * rate));
      const batch: Promise<string>[] = [];
      for (; sent < due; sent++) {
        const sku = `LAG-${sent % skus}`;
        const seq = h.nextReceiptSeq();
        const dados = { idProduto: String(900_000_000 + (sent % skus)), saldo: `${sent}.00`, tipoEstoque: 'D', sku, skuMapeamento: sku };
        const at = new Date();
        sentAt.set(`${sku}#${seq}`, at.getTime());
        batch.push(h.publishStockReceipt(dados, seq, at));
      }
      await Promise.all(batch);
      await new Promise((r) => setTimeout(r, 10));
    }
    const achievedRate = total / ((Date.now() - t0) / 1000);
    const lags: number[] = [];
    const seen = new Set<string>();
    const deadline = Date.now() + 60_000;
    // Events arrive on the harness's catalog.# queue; receivedOn is stamped as they are consumed.
    while (Date.now() < deadline && seen.size < total) {
      for (const e of h.catalogEvents.splice(0)) {
        if (e.type !== 'catalog.stock.changed.v1') continue;
        const key = `${String(e.data.sku)}#${String(e.data.receiptSeq)}`;
        const at = sentAt.get(key);
        const got = (e as unknown as { receivedOn?: number }).receivedOn ?? Date.now();
        if (at !== undefined && !seen.has(key)) {
          seen.add(key);
          lags.push(got - at);
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const catalogCpuPerWebhook = (cpuMs(h.child?.pid) - cpu0) / total;
    const postgresCpuPerWebhook = backendCpuDelta(pg0, await backendCpu(h)) / total;
    const commitsPerWebhook = ((await commits(h)) - commits0) / total;
    lags.sort((a, b) => a - b);
    return {
      sent: total, received: seen.size, p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags[lags.length - 1] ?? NaN, achievedRate,
      catalogCpuPerWebhook, gatewayCpuPerWebhook: NaN, commitsPerWebhook, postgresCpuPerWebhook, load: loadavg().map((l) => l.toFixed(2)).join(' '),
    };
  } finally {
    await h.stop();
  }
}

/** Tiny-shaped stock webhooks POSTed to the real gateway; lag = event on the broker − gateway's receivedAt. */
async function lagViaGateway(rate: number, seconds: number): Promise<LagResult> {
  const h = new CatalogHarness({
    account: { products: 10, planLimit: 3000, seed: 5 },
    windowMs: 1000,
    mode: 'child',
    gateway: 'real',
    gatewayEnv: { WEBHOOK_RATE_PER_SECOND: String(rate * 4), WEBHOOK_RATE_BURST: String(rate * 4) },
  });
  await h.start();
  try {
    await h.configure({ active: true });
    await h.waitForImportDone(60_000);
    const skus = 2000;
    const warmupSeconds = num('BENCH_LAG_WARMUP_SECONDS', 3);
    const warmupTotal = rate * warmupSeconds;
    const total = rate * (warmupSeconds + seconds);
    const url = `${h.webhookBase}/estoque`;
    const t0 = Date.now();
    let sent = 0;
    let failed = 0;
    const commits0 = await commits(h);
    const pg0 = await backendCpu(h);
    const cpu0 = cpuMs(h.child?.pid);
    const gwCpu0 = cpuMs(h.gatewayChild?.pid);
    const inFlight = new Set<Promise<void>>();
    while (sent < total) {
      const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * rate));
      for (; sent < due; sent++) {
        const n = sent;
        const sku = `LAG-${n % skus}`;
        const body = JSON.stringify({
          versao: '1.0.0', cnpj: '48404755000188', idEcommerce: 54321, tipo: 'estoque',
          dados: { tipoEstoque: 'D', saldo: `${n}.00`, idProduto: 900_000_000 + (n % skus), sku, skuMapeamento: sku, skuMapeamentoPai: '' },
        });
        const p = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
          async (r) => {
            await r.arrayBuffer();
            if (r.status !== 200) failed++;
          },
          () => void failed++,
        );
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all([...inFlight]);
    const achievedRate = total / ((Date.now() - t0) / 1000);
    const lags: number[] = [];
    const warmLags: number[] = [];
    const deadline = Date.now() + 60_000;
    let received = 0;
    const perSecond: number[][] = [];
    while (Date.now() < deadline && received < total - failed) {
      for (const e of h.catalogEvents.splice(0)) {
        if (e.type !== 'catalog.stock.changed.v1' || e.data.origin !== 'webhook') continue;
        received++;
        const accepted = Date.parse(String(e.data.observedAt));
        const lag = (e as unknown as { receivedOn: number }).receivedOn - accepted;
        // saldo was the webhook's index in the stream
        (Number(e.data.quantity) < warmupTotal ? warmLags : lags).push(lag);
        (perSecond[Math.max(0, Math.floor((accepted - t0) / 1000))] ??= []).push(lag);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const catalogCpuPerWebhook = (cpuMs(h.child?.pid) - cpu0) / total;
    const gatewayCpuPerWebhook = (cpuMs(h.gatewayChild?.pid) - gwCpu0) / total;
    const postgresCpuPerWebhook = backendCpuDelta(pg0, await backendCpu(h)) / total;
    const commitsPerWebhook = ((await commits(h)) - commits0) / total;
    if (failed) console.log(`${failed} webhook POSTs were not answered 200`);
    // Where the tail comes from: a warm-up backlog, a stall, or a steady queue.
    console.log(
      `lag p99 by second of acceptance: ${perSecond.map((l) => percentile(l.sort((a, b) => a - b), 99).toFixed(0)).join(' ')} ms`,
    );
    lags.sort((a, b) => a - b);
    warmLags.sort((a, b) => a - b);
    return {
      warmup: { sent: warmupTotal, p50: percentile(warmLags, 50), p99: percentile(warmLags, 99), max: warmLags[warmLags.length - 1] ?? NaN },
      sent: total - warmupTotal, received: received - warmLags.length, p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags[lags.length - 1] ?? NaN, achievedRate,
      catalogCpuPerWebhook, gatewayCpuPerWebhook, commitsPerWebhook, postgresCpuPerWebhook, load: loadavg().map((l) => l.toFixed(2)).join(' '),
    };
  } finally {
    await h.stop();
  }
}

async function main(): Promise<void> {
  const results: ImportResult[] = [];
  const only = process.env.BENCH_ONLY ?? 'fast,slow,lag';
  if (only.includes('fast')) {
    results.push(await importBench('high limit', num('BENCH_FAST_SKUS', 10_000), num('BENCH_FAST_LIMIT', 6000), num('BENCH_FAST_WINDOW_MS', 60_000)));
  }
  if (only.includes('slow')) {
    results.push(await importBench('realistic 120/window', num('BENCH_SLOW_SKUS', 300), 120, num('BENCH_SLOW_WINDOW_MS', 5000)));
  }
  console.log('\n(a) full import');
  console.log('| run | SKUs | limit / window | wall s | floor s | Tiny calls | calls/SKU | utilisation |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.label} | ${r.skus} | ${r.limit} / ${r.windowMs / 1000} s | ${r.wallSeconds.toFixed(1)} | ${r.floorSeconds.toFixed(1)} | ${r.calls} | ${r.callsPerSku.toFixed(3)} | ${(r.utilisation * 100).toFixed(1)} % |`,
    );
  }
  if (only.includes('lag')) {
    const lag = await lagBench(num('BENCH_LAG_RATE', 500), num('BENCH_LAG_SECONDS', 10));
    console.log(`\n(b) webhook accepted (${process.env.BENCH_LAG_VIA ?? 'gateway'}) → catalog.stock.changed.v1 on the broker`);
    if (lag.warmup) {
      const w = lag.warmup;
      console.log(`warm-up (first ${w.sent} webhooks, processes just started): p50 ${w.p50} ms, p99 ${w.p99} ms, max ${w.max} ms`);
    }
    console.log(
      `sent ${lag.sent} at ${lag.achievedRate.toFixed(0)}/s, received ${lag.received}; p50 ${lag.p50} ms, p99 ${lag.p99} ms, max ${lag.max} ms`,
    );
    console.log(
      `CPU per webhook: catalog-sync ${lag.catalogCpuPerWebhook.toFixed(3)} ms, gateway ${lag.gatewayCpuPerWebhook.toFixed(3)} ms,` +
        ` PostgreSQL backends ${lag.postgresCpuPerWebhook.toFixed(3)} ms` +
        ` (from the first webhook until drained); ${lag.commitsPerWebhook.toFixed(2)} database commits per webhook;` +
        ` load average ${lag.load} on ${cpus().length} cores`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
