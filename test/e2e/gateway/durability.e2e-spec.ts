import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { SecretBox } from '@app/security';
import { createTestDatabase, createTestVhost, spawnNode, waitFor, type SpawnedNode, type TestDatabase, type TestVhost } from '@app/testing';
import { connect, type ChannelModel } from 'amqplib';
import { Client } from 'pg';
import { variant } from './examples';
import { freePort, gatewayEnv, integrationChanged, newSecret, post, publishEvent } from './harness';

const run = promisify(execFile);
const rabbitmqctl = (...args: string[]) => run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 });
const MAIN = 'dist/apps/webhook-gateway/src/main.js';

/** A durable queue bound to tiny.#, so events published while the test is disconnected are kept. */
class DurableTap {
  readonly saldos: string[] = [];
  private conn?: ChannelModel;
  readonly queue = `gateway-tap-${randomBytes(4).toString('hex')}`;
  constructor(private readonly url: string) {}

  async open(): Promise<void> {
    this.conn = await connect(this.url);
    this.conn.on('error', () => undefined);
    const ch = await this.conn.createChannel();
    ch.on('error', () => undefined);
    await ch.assertQueue(this.queue, { durable: true });
    await ch.bindQueue(this.queue, 'uplaces.events', 'tiny.#');
    await ch.consume(this.queue, (msg) => {
      if (!msg) return;
      this.saldos.push((JSON.parse(msg.content.toString()) as { data: { dados: { saldo: string } } }).data.dados.saldo);
      ch.ack(msg);
    });
  }

  async close(): Promise<void> {
    await this.conn?.close().catch(() => undefined);
    this.conn = undefined;
  }
}

describe('webhook-gateway durability (compiled gateway in a child process)', () => {
  let db: TestDatabase;
  let vhost: TestVhost;
  let child: SpawnedNode | undefined;
  let sql: Client;
  let tap: DurableTap;
  let env: Record<string, string>;
  let base: string;
  const secret = newSecret();
  let path: string;

  async function startChild(): Promise<void> {
    child = spawnNode(MAIN, { env });
    await child.waitForOutput(/listening on/, 30_000);
  }

  beforeAll(async () => {
    [db, vhost] = await Promise.all([createTestDatabase(), createTestVhost()]);
    const key = SecretBox.generateKey();
    const port = await freePort();
    env = gatewayEnv(db, vhost, port, key, { LOG_LEVEL: 'info' });
    base = `http://127.0.0.1:${port}`;
    await startChild();
    const seed = integrationChanged(key, { secrets: [{ secret, expiresAt: null }] });
    await publishEvent(vhost.url, seed);
    sql = new Client({ connectionString: db.url });
    sql.on('error', () => undefined); // terminated on purpose by the PostgreSQL test
    await sql.connect();
    await waitFor(async () => (await sql.query('SELECT 1 FROM gateway.integrations')).rows.length === 1, { what: 'replica seeded' });
    path = `/tiny/webhooks/${seed.data.integrationId}/${secret}/estoque`;
    tap = new DurableTap(vhost.url);
    await tap.open();
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await child?.exited;
    await tap?.close();
    await sql?.end().catch(() => undefined);
    await rabbitmqctl('set_permissions', '-p', vhost.vhost, 'guest', '.*', '.*', '.*').catch(() => undefined);
    await Promise.all([db?.drop(), vhost?.drop()]);
  });

  const send = (saldo: string) => post(base, path, variant('estoque', { saldo }));
  const revokeBroker = async () => {
    await rabbitmqctl('clear_permissions', '-p', vhost.vhost, 'guest');
    await rabbitmqctl('close_all_connections', '--vhost', vhost.vhost, 'test: broker unreachable');
  };
  const restoreBroker = () => rabbitmqctl('set_permissions', '-p', vhost.vhost, 'guest', '.*', '.*', '.*');
  const exactlyOnce = (expected: string[]) => {
    expect([...tap.saldos].sort()).toEqual([...expected].sort());
  };

  it('publishes what it accepted while RabbitMQ was unreachable, and after a SIGKILL right after the 200', async () => {
    const expected: string[] = [];
    for (let i = 0; i < 3; i++) {
      expect((await send(`${i}.00`)).status).toBe(200);
      expected.push(`${i}.00`);
    }
    await waitFor(() => tap.saldos.length === 3, { what: 'first events' });

    // RabbitMQ unreachable for this gateway: still 200 (stored), published once it is back.
    await tap.close();
    await revokeBroker();
    for (let i = 10; i < 30; i++) {
      expect((await send(`${i}.00`)).status).toBe(200);
      expected.push(`${i}.00`);
    }
    const pending = await sql.query('SELECT count(*)::int AS n FROM gateway.outbox WHERE published_at IS NULL');
    expect(pending.rows[0]).toEqual({ n: 20 });
    await restoreBroker();
    await tap.open();
    await waitFor(() => tap.saldos.length >= expected.length, { timeoutMs: 30_000, what: 'events after the broker came back' });

    // Killed (SIGKILL) right after answering 200, before it could publish: published after restart.
    await tap.close();
    await revokeBroker();
    for (let i = 40; i < 45; i++) {
      expect((await send(`${i}.00`)).status).toBe(200);
      expected.push(`${i}.00`);
    }
    child!.kill('SIGKILL');
    await child!.exited;
    await restoreBroker();
    await startChild();
    await tap.open();
    await waitFor(() => tap.saldos.length >= expected.length, { timeoutMs: 30_000, what: 'events after restart' });
    await new Promise((r) => setTimeout(r, 500));
    exactlyOnce(expected);
  });

  it('answers 503 (never 200) while PostgreSQL is unreachable, and 200 again once it is back', async () => {
    const admin = new Client({ connectionString: db.url.replace(`/${db.name}`, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.name]);
      for (let i = 0; i < 5; i++) {
        const res = await send(`${60 + i}.00`);
        expect(res.status).toBe(503);
        expect(res.json).toEqual({ error: 'unavailable', message: expect.any(String) });
      }
    } finally {
      await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await sql.end().catch(() => undefined);
    sql = new Client({ connectionString: db.url });
    sql.on('error', () => undefined);
    await sql.connect();
    expect((await waitFor(async () => ((await send('70.00')).status === 200 ? true : null), { timeoutMs: 15_000, what: 'recovery' }))).toBe(true);
    const stored = await sql.query(`SELECT count(*)::int AS n FROM gateway.received_webhooks WHERE body LIKE '%"saldo":"6_.00"%'`);
    expect(stored.rows[0]).toEqual({ n: 0 });
    // Nothing the gateway printed (info logs, warnings of the outage) holds the raw secret.
    expect(child!.output()).toMatch(/listening on/);
    expect(child!.output()).not.toContain(secret);
  });
});
