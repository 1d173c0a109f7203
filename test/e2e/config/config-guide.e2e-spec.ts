// Walks the setup guide over HTTP against config booted in-process, with real PostgreSQL, RabbitMQ and the
// Tiny sandbox; then the refusals, secret hygiene (bodies and logs), rotation, resync, and a consumer
// that keeps its replica while config is down.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
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
import { ensureStubReplicaTable, readReplica, startStubReplica } from './stub-replica';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const ENCRYPTION_KEY = SecretBox.generateKey();
const JWT_SECRET = `e2e-${randomBytes(24).toString('hex')}`;
const TOKEN = `good${randomBytes(20).toString('hex')}`;
const BAD_TOKEN = `bad0${randomBytes(20).toString('hex')}`;
const DOWN_TOKEN = `down${randomBytes(20).toString('hex')}`;
const TENANT = 'tenant-a';
const OTHER_TENANT = 'tenant-b';
const CNPJ = '12345678000190';
const RAZAO = 'Loja Exemplo Ltda';
const GRACE_SECONDS = 3600;
const box = new SecretBox(ENCRYPTION_KEY);

let db: TestDatabase;
let vhost: TestVhost;
let sandbox: Sandbox;
let service: RunningService | undefined;
let base: string;
let amqpConn: ChannelModel;
let ch: Channel;
let pool: Pool;
let stub: Awaited<ReturnType<typeof startStubReplica>> | undefined;
const logLines: string[] = [];
const events: IntegrationChangedV1[] = [];
/** Every response body except the notification-URL endpoints (whose job is to show the secret). */
const bodies: string[] = [];
const urlBodies: string[] = [];
const secretsSeen = new Set<string>();

let admin: string;
let seller: string;
let otherAdmin: string;

async function api(method: string, path: string, opts: { token?: string | null; body?: unknown; raw?: string } = {}) {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? admin : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  const text = await res.text();
  (/webhook-urls|webhook-secret/.test(path) ? urlBodies : bodies).push(text);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test convenience for reading JSON answers
  return { status: res.status, body: json as any, headers: res.headers };
}

function latestEvent(integrationId: string): IntegrationChangedV1 | undefined {
  return events.filter((e) => e.data.integrationId === integrationId).sort((a, b) => b.data.version - a.data.version)[0];
}

async function eventWithVersion(integrationId: string, version: number): Promise<IntegrationChangedData> {
  await waitFor(() => events.some((e) => e.data.integrationId === integrationId && e.data.version === version), { timeoutMs: 10000, intervalMs: 50 });
  return events.find((e) => e.data.integrationId === integrationId && e.data.version === version)!.data;
}

function secretOf(url: string): string {
  const m = /\/tiny\/webhooks\/[^/]+\/([^/]+)\/[a-z_]+$/.exec(url);
  if (!m) throw new Error(`not a webhook URL: ${url}`);
  return decodeURIComponent(m[1]);
}

beforeAll(async () => {
  [db, vhost] = await Promise.all([createTestDatabase(), createTestVhost()]);
  sandbox = await startSandbox({
    port: 0,
    accounts: [
      { token: TOKEN, planLimit: 600, cnpj: CNPJ, razaoSocial: RAZAO, products: 2, contacts: 1, orders: 1, idEcommerce: 54321 },
      { token: DOWN_TOKEN, planLimit: 600, products: 1, contacts: 1, orders: 1 },
    ],
  });
  pool = new Pool({ connectionString: db.url, max: 3 });
  await ensureStubReplicaTable(pool);

  const config = loadConfig(
    ConfigServiceEnv,
    {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      AMQP_URL: vhost.url,
      LOG_LEVEL: 'debug',
      ENCRYPTION_KEY,
      JWT_SECRET,
      TINY_BASE_URL: `${sandbox.url}/api2`,
      PUBLIC_GATEWAY_URL: 'https://gateway.example.test',
      WEBHOOK_SECRET_GRACE_SECONDS: String(GRACE_SECONDS),
    },
    { exitOnError: false },
  );
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('config', 'debug', sink);
  // Booted exactly as main.ts does (module, /docs, events server with dead letters), faster retries.
  service = await bootstrapService(configServiceOptions(config, logger, { retryDelaysMs: [200], exitOnShutdown: false }));
  const address = service.app.getHttpServer().address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  // A test queue on the events exchange (declared by config's publisher).
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

  stub = await startStubReplica(vhost.url, pool);

  admin = await mintDevToken({ tenant: TENANT, user: 'admin-1', profile: 'admin', secret: JWT_SECRET });
  seller = await mintDevToken({ tenant: TENANT, user: 'seller-1', profile: 'vendedor', secret: JWT_SECRET });
  otherAdmin = await mintDevToken({ tenant: OTHER_TENANT, user: 'admin-b', profile: 'admin', secret: JWT_SECRET });
}, 60000);

