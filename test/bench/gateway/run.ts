import { SecretBox } from '@app/security';
import { createTestDatabase, createTestVhost, spawnNode, waitFor, type SpawnedNode } from '@app/testing';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { freePort, gatewayEnv, integrationChanged, newSecret, publishEvent } from '../../e2e/gateway/harness';

/*
 * Gateway bench: the compiled gateway (child process) takes stock webhooks from autocannon (this
 * process), each a distinct delivery; then every accepted webhook must have been published by the
 * outbox relay. The same load then hits a bare Node http server doing one INSERT per request (child
 * process, same database) as the baseline. Prints req/s, p50/p99 and the ratio.
 * Also prints the CPU time each server process spent per request during the measured run (user +
 * system, from /proc): on a shared machine that compares better than req/s.
 * Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_CPU_PROF=<dir> (gateway child runs with --cpu-prof there),
 * and any WEBHOOK_* variable is passed to the gateway (tuning knobs).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TARGET_RPS = 2000;
const TARGET_P99_MS = 50;
const TARGET_RATIO = 0.6;

const body = JSON.stringify({
  versao: '1.0.0',
  cnpj: '48404755000188',
  idEcommerce: 54321,
  tipo: 'estoque',
  // [<id>] is replaced per request: every webhook is a new delivery about a new product.
  dados: { tipoEstoque: 'D', saldo: '37.00', idProduto: '[<id>]', sku: 'CAM-AZ-P', skuMapeamento: 'UPL-SKU-9981', skuMapeamentoPai: '' },
});

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After "pid (comm) ": state is field 0, utime field 11, stime field 12, in clock ticks (100/s on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Measured {
  result: autocannon.Result;
  /** Server CPU milliseconds per completed request during the measured run. */
  cpuMsPerRequest: number;
  /** CPU milliseconds per request of the PostgreSQL backends connected to the bench database. */
  dbCpuMsPerRequest: number;
}

