// What happens to config's state after setup, with config booted in-process exactly as main.ts boots it
// (real PostgreSQL, RabbitMQ, Tiny sandbox): dead letters (persisted, listed, replayed once), integrations
// stopped when their user is deactivated or loses the Integração profile, and rotated-out webhook secrets
// removed once their (tiny) grace period is over, never to reappear in events.
import { randomBytes } from 'node:crypto';
import { createEvent, IntegrationChangedV1, ResyncRequestedV1, UserChangedV1, type IntegrationChangedData } from '@app/contracts';
import { bootstrapService, createLogger, loadConfig, type RunningService } from '@app/observability';
import { mintDevToken, SecretBox } from '@app/security';
import { createTestDatabase, createTestVhost, waitFor, type TestDatabase, type TestVhost } from '@app/testing';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { Pool } from 'pg';
import { startSandbox } from '../../tiny-sandbox/src';
import { ConfigServiceEnv } from '../../../apps/config/src/config';
import { configServiceOptions } from '../../../apps/config/src/service';
import { freePort } from '../boot/services';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const ENCRYPTION_KEY = SecretBox.generateKey();
const JWT_SECRET = `e2e-${randomBytes(24).toString('hex')}`;
const TOKEN = `good${randomBytes(20).toString('hex')}`;
const BAD_TOKEN = `bad0${randomBytes(20).toString('hex')}`;
const TENANT = 'tenant-a';
const OTHER_TENANT = 'tenant-b';
const GRACE_SECONDS = 1;
const SWEEP_MS = 200;
const box = new SecretBox(ENCRYPTION_KEY);

let db: TestDatabase;
let vhost: TestVhost;
let sandbox: Sandbox;
let service: RunningService | undefined;
let base: string;
let amqpConn: ChannelModel;
let ch: Channel;
let pool: Pool;
const events: IntegrationChangedV1[] = [];

let admin: string;
let seller: string;
let otherAdmin: string;

