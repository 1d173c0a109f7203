// A consumer of config's integration events that starts with an empty replica (new database, or its queue
// declared after config published) asks config to re-publish (config.resync.requested.v1) instead of waiting
// for the next change. config, webhook-gateway and order-dispatcher run from dist/ as in production, on one
// throwaway database (a schema each) and vhost, with the Tiny sandbox behind config's Testar.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { ALL_TENANTS, createEvent, ResyncRequestedV1 } from '@app/contracts';
import { mintDevToken, SecretBox } from '@app/security';
import { createTestDatabase, createTestVhost, spawnNode, waitFor, type SpawnedNode, type TestDatabase, type TestVhost } from '@app/testing';
import { connect } from 'amqplib';
import { Client } from 'pg';
import { startSandbox, type Sandbox } from '../../tiny-sandbox/src/sandbox';
import { freePort, serviceEnv, SERVICES, TEST_ENCRYPTION_KEY, TEST_JWT_SECRET } from '../boot/services';
import { EXAMPLES, variant } from '../gateway/examples';
import { BusTap, post } from '../gateway/harness';

const TOKEN = `rs${randomBytes(20).toString('hex')}`;
const TENANT = 'tenant-resync';
const run = promisify(execFile);
const entry = (name: (typeof SERVICES)[number]['name']) => SERVICES.find((s) => s.name === name)!.entry;

interface Running {
  node: SpawnedNode;
  url: string;
}