/** CPU seconds used so far by the server backends connected to the bench database (pids of pg_stat_activity). */
async function dbCpuSeconds(sql: Client): Promise<Map<number, number>> {
  const r = await sql.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const out = new Map<number, number>();
  for (const { pid } of r.rows) {
    try {
      out.set(pid, cpuSeconds(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function load(url: string, pid: number, sql: Client): Promise<Measured> {
  // Warm-up (JIT, pools, prepared statements), then the measured run.
  const options = { url, method: 'POST', connections: CONNECTIONS, headers: { 'content-type': 'application/json' }, body, idReplacement: true };
  const warm = await autocannon({ ...options, duration: 2 });
  warmUpAccepted += warm['2xx'];
  const cpuBefore = cpuSeconds(pid);
  const dbBefore = await dbCpuSeconds(sql);
  const result = await autocannon({ ...options, duration: SECONDS });
  const requests = Math.max(1, result.requests.total);
  const cpuMsPerRequest = ((cpuSeconds(pid) - cpuBefore) * 1000) / requests;
  let dbSeconds = 0;
  for (const [backend, after] of await dbCpuSeconds(sql)) dbSeconds += after - (dbBefore.get(backend) ?? 0);
  return { result, cpuMsPerRequest, dbCpuMsPerRequest: (dbSeconds * 1000) / requests };
}

let warmUpAccepted = 0;

function line(name: string, m: Measured): string {
  const r = m.result;
  return `${name.padEnd(28)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   cpu ${m.cpuMsPerRequest.toFixed(3)} ms/req (db ${m.dbCpuMsPerRequest.toFixed(3)})   2xx ${r['2xx']}  non-2xx ${r.non2xx}  errors ${r.errors}`;
}

async function main(): Promise<void> {
  const [db, vhost] = await Promise.all([createTestDatabase(), createTestVhost()]);
  const children: SpawnedNode[] = [];
  const sql = new Client({ connectionString: db.url });
  let failed = false;
  try {
    const key = SecretBox.generateKey();
    const port = await freePort();
    const env = gatewayEnv(db, vhost, port, key, {
      LOG_LEVEL: 'warn',
      WEBHOOK_RATE_PER_SECOND: '1000000',
      WEBHOOK_RATE_BURST: '1000000',
      // Tuning knobs to try (e.g. WEBHOOK_STORE_IN_FLIGHT=2) pass through from this process's environment.
      ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('WEBHOOK_') && e[1] !== undefined)),
    });
    const profDir = process.env.BENCH_CPU_PROF;
    const gateway = spawnNode('dist/apps/webhook-gateway/src/main.js', {
      env: { ...env, LOG_LEVEL: 'info' },
      execArgv: profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
    });
    children.push(gateway);
    await gateway.waitForOutput(/listening on/, 30_000);
    const secret = newSecret();
    const seed = integrationChanged(key, { secrets: [{ secret, expiresAt: null }] });
    await publishEvent(vhost.url, seed);
    await sql.connect();
    await waitFor(async () => (await sql.query('SELECT 1 FROM gateway.integrations')).rows.length === 1, { what: 'replica seeded' });

    const gwm = await load(`http://127.0.0.1:${port}/tiny/webhooks/${seed.data.integrationId}/${secret}/estoque`, gateway.pid, sql);
    const gw = gwm.result;
    const accepted = gw['2xx'] + warmUpAccepted; // the warm-up's webhooks must be published too
    // Every accepted webhook stored and published by the relay.
    const published = await waitFor(
      async () => {
        const r = await sql.query<{ stored: number; published: number }>(
          `SELECT (SELECT count(*)::int FROM gateway.received_webhooks) AS stored,
                  (SELECT count(*)::int FROM gateway.outbox WHERE published_at IS NOT NULL AND type LIKE 'tiny.%') AS published`,
        );
        return r.rows[0].stored >= accepted && r.rows[0].published === r.rows[0].stored ? r.rows[0] : null;
      },
      { timeoutMs: 60_000, what: 'the relay to publish every accepted webhook' },
    ).catch(() => null);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const batchSum = Number(/^gateway_store_batch_size_sum(?:\{[^}]*\})? (\S+)/m.exec(metrics)?.[1] ?? NaN);
    const batchCount = Number(/^gateway_store_batch_size_count(?:\{[^}]*\})? (\S+)/m.exec(metrics)?.[1] ?? NaN);
    gateway.kill('SIGTERM');
    await gateway.exited;

    const basePort = await freePort();
    const baseline = spawnNode('dist/test/bench/gateway/baseline-server.js', { env: { DATABASE_URL: db.url, PORT: String(basePort), POOL_SIZE: env.WEBHOOK_PG_POOL_SIZE ?? '16' } });
    children.push(baseline);
    await baseline.waitForOutput(/baseline listening/, 15_000);
    warmUpAccepted = 0;
    const blm = await load(`http://127.0.0.1:${basePort}/`, baseline.pid, sql);
    const bl = blm.result;
    baseline.kill('SIGTERM');

    const ratio = gw.requests.average / bl.requests.average;
    const out = [
      `webhook-gateway bench: ${CONNECTIONS} connections, ${SECONDS} s, distinct stock webhooks`,
      line('gateway (durable + outbox)', gwm),
      line('baseline (http + 1 INSERT)', blm),
      `ratio gateway/baseline       ${ratio.toFixed(2)}   cpu per request ${(gwm.cpuMsPerRequest / blm.cpuMsPerRequest).toFixed(2)}x the baseline's`,
      `store statements             ${batchCount} for ${batchSum} webhooks (${(batchSum / batchCount).toFixed(1)} per statement, warm-up included)`,
      `load average                 ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      `accepted ${accepted} (incl. warm-up; up to ${2 * CONNECTIONS} more were in flight when autocannon stopped), stored ${published?.stored ?? '?'}, published by the outbox ${published?.published ?? 'NOT ALL'}`,
      `targets: >= ${TARGET_RPS} req/s ${gw.requests.average >= TARGET_RPS ? 'met' : 'MISSED'}; p99 < ${TARGET_P99_MS} ms ${gw.latency.p99 < TARGET_P99_MS ? 'met' : 'MISSED'}; ratio >= ${TARGET_RATIO} ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}`,
    ];
    process.stdout.write(out.join('\n') + '\n');
    // autocannon stops counting with up to one request per connection in flight (twice: warm-up and run).
    const inFlight = published ? published.stored - accepted : -1;
    if (!published || published.published !== published.stored || inFlight < 0 || inFlight > 2 * CONNECTIONS || gw.errors > 0) {
      process.stdout.write('FAIL: not every accepted webhook was stored and published\n');
      failed = true;
    }
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await sql.end().catch(() => undefined);
    await Promise.all([db.drop(), vhost.drop()]);
  }
  if (failed) process.exit(1);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