async function api(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? admin}` };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test convenience for reading JSON answers
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

async function eventWithVersion(integrationId: string, version: number): Promise<IntegrationChangedData> {
  await waitFor(() => events.some((e) => e.data.integrationId === integrationId && e.data.version === version), { timeoutMs: 10000, intervalMs: 50 });
  return events.find((e) => e.data.integrationId === integrationId && e.data.version === version)!.data;
}

/** Publishes a body as Uplaces would (wire format of architecture.md), valid or not. */
function publish(type: string, body: { id: string; tenantId: string }) {
  ch.publish('uplaces.events', type, Buffer.from(JSON.stringify(body)), {
    messageId: body.id,
    type,
    contentType: 'application/json',
    persistent: true,
    headers: { 'x-tenant-id': body.tenantId },
  });
}

function userChanged(tenantId: string, data: { id: string; name: string; profile: string; active: boolean }): UserChangedV1 {
  return createEvent(UserChangedV1, { source: 'users', tenantId, data: { ...data, tenantId, email: null } });
}

async function createActiveIntegration(userId: string, name: string): Promise<string> {
  const created = await api('POST', '/integrations', {
    body: { name, integrationUserId: userId, forwardStatus: 'Enviado pelo comprador', integratorId: '54321', token: TOKEN },
  });
  expect(created.status).toBe(201);
  const test = await api('POST', `/integrations/${created.body.id}/test`);
  expect(test.body).toMatchObject({ ok: true, active: true });
  return created.body.id as string;
}

beforeAll(async () => {
  [db, vhost] = await Promise.all([createTestDatabase(), createTestVhost()]);
  sandbox = await startSandbox({ port: 0, accounts: [{ token: TOKEN, planLimit: 600, products: 1, contacts: 1, orders: 1 }] });
  pool = new Pool({ connectionString: db.url, max: 2 });
  const config = loadConfig(
    ConfigServiceEnv,
    {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      AMQP_URL: vhost.url,
      LOG_LEVEL: 'warn',
      ENCRYPTION_KEY,
      JWT_SECRET,
      TINY_BASE_URL: `${sandbox.url}/api2`,
      PUBLIC_GATEWAY_URL: 'https://gateway.example.test',
      WEBHOOK_SECRET_GRACE_SECONDS: String(GRACE_SECONDS),
      WEBHOOK_SECRET_SWEEP_INTERVAL_MS: String(SWEEP_MS),
    },
    { exitOnError: false },
  );
  const logger = createLogger('config', 'warn');
  service = await bootstrapService(configServiceOptions(config, logger, { retryDelaysMs: [200], exitOnShutdown: false }));
  const address = service.app.getHttpServer().address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  amqpConn = await amqp.connect(vhost.url);
  ch = await amqpConn.createChannel();
  await waitFor(async () => ch.checkExchange('uplaces.events').then(() => true, async () => ((ch = await amqpConn.createChannel()), false)), {
    timeoutMs: 10000,
    intervalMs: 100,
  });
  const { queue } = await ch.assertQueue('', { exclusive: true });
  await ch.bindQueue(queue, 'uplaces.events', IntegrationChangedV1.type);
  await ch.consume(queue, (msg) => {
    if (!msg) return;
    events.push(JSON.parse(msg.content.toString('utf8')) as IntegrationChangedV1);
    ch.ack(msg);
  });

  admin = await mintDevToken({ tenant: TENANT, user: 'admin-1', profile: 'admin', secret: JWT_SECRET });
  seller = await mintDevToken({ tenant: TENANT, user: 'seller-1', profile: 'vendedor', secret: JWT_SECRET });
  otherAdmin = await mintDevToken({ tenant: OTHER_TENANT, user: 'admin-b', profile: 'admin', secret: JWT_SECRET });
}, 60000);

afterAll(async () => {
  await service?.shutdown().catch(() => undefined);
  await amqpConn?.close().catch(() => undefined);
  await sandbox?.close();
  await pool?.end();
  await db?.drop();
  await vhost?.drop();
}, 60000);

describe('config: dead letters', () => {
  it('stores a users.user.changed.v1 that fails validation, lists it to the tenant admin and replays it once', async () => {
    const event = userChanged(TENANT, { id: 'u-broken', name: 'Sem status', profile: 'Integração', active: true });
    const body = JSON.parse(JSON.stringify(event)) as { id: string; tenantId: string; data: Record<string, unknown> };
    delete body.data.active; // required by the contract
    publish(UserChangedV1.type, body);

    type Item = { id: string; messageId: string; type: string; error: string; attempts: number; replayedAt: string | null };
    const mine = async () => ((await api('GET', '/ops/dead-letters')).body.items as Item[]).filter((d) => d.messageId === event.id);
    await waitFor(async () => (await mine()).length === 1, { timeoutMs: 10000, intervalMs: 100 });
    const [dead] = await mine();
    expect(dead).toMatchObject({ type: UserChangedV1.type, attempts: 1, replayedAt: null });
    expect(dead.error).toContain('active');
    // Never applied.
    expect(((await api('GET', '/users')).body as { id: string }[]).some((u) => u.id === 'u-broken')).toBe(false);

    // Tenant-scoped and admin-only.
    expect((await api('GET', '/ops/dead-letters', { token: otherAdmin })).body.items).toEqual([]);
    expect((await api('POST', `/ops/dead-letters/${dead.id}/replay`, { token: otherAdmin })).status).toBe(404);
    expect((await api('GET', '/ops/dead-letters', { token: seller })).status).toBe(403);
    expect((await api('POST', `/ops/dead-letters/${dead.id}/replay`, { token: seller })).status).toBe(403);
    expect((await api('POST', '/ops/dead-letters/999999/replay')).status).toBe(404);
    expect((await api('POST', '/ops/dead-letters/not-a-number/replay')).status).toBe(404);

    const replay = await api('POST', `/ops/dead-letters/${dead.id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ replayed: true });
    // The replayed copy reached config's queue again and, still invalid, is a new dead letter.
    await waitFor(async () => (await mine()).length === 2, { timeoutMs: 10000, intervalMs: 100 });
    const items = await mine();
    expect(items.find((d) => d.id === dead.id)!.replayedAt).not.toBeNull();
    expect(items.find((d) => d.id !== dead.id)!.replayedAt).toBeNull();

    const again = await api('POST', `/ops/dead-letters/${dead.id}/replay`);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Mensagem já reenviada');
  });

  it("records the handler's own error (not Nest's generic one) when the handler refuses an event", async () => {
    const event = userChanged(TENANT, { id: 'u-foreign', name: 'Outro cliente', profile: 'Integração', active: true });
    const body = JSON.parse(JSON.stringify(event)) as { id: string; tenantId: string; data: Record<string, unknown> };
    body.data.tenantId = OTHER_TENANT; // the body names another tenant than the envelope
    publish(UserChangedV1.type, body);
    const find = async () => ((await api('GET', '/ops/dead-letters')).body.items as { messageId: string; error: string }[]).find((d) => d.messageId === event.id);
    await waitFor(async () => (await find()) !== undefined, { timeoutMs: 10000, intervalMs: 100 });
    expect((await find())!.error).toContain('data.tenantId differs from the envelope tenantId');
  });
});