afterAll(async () => {
  await stub?.close().catch(() => undefined);
  await service?.shutdown().catch(() => undefined);
  await amqpConn?.close().catch(() => undefined);
  await sandbox?.close();
  await pool?.end();
  await db?.drop();
  await vhost?.drop();
}, 60000);

describe('config: the setup guide over HTTP', () => {
  let integrationId: string;
  let firstSecret: string;

  it('walks the guide: user Integração → integration → Testar → URLs → rules; the change event carries the token sealed', async () => {
    const user = await api('POST', '/users', { body: { id: 'u-int', name: 'Integração Tiny', profile: 'Integração' } });
    expect(user.status).toBe(201);

    const created = await api('POST', '/integrations', {
      body: { name: 'Integração Tiny ERP', integrationUserId: 'u-int', forwardStatus: 'Enviado pelo comprador', integratorId: '54321', token: TOKEN },
    });
    expect(created.status).toBe(201);
    integrationId = created.body.id;
    expect(created.body.tiny.token).toBe(`••••${TOKEN.slice(-4)}`);
    expect(created.body.active).toBe(false);
    expect(created.body.statusMapping).toHaveLength(5);

    const test = await api('POST', `/integrations/${integrationId}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ ok: true, outcome: 'ok', account: { name: RAZAO, cnpj: CNPJ }, active: true });
    expect(test.body.message).toContain(RAZAO);
    expect(test.body.message).toContain('12.345.678/0001-90');

    const urls = await api('GET', `/integrations/${integrationId}/webhook-urls`);
    expect(urls.status).toBe(200);
    expect(urls.body.urls.map((u: { kind: string }) => u.kind)).toEqual(['estoque', 'precos', 'produto', 'situacao_pedido', 'nota_fiscal', 'rastreio']);
    for (const { kind, url } of urls.body.urls as { kind: string; url: string }[]) {
      expect(url).toMatch(new RegExp(`^https://gateway\\.example\\.test/tiny/webhooks/${integrationId}/[A-Za-z0-9_-]{22,}/${kind}$`));
    }
    firstSecret = secretOf(urls.body.urls[0].url);
    secretsSeen.add(firstSecret);

    const rules = await api('PUT', `/integrations/${integrationId}/rules`, {
      body: {
        customers: { pj: true, pf: false, requireValidEmail: true, onlyUpdate: false },
        products: {
          ignoreCategories: true,
          keepNameAndDescription: true,
          keepStatus: false,
          ignoreBrand: true,
          keepPrices: false,
          stockType: 'F',
          deposits: ['Geral'],
          priceListId: '123',
          skuMapping: 'codigo',
        },
        statusMapping: [
          { uplacesStatus: 'Enviado pelo comprador', tinySituacao: 'aprovado' },
          { uplacesStatus: 'Em transporte', tinySituacao: 'enviado' },
          { uplacesStatus: 'Cancelado', tinySituacao: 'cancelado' },
        ],
        seller: { include: true, map: [{ uplacesSellerId: 's-1', tinyVendedorId: '77', tinyVendedorNome: null }] },
      },
    });
    expect(rules.status).toBe(200);
    const version = rules.body.version as number;

    const data = await eventWithVersion(integrationId, version);
    expect(data).toMatchObject({
      tenantId: TENANT,
      active: true,
      deleted: false,
      integrationUser: { id: 'u-int', name: 'Integração Tiny' },
      forwardStatus: 'Enviado pelo comprador',
      tiny: { integratorId: '54321', accountCnpj: CNPJ, accountName: RAZAO },
      rules: { customers: { pj: true, pf: false }, products: { stockType: 'F', deposits: ['Geral'], priceListId: '123' } },
      seller: { include: true, map: [{ uplacesSellerId: 's-1', tinyVendedorId: '77', tinyVendedorNome: null }] },
    });
    expect(data.statusMapping).toContainEqual({ uplacesStatus: 'Enviado pelo comprador', tinySituacao: 'aprovado' });
    expect(data.tiny.tokenSealed).not.toContain(TOKEN);
    expect(box.decrypt(data.tiny.tokenSealed)).toBe(TOKEN);
    expect(data.webhook.secrets).toHaveLength(1);
    expect(box.decrypt(data.webhook.secrets[0].secretSealed)).toBe(firstSecret);

    const audit = await api('GET', `/integrations/${integrationId}/audit`);
    expect(audit.status).toBe(200);
    expect(audit.body.map((a: { action: string }) => a.action)).toEqual(['update-rules', 'test', 'create']);
    expect(audit.body[0]).toMatchObject({ userId: 'admin-1', fields: ['rules.customers', 'rules.products', 'seller', 'statusMapping'] });
  });

  it('serves the OpenAPI document at /docs', async () => {
    const doc = await api('GET', '/docs-json', { token: null });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/integrations', '/integrations/{id}/test', '/integrations/{id}/rules', '/integrations/{id}/webhook-urls', '/users']),
    );
    const ui = await fetch(`${base}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('learns users from users.user.changed.v1 events', async () => {
    const event = createEvent(UserChangedV1, {
      source: 'users',
      tenantId: TENANT,
      data: { id: 'u-evt', tenantId: TENANT, name: 'Integração Evento', email: 'int@loja.test', profile: 'INTEGRACAO', active: true },
    });
    ch.publish('uplaces.events', UserChangedV1.type, Buffer.from(JSON.stringify(event)), {
      messageId: event.id,
      type: event.type,
      contentType: 'application/json',
      persistent: true,
    });
    await waitFor(async () => ((await api('GET', '/users')).body as { id: string }[]).some((u) => u.id === 'u-evt'), { timeoutMs: 10000, intervalMs: 100 });
    const patched = await api('PATCH', `/integrations/${integrationId}`, { body: { integrationUserId: 'u-evt' } });
    expect(patched.status).toBe(200);
    expect(patched.body.integrationUser).toEqual({ id: 'u-evt', name: 'Integração Evento' });
  });

  describe('refusals change nothing', () => {
    async function versionNow(): Promise<number> {
      return (await api('GET', `/integrations/${integrationId}`)).body.version as number;
    }

    it('refuses a user without profile Integração', async () => {
      await api('POST', '/users', { body: { id: 'u-vend', name: 'Maria Vendas', profile: 'Vendedor' } });
      const before = (await api('GET', '/integrations')).body.length as number;
      const res = await api('POST', '/integrations', {
        body: { name: 'Outra', integrationUserId: 'u-vend', forwardStatus: 'Entregue', integratorId: '1', token: BAD_TOKEN },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('não tem o perfil Integração');
      expect(res.body.fields[0].field).toBe('integrationUserId');
      expect((await api('GET', '/integrations')).body).toHaveLength(before);
      const patch = await api('PATCH', `/integrations/${integrationId}`, { body: { integrationUserId: 'u-vend' } });
      expect(patch.status).toBe(400);
    });

    it('Testar with a wrong token says token inválido and leaves the integration inactive', async () => {
      const created = await api('POST', '/integrations', {
        body: { name: 'Token errado', integrationUserId: 'u-int', forwardStatus: 'Entregue', integratorId: '9', token: BAD_TOKEN },
      });
      expect(created.status).toBe(201);
      const res = await api('POST', `/integrations/${created.body.id}/test`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: false, outcome: 'token_invalido', account: null, active: false });
      expect(res.body.message).toMatch(/^Token inválido/);
      const activate = await api('PATCH', `/integrations/${created.body.id}`, { body: { active: true } });
      expect(activate.status).toBe(400);
      expect(activate.body.message).toContain('Testar');
      expect((await api('GET', `/integrations/${created.body.id}`)).body).toMatchObject({ active: false, version: 1, lastTest: { ok: false } });
    });

    it('Testar while Tiny is down says indisponível, and the breaker answers quickly without calling Tiny', async () => {
      const created = await api('POST', '/integrations', {
        body: { name: 'Tiny fora', integrationUserId: 'u-int', forwardStatus: 'Entregue', integratorId: '8', token: DOWN_TOKEN },
      });
      sandbox.addFault(DOWN_TOKEN, { kind: 'http5xx', status: 503 });
      try {
        for (let i = 0; i < 6; i++) {
          const res = await api('POST', `/integrations/${created.body.id}/test`);
          expect(res.body).toMatchObject({ ok: false, outcome: 'indisponivel' });
          expect(res.body.message).toMatch(/^Tiny indisponível/);
        }
        const callsBefore = sandbox.getCalls(DOWN_TOKEN).total;
        const started = Date.now();
        const res = await api('POST', `/integrations/${created.body.id}/test`);
        expect(res.body.outcome).toBe('indisponivel');
        expect(Date.now() - started).toBeLessThan(2000);
        expect(sandbox.getCalls(DOWN_TOKEN).total).toBe(callsBefore); // breaker open: Tiny not called
      } finally {
        sandbox.clearFaults(DOWN_TOKEN);
      }
      expect((await api('GET', `/integrations/${created.body.id}`)).body).toMatchObject({ active: false, version: 1 });
    });

    it("hides another tenant's integration (404)", async () => {
      const v = await versionNow();
      expect((await api('GET', `/integrations/${integrationId}`, { token: otherAdmin })).status).toBe(404);
      expect((await api('PATCH', `/integrations/${integrationId}`, { token: otherAdmin, body: { name: 'x' } })).status).toBe(404);
      expect((await api('POST', `/integrations/${integrationId}/test`, { token: otherAdmin })).status).toBe(404);
      expect((await api('GET', `/integrations/${integrationId}/audit`, { token: otherAdmin })).status).toBe(404);
      expect((await api('GET', '/integrations', { token: otherAdmin })).body).toEqual([]);
      expect(await versionNow()).toBe(v);
    });

    it('needs a valid bearer token (401)', async () => {
      expect((await api('GET', '/integrations', { token: null })).status).toBe(401);
      expect((await api('GET', '/integrations', { token: 'not.a.jwt' })).status).toBe(401);
      const forged = await mintDevToken({ tenant: TENANT, profile: 'admin', secret: 'another-secret-0000000000000000000000' });
      const res = await api('PATCH', `/integrations/${integrationId}`, { token: forged, body: { name: 'hacked' } });
      expect(res.status).toBe(401);
    });

    it('lets only the admin profile change settings (403)', async () => {
      const v = await versionNow();
      const res = await api('PUT', `/integrations/${integrationId}/rules`, { token: seller, body: { customers: { pj: true, pf: true, requireValidEmail: false, onlyUpdate: false } } });
      expect(res.status).toBe(403);
      expect((await api('GET', `/integrations/${integrationId}/webhook-urls`, { token: seller })).status).toBe(403);
      expect((await api('GET', `/integrations/${integrationId}`, { token: seller })).status).toBe(200);
      expect(await versionNow()).toBe(v);
    });

    it('refuses malformed bodies naming the fields (400)', async () => {
      const res = await api('POST', '/integrations', { body: { name: 5, forwardStatus: 'Entregue', extra: true } });
      expect(res.status).toBe(400);
      const fields = (res.body.fields as { field: string }[]).map((f) => f.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'integrationUserId', 'integratorId', 'token', 'extra']));
      const rules = await api('PUT', `/integrations/${integrationId}/rules`, { body: { products: { stockType: 'X' } } });
      expect(rules.status).toBe(400);
      expect(rules.body.message).toContain('products.stockType');
      const broken = await api('POST', '/users', { raw: '{"id": ' });
      expect(broken.status).toBe(400);
    });

    it('refuses an unknown Tiny situação or a status the tenant does not have, naming it', async () => {
      const v = await versionNow();
      const bad = await api('PUT', `/integrations/${integrationId}/rules`, { body: { statusMapping: [{ uplacesStatus: 'Entregue', tinySituacao: 'despachado' }] } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('"despachado"');
      const unknown = await api('PUT', `/integrations/${integrationId}/rules`, { body: { statusMapping: [{ uplacesStatus: 'Em separação', tinySituacao: 'preparando_envio' }] } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain('"Em separação"');
      expect(await versionNow()).toBe(v);

      // Once registered, the status can be mapped.
      expect((await api('POST', '/order-statuses', { body: { name: 'Em separação' } })).status).toBe(201);
      const ok = await api('PUT', `/integrations/${integrationId}/rules`, {
        body: { statusMapping: [{ uplacesStatus: 'Em separação', tinySituacao: 'preparando_envio' }, { uplacesStatus: 'Entregue', tinySituacao: 'entregue' }] },
      });
      expect(ok.status).toBe(200);
    });
  });

  it('rotating the webhook secret returns new URLs and publishes the old secret with its expiry', async () => {
    const before = Date.now();
    const res = await api('POST', `/integrations/${integrationId}/webhook-secret/rotate`);
    expect(res.status).toBe(200);
    const newSecret = secretOf(res.body.urls[0].url);
    secretsSeen.add(newSecret);
    expect(newSecret).not.toBe(firstSecret);
    const version = (await api('GET', `/integrations/${integrationId}`)).body.version as number;
    const data = await eventWithVersion(integrationId, version);
    expect(data.webhook.secrets).toHaveLength(2);
    expect(box.decrypt(data.webhook.secrets[0].secretSealed)).toBe(newSecret);
    expect(data.webhook.secrets[0].expiresAt).toBeNull();
    expect(box.decrypt(data.webhook.secrets[1].secretSealed)).toBe(firstSecret);
    const expiry = Date.parse(data.webhook.secrets[1].expiresAt!);
    expect(expiry).toBeGreaterThanOrEqual(before + GRACE_SECONDS * 1000 - 1000);
    expect(expiry).toBeLessThanOrEqual(Date.now() + GRACE_SECONDS * 1000 + 1000);
    expect(res.body.previousValidUntil).toBe(data.webhook.secrets[1].expiresAt);
    const urls = await api('GET', `/integrations/${integrationId}/webhook-urls`);
    expect(secretOf(urls.body.urls[0].url)).toBe(newSecret);
  });

  it('re-publishes every integration when config.resync.requested.v1 arrives', async () => {
    const count = events.length;
    const event = createEvent(ResyncRequestedV1, { source: 'e2e', tenantId: TENANT, data: { requestedBy: 'e2e' } });
    ch.publish('uplaces.events', ResyncRequestedV1.type, Buffer.from(JSON.stringify(event)), { messageId: event.id, type: event.type, contentType: 'application/json' });
    await waitFor(() => events.slice(count).some((e) => e.data.integrationId === integrationId), { timeoutMs: 10000, intervalMs: 50 });
    expect(events.slice(count).find((e) => e.data.integrationId === integrationId)!.data.version).toBe(latestEvent(integrationId)!.data.version);
  });

  it('never shows the token or a webhook secret in a response body or a log line', async () => {
    const plain = [TOKEN, BAD_TOKEN, DOWN_TOKEN, ...secretsSeen];
    expect(secretsSeen.size).toBe(2);
    expect(logLines.length).toBeGreaterThan(10);
    for (const s of plain) {
      for (const body of bodies) expect(body.includes(s)).toBe(false);
      for (const line of logLines) expect(line.includes(s)).toBe(false);
    }
    // The URL endpoints show the webhook secret (that is their job) but never the Tiny token.
    for (const body of urlBodies) for (const t of [TOKEN, BAD_TOKEN, DOWN_TOKEN]) expect(body.includes(t)).toBe(false);
  });

  it('a consumer started after config is down still has its replica and keeps applying events', async () => {
    const latest = latestEvent(integrationId)!.data;
    await waitFor(async () => (await readReplica(pool, integrationId))?.version === latest.version, { timeoutMs: 10000, intervalMs: 100 });
    await stub!.close();
    stub = undefined;
    await service!.shutdown();
    service = undefined;
    expect(await fetch(`${base}/integrations`).then(() => 'up', () => 'down')).toBe('down');

    stub = await startStubReplica(vhost.url, pool);
    const replica = await readReplica(pool, integrationId);
    expect(replica).not.toBeNull();
    expect(replica!.version).toBe(latest.version);
    expect(box.decrypt(replica!.settings.tiny.tokenSealed)).toBe(TOKEN);

    // Events from the bus still apply (e.g. replayed by ops) while config is down; older versions are ignored.
    const newer = createEvent(IntegrationChangedV1, { source: 'config', tenantId: TENANT, integrationId, data: { ...latest, version: latest.version + 1, name: 'Renomeada' } });
    const older = createEvent(IntegrationChangedV1, { source: 'config', tenantId: TENANT, integrationId, data: { ...latest, version: 1, name: 'Antiga' } });
    for (const e of [newer, older]) {
      ch.publish('uplaces.events', e.type, Buffer.from(JSON.stringify(e)), { messageId: e.id, type: e.type, contentType: 'application/json' });
    }
    await waitFor(async () => (await readReplica(pool, integrationId))?.settings.name === 'Renomeada', { timeoutMs: 10000, intervalMs: 100 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await readReplica(pool, integrationId))!.version).toBe(latest.version + 1);
  });
});
