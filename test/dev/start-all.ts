/**
 * `npm start`: runs the whole system on this machine for development. Creates the database if
 * needed, starts the Tiny sandbox and the four services as child processes with dev defaults,
 * prints their URLs and stops them all on Ctrl-C. Every default can be overridden by the
 * environment (DATABASE_URL, AMQP_URL, ENCRYPTION_KEY, JWT_SECRET, LOG_LEVEL, LOG_FORMAT=json).
 * Arguments name the services to start (default all): `start-all.js config catalog-sync`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '..', '..', '..'); // dist/test/dev -> repo root

// Dev-only secrets: fine on a laptop, never in any deployed environment.
const DEV_ENCRYPTION_KEY = Buffer.from('dev-only-encryption-key-32-bytes').toString('base64');
const DEV_JWT_SECRET = 'dev-only-jwt-secret-do-not-use-in-production';

const SANDBOX_PORT = 3100;
const SANDBOX_TOKEN = 'demo-token-0000000000000000000000000000000000';
const SANDBOX_ENTRY = 'dist/test/tiny-sandbox/src/main.js';

const SERVICES = [
  { name: 'config', port: 3001 },
  { name: 'webhook-gateway', port: 3002 },
  { name: 'order-dispatcher', port: 3003 },
  { name: 'catalog-sync', port: 3004 },
] as const;

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !SERVICES.some((s) => s.name === n));
if (unknown.length) {
  process.stderr.write(`Unknown service(s): ${unknown.join(', ')}. Known: ${SERVICES.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
const selected = SERVICES.filter((s) => wanted.length === 0 || wanted.includes(s.name));

const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/uplaces',
  AMQP_URL: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY,
  JWT_SECRET: process.env.JWT_SECRET ?? DEV_JWT_SECRET,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  TINY_BASE_URL: process.env.TINY_BASE_URL ?? `http://127.0.0.1:${SANDBOX_PORT}/api2`,
  PUBLIC_GATEWAY_URL: process.env.PUBLIC_GATEWAY_URL ?? 'http://127.0.0.1:3002',
};
const jsonLogs = process.env.LOG_FORMAT === 'json';

interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}
const children: Child[] = [];
let stopping = false;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function hidePassword(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** One readable line per pino JSON line; anything else passes through. */
function format(name: string, line: string): string {
  const tag = name.padEnd(16);
  if (jsonLogs) return `${tag} ${line}`;
  try {
    const entry = JSON.parse(line) as { level?: string; msg?: string; time?: string; context?: string; err?: { message?: string } };
    if (typeof entry.msg !== 'string') return `${tag} ${line}`;
    const time = (entry.time ?? '').slice(11, 19);
    const context = entry.context ? `[${entry.context}] ` : '';
    const err = entry.err?.message ? ` — ${entry.err.message}` : '';
    return `${time} ${tag} ${(entry.level ?? '').padEnd(5)} ${context}${entry.msg}${err}`;
  } catch {
    return `${tag} ${line}`;
  }
}

function startChild(name: string, entry: string, childEnv: Record<string, string>): Child {
  const child = spawn(process.execPath, [join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, ...childEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => say(format(name, line)));
  }
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const handle = { name, process: child, exited };
  void exited.then((code) => {
    if (!stopping) {
      say(`\n${name} exited unexpectedly (code ${code}); stopping everything.`);
      void stopAll(1);
    }
  });
  children.push(handle);
  return handle;
}

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('\nStopping all services...');
    for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL');
    }, 15_000);
    await Promise.all(children.map((c) => c.exited));
    clearTimeout(force);
    say('All stopped.');
    process.exit(exitCode);
  }
  return new Promise<never>(() => undefined);
}

function tcpReachable(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((done) => {
    const socket = tcpConnect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function waitForHttp(url: string, accept: (status: number) => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (accept(res.status)) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Creates the database named in DATABASE_URL when it does not exist yet. */
async function ensureDatabase(): Promise<void> {
  const target = new URL(env.DATABASE_URL);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(env.DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (err) {
    say(`PostgreSQL is not reachable at ${hidePassword(admin.toString())}: ${(err as Error).message}`);
    say("Start it (e.g. pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set DATABASE_URL.");
    process.exit(1);
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      say(`Created database ${name}.`);
    }
  } finally {
    await client.end();
  }
}

async function ensureBroker(): Promise<void> {
  const url = new URL(env.AMQP_URL);
  const port = Number(url.port || (url.protocol === 'amqps:' ? 5671 : 5672));
  if (!(await tcpReachable(url.hostname, port))) {
    say(`RabbitMQ is not reachable at ${url.hostname}:${port}. Start it (e.g. rabbitmq-server -detached) or set AMQP_URL.`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  await ensureDatabase();
  await ensureBroker();

  let sandboxUrl: string | undefined;
  if (await tcpReachable('127.0.0.1', SANDBOX_PORT, 500)) {
    say(`Port ${SANDBOX_PORT} is taken: using the Tiny sandbox already running there.`);
    sandboxUrl = `http://127.0.0.1:${SANDBOX_PORT}`;
  } else if (existsSync(join(ROOT, SANDBOX_ENTRY))) {
    startChild('tiny-sandbox', SANDBOX_ENTRY, { PORT: String(SANDBOX_PORT), SANDBOX_PORT: String(SANDBOX_PORT) });
    if (await waitForHttp(`http://127.0.0.1:${SANDBOX_PORT}/`, () => true, 20_000)) sandboxUrl = `http://127.0.0.1:${SANDBOX_PORT}`;
  } else {
    say(`Warning: ${SANDBOX_ENTRY} not found; starting without the Tiny sandbox (Tiny calls will fail).`);
  }

  for (const s of selected) {
    startChild(s.name, `dist/apps/${s.name}/src/main.js`, { ...env, PORT: String(s.port) });
  }
  const ready = await Promise.all(
    selected.map((s) => waitForHttp(`http://127.0.0.1:${s.port}/health/ready`, (status) => status === 200, 60_000)),
  );
  if (stopping) return;

  const usingDevSecrets = env.ENCRYPTION_KEY === DEV_ENCRYPTION_KEY || env.JWT_SECRET === DEV_JWT_SECRET;
  say('');
  say('Uplaces <-> Tiny integration is running:');
  selected.forEach((s, i) => {
    const url = `http://127.0.0.1:${s.port}`;
    say(`  ${s.name.padEnd(17)} ${url.padEnd(24)} ${ready[i] ? 'ready' : 'NOT READY (see its log above)'}`);
  });
  say(
    sandboxUrl
      ? `  ${'tiny-sandbox'.padEnd(17)} ${`${sandboxUrl}/api2`.padEnd(24)} demo token ${SANDBOX_TOKEN}`
      : `  ${'tiny-sandbox'.padEnd(17)} not running`,
  );
  say(`  each service: /health/live, /health/ready, /metrics`);
  say(`  database ${hidePassword(env.DATABASE_URL)}, broker ${hidePassword(env.AMQP_URL)}`);
  if (usingDevSecrets) say('  using DEV-ONLY ENCRYPTION_KEY / JWT_SECRET (set your own outside development)');
  say('Press Ctrl-C to stop.');
}

main().catch((err: unknown) => {
  say(`start-all failed: ${err instanceof Error ? err.message : String(err)}`);
  void stopAll(1);
});