describe("config: an integration's user changes later", () => {
  let integrationId: string;

  async function integration() {
    return (await api('GET', `/integrations/${integrationId}`)).body as { active: boolean; version: number; inactiveReason: string | null };
  }

  it('stops the integrations of a user deactivated in Uplaces (system, audited, published) and tells the admin why', async () => {
    publish(UserChangedV1.type, userChanged(TENANT, { id: 'u-int', name: 'Integração Tiny', profile: 'Integração', active: true }));
    await waitFor(async () => ((await api('GET', '/users')).body as { id: string }[]).some((u) => u.id === 'u-int'), { timeoutMs: 10000, intervalMs: 100 });
    integrationId = await createActiveIntegration('u-int', 'Integração Tiny ERP');
    // An inactive integration of the same user is left as it is.
    const idle = await api('POST', '/integrations', {
      body: { name: 'Parada', integrationUserId: 'u-int', forwardStatus: 'Entregue', integratorId: '1', token: BAD_TOKEN },
    });
    const before = await integration();
    expect(before).toMatchObject({ active: true, inactiveReason: null });

    publish(UserChangedV1.type, userChanged(TENANT, { id: 'u-int', name: 'Integração Tiny', profile: 'Integração', active: false }));
    await waitFor(async () => (await integration()).active === false, { timeoutMs: 10000, intervalMs: 100 });
    const after = await integration();
    expect(after.version).toBe(before.version + 1);
    expect(after.inactiveReason).toMatch(/^Desativada automaticamente: o usuário de integração "Integração Tiny" foi desativado na Uplaces\./);

    const audit = await api('GET', `/integrations/${integrationId}/audit`);
    expect(audit.body[0]).toMatchObject({ userId: 'system', profile: 'system', action: 'auto-deactivate', fields: ['active'], version: after.version });
    const data = await eventWithVersion(integrationId, after.version);
    expect(data).toMatchObject({ active: false, deleted: false, integrationUser: { id: 'u-int' } });
    expect((await api('GET', `/integrations/${idle.body.id}`)).body).toMatchObject({ active: false, version: 1, inactiveReason: null });

    // It cannot be switched back on while its user cannot act for it.
    const reactivate = await api('PATCH', `/integrations/${integrationId}`, { body: { active: true } });
    expect(reactivate.status).toBe(400);
    expect(reactivate.body.message).toContain('está inativo');
    expect((await integration()).version).toBe(after.version);
  });

  it('with another Integração user it can be activated again (reason cleared), and stops again when that user loses the profile', async () => {
    publish(UserChangedV1.type, userChanged(TENANT, { id: 'u-int2', name: 'Integração Nova', profile: 'integracao', active: true }));
    await waitFor(async () => ((await api('GET', '/users')).body as { id: string }[]).some((u) => u.id === 'u-int2'), { timeoutMs: 10000, intervalMs: 100 });
    expect((await api('PATCH', `/integrations/${integrationId}`, { body: { integrationUserId: 'u-int2' } })).status).toBe(200);
    const on = await api('PATCH', `/integrations/${integrationId}`, { body: { active: true } });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ active: true, inactiveReason: null });

    publish(UserChangedV1.type, userChanged(TENANT, { id: 'u-int2', name: 'Integração Nova', profile: 'Vendedor', active: true }));
    await waitFor(async () => (await integration()).active === false, { timeoutMs: 10000, intervalMs: 100 });
    const after = await integration();
    expect(after.inactiveReason).toContain('não tem mais o perfil Integração (perfil atual: "Vendedor")');
    const audit = await api('GET', `/integrations/${integrationId}/audit`);
    expect(audit.body[0]).toMatchObject({ userId: 'system', action: 'auto-deactivate', fields: ['active'] });
    expect((await eventWithVersion(integrationId, after.version)).active).toBe(false);
  });
});