describe('fresh integration replicas ask config to re-publish', () => {
  let db: TestDatabase;
  let vhost: TestVhost;
  let sandbox: Sandbox;
  let sql: Client;
  let bus: BusTap;
  let config: Running;
  let gateway: Running | undefined;
  let dispatcher: Running | undefined;
  let admin: string;
  let integrationId: string;
  let version: number;
  let webhookPath: string;

  async function start(name: (typeof SERVICES)[number]['name']): Promise<Running> {
    const port = await freePort();
    const env = serviceEnv({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, AMQP_URL: vhost.url, TINY_BASE_URL: `${sandbox.url}/api2` });
    const node = spawnNode(entry(name), { env });
    await node.waitForOutput(new RegExp(`"msg":"${name} listening on`), 30_000);
    return { node, url: `http://127.0.0.1:${port}` };
  }

  async function stop(r: Running | undefined): Promise<void> {
    if (!r) return;
    r.node.kill('SIGTERM');
    await r.node.exited;
  }

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${config.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test convenience for reading JSON answers
    return { status: res.status, body: (await res.json()) as any };
  }

  /** How many resyncs requested by `service` config answered (its log lines). */
  const answered = (service: string) =>
    config.node.output().split('\n').filter((l) => l.includes('integrations re-published') && l.includes(`"requestedBy":"${service}"`)).length;

  /** Every message config put on its outbox is on the broker, and `queue` has neither ready nor unacked ones. */
  const drained = async (queue: string): Promise<boolean> => {
    const pending = await one<{ n: number }>('SELECT count(*)::int AS n FROM config.outbox WHERE published_at IS NULL');
    if (pending!.n > 0) return false;
    const { stdout } = await run('rabbitmqctl', ['-q', 'list_queues', '-p', vhost.vhost, '--no-table-headers', 'name', 'messages', 'messages_unacknowledged']);
    return stdout.split('\n').some((l) => l.trim().split(/\s+/).join(' ') === `${queue} 0 0`);
  };

  const queueExists = async (queue: string): Promise<boolean> => {
    const conn = await connect(vhost.url);
    try {
      const ch = await conn.createChannel();
      ch.on('error', () => undefined); // a missing queue closes the channel
      return await ch.checkQueue(queue).then(() => true, () => false);
    } finally {
      await conn.close().catch(() => undefined);
    }
  };

  const one = async <T>(text: string, params: unknown[] = []): Promise<T | undefined> => (await sql.query(text, params)).rows[0] as T | undefined;

  beforeAll(async () => {
    [db, vhost] = await Promise.all([createTestDatabase(), createTestVhost()]);
    sandbox = await startSandbox({
      port: 0,
      accounts: [{ token: TOKEN, planLimit: 600, cnpj: EXAMPLES.estoque.cnpj, idEcommerce: EXAMPLES.estoque.idEcommerce, products: 1, contacts: 1, orders: 0 }],
    });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    admin = await mintDevToken({ tenant: TENANT, user: 'admin-1', profile: 'admin', secret: TEST_JWT_SECRET });

    // Only config runs while the integration is set up: its events reach no gateway or dispatcher queue.
    config = await start('config');
    expect((await api('POST', '/users', { id: 'u-int', name: 'Integração Tiny', profile: 'Integração' })).status).toBe(201);
    const created = await api('POST', '/integrations', {
      name: 'Loja Resync',
      integrationUserId: 'u-int',
      forwardStatus: 'Enviado pelo comprador',
      integratorId: String(EXAMPLES.estoque.idEcommerce),
      token: TOKEN,
    });
    expect([created.status, created.body]).toEqual([201, expect.anything()]);
    integrationId = created.body.id as string;
    expect((await api('POST', `/integrations/${integrationId}/test`)).body).toMatchObject({ ok: true, active: true });
    version = (await api('GET', `/integrations/${integrationId}`)).body.version as number;
    const urls = (await api('GET', `/integrations/${integrationId}/webhook-urls`)).body.urls as { kind: string; url: string }[];
    webhookPath = new URL(urls.find((u) => u.kind === 'estoque')!.url).pathname;
    // Published (to nobody) before any consumer exists.
    await waitFor(
      async () =>
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM config.outbox WHERE type = 'config.integration.changed.v1' AND published_at IS NULL`))?.n === 0,
      { what: "config's integration events published" },
    );
    bus = await BusTap.open(vhost.url);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([stop(gateway), stop(dispatcher)]);
    await stop(config);
    await bus?.close();
    await sql?.end().catch(() => undefined);
    await sandbox?.close();
    await Promise.all([db?.drop(), vhost?.drop()]);
  }, 60_000);

  it('a webhook-gateway booted on a fresh database accepts webhooks of an existing integration, with no change to it', async () => {
    expect(await queueExists('webhook-gateway')).toBe(false);
    gateway = await start('webhook-gateway');

    const replica = await waitFor(
      () => one<{ version: number }>('SELECT version FROM gateway.integrations WHERE integration_id = $1', [integrationId]).catch(() => undefined),
      { timeoutMs: 15_000, what: "the gateway's replica to get the integration" },
    );
    expect(replica.version).toBe(version);
    await waitFor(() => answered('webhook-gateway') === 1, { what: 'config to answer the webhook-gateway resync' });

    // The in-memory cache follows the row within moments of its commit.
    const send = () => post(gateway!.url, webhookPath, variant('estoque', { saldo: '11.00' }));
    expect((await waitFor(async () => ((await send()).status === 200 ? 200 : null), { timeoutMs: 5000, what: 'a 200' }))).toBe(200);
    const event = await waitFor(() => bus.ofType('tiny.estoque.received.v1').find((e) => e.integrationId === integrationId), {
      what: 'tiny.estoque.received.v1',
    });
    expect(event.tenantId).toBe(TENANT);
    expect((event.data as { dados: { saldo: string } }).dados.saldo).toBe('11.00');
    expect((await api('GET', `/integrations/${integrationId}`)).body.version).toBe(version);
  });

  it('an order-dispatcher booted on a fresh database gets the integration, and its request leaves the gateway untouched', async () => {
    const before = await one<{ updated_at: Date }>('SELECT updated_at FROM gateway.integrations WHERE integration_id = $1', [integrationId]);
    dispatcher = await start('order-dispatcher');

    const replica = await waitFor(
      () =>
        one<{ version: number; settings: { tiny: { tokenSealed: string } } }>('SELECT version, settings FROM dispatch.integrations WHERE integration_id = $1', [
          integrationId,
        ]).catch(() => undefined),
      { timeoutMs: 15_000, what: "the dispatcher's replica to get the integration" },
    );
    expect(replica.version).toBe(version);
    expect(new SecretBox(TEST_ENCRYPTION_KEY).decrypt(replica.settings.tiny.tokenSealed)).toBe(TOKEN);
    await waitFor(() => answered('order-dispatcher') === 1, { what: 'config to answer the order-dispatcher resync' });

    // The gateway received config's answer too (a second copy of the same version) and ignored it.
    await waitFor(
      async () =>
        (await one<{ n: number }>(`SELECT count(*)::int AS n FROM gateway.inbox WHERE consumer = 'webhook-gateway.integration-replica'`))?.n === 2,
      { what: 'the gateway to receive the re-published integration again' },
    );
    const after = await one<{ version: number; updated_at: Date }>('SELECT version, updated_at FROM gateway.integrations WHERE integration_id = $1', [integrationId]);
    expect(after).toEqual({ version, updated_at: before!.updated_at });
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM gateway.dead_letters'))!.n).toBe(0);
    expect((await post(gateway!.url, webhookPath, variant('estoque', { saldo: '12.00' }))).status).toBe(200);
  });

  it('a webhook-gateway whose database was wiped asks again when it restarts', async () => {
    await stop(gateway);
    gateway = undefined;
    await sql.query('DROP SCHEMA gateway CASCADE');
    const dispatcherRow = await one<{ updated_at: Date }>('SELECT updated_at FROM dispatch.integrations WHERE integration_id = $1', [integrationId]);
    gateway = await start('webhook-gateway');

    await waitFor(() => one('SELECT 1 FROM gateway.integrations WHERE integration_id = $1', [integrationId]).catch(() => undefined), {
      timeoutMs: 15_000,
      what: "the wiped gateway's replica to get the integration back",
    });
    const send = () => post(gateway!.url, webhookPath, variant('estoque', { saldo: '13.00' }));
    expect((await waitFor(async () => ((await send()).status === 200 ? 200 : null), { timeoutMs: 5000, what: 'a 200' }))).toBe(200);
    await waitFor(() => bus.ofType('tiny.estoque.received.v1').find((e) => (e.data as { dados: { saldo: string } }).dados.saldo === '13.00'), {
      what: 'the event of the webhook accepted after the wipe',
    });
    // The dispatcher had it already: it consumed config's answer and left its row as it was.
    await waitFor(() => answered('webhook-gateway') === 2, { what: 'config to answer the webhook-gateway resync' });
    await waitFor(() => drained('order-dispatcher'), { timeoutMs: 15_000, intervalMs: 500, what: "the dispatcher's queue drained" });
    expect(await one('SELECT updated_at FROM dispatch.integrations WHERE integration_id = $1', [integrationId])).toEqual(dispatcherRow);
  });
  it('config answers a request queued while it was down on its first attempt after a restart (its database is ready before it consumes)', async () => {
    await stop(config);
    const request = createEvent(ResyncRequestedV1, { source: 'test', tenantId: ALL_TENANTS, data: { requestedBy: 'restart-test', reason: 'queued while config was down' } });
    const conn = await connect(vhost.url);
    try {
      const ch = await conn.createConfirmChannel();
      ch.publish('uplaces.events', request.type, Buffer.from(JSON.stringify(request)), { persistent: true, messageId: request.id, type: request.type, contentType: 'application/json' });
      await ch.waitForConfirms();
    } finally {
      await conn.close();
    }
    config = await start('config');
    await waitFor(() => answered('restart-test') === 1, { timeoutMs: 15_000, what: 'config to answer the queued request' });
    // Consuming before the migrations/connection were ready showed up as an error and a retry.
    expect(config.node.output().split('\n').filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });
});