describe('config: rotated-out webhook secrets expire', () => {
  it('are deleted once past the grace period and never listed in a later event', async () => {
    expect((await api('POST', '/users', { token: otherAdmin, body: { id: 'u-b', name: 'Integração B', profile: 'Integração' } })).status).toBe(201);
    const created = await api('POST', '/integrations', {
      token: otherAdmin,
      body: { name: 'Loja B', integrationUserId: 'u-b', forwardStatus: 'Entregue', integratorId: '2', token: TOKEN },
    });
    const id = created.body.id as string;
    const secrets = async () =>
      (await pool.query<{ count: string }>('SELECT count(*) AS count FROM config.webhook_secrets WHERE integration_id = $1', [id])).rows[0].count;

    const rotated = await api('POST', `/integrations/${id}/webhook-secret/rotate`, { token: otherAdmin });
    expect(rotated.status).toBe(200);
    const current = decodeURIComponent(/\/tiny\/webhooks\/[^/]+\/([^/]+)\//.exec(rotated.body.urls[0].url as string)![1]);
    const rotatedVersion = (await api('GET', `/integrations/${id}`, { token: otherAdmin })).body.version as number;
    const withGrace = await eventWithVersion(id, rotatedVersion);
    expect(withGrace.webhook.secrets).toHaveLength(2);
    expect(withGrace.webhook.secrets[1].expiresAt).not.toBeNull();
    expect(await secrets()).toBe('2');

    // The sweep removes it on its own (no change, no event needed: replicas hold the expiry).
    await waitFor(async () => (await secrets()) === '1', { timeoutMs: GRACE_SECONDS * 1000 + 5000, intervalMs: 100 });
    expect((await api('GET', `/integrations/${id}`, { token: otherAdmin })).body.version).toBe(rotatedVersion);

    const renamed = await api('PATCH', `/integrations/${id}`, { token: otherAdmin, body: { name: 'Loja B renomeada' } });
    const data = await eventWithVersion(id, renamed.body.version as number);
    expect(data.webhook.secrets).toHaveLength(1);
    expect(data.webhook.secrets[0].expiresAt).toBeNull();
    expect(box.decrypt(data.webhook.secrets[0].secretSealed)).toBe(current);

    const count = events.length;
    const resync = createEvent(ResyncRequestedV1, { source: 'e2e', tenantId: OTHER_TENANT, data: { requestedBy: 'e2e' } });
    publish(ResyncRequestedV1.type, resync);
    await waitFor(() => events.slice(count).some((e) => e.data.integrationId === id), { timeoutMs: 10000, intervalMs: 50 });
    expect(events.slice(count).find((e) => e.data.integrationId === id)!.data.webhook.secrets).toHaveLength(1);
  });
});
