import { randomBytes, randomUUID } from 'node:crypto';
import { createEvent, IntegrationChangedV1, type EventEnvelope } from '@app/contracts';
import { publishOptions } from '@app/messaging';
import { bootstrapService, createLogger, loadConfig, type RunningService } from '@app/observability';
import { SecretBox } from '@app/security';
import { createTestDatabase, freePort, createTestVhost, waitFor, type TestDatabase, type TestVhost } from '@app/testing';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { Client } from 'pg';
import { SERVICE, WebhookGatewayEnv } from '../../../apps/webhook-gateway/src/config';
import { gatewayServiceOptions } from '../../../apps/webhook-gateway/src/service';

export const JWT_SECRET = 'gateway-e2e-jwt-secret-0123456789abcdef';

export { freePort };

export interface SeedIntegration {
  integrationId?: string;
  tenantId?: string;
  version?: number;
  active?: boolean;
  deleted?: boolean;
  integratorId?: string;
  accountCnpj?: string | null;
  skuMapping?: 'codigo' | 'id';
  /** Current first; previous ones with an expiry. */
  secrets?: { secret: string; expiresAt: string | null }[];
}

export function newSecret(): string {
  return randomBytes(16).toString('base64url');
}

/** A complete config.integration.changed.v1 as config would publish it. */
export function integrationChanged(key: string, s: SeedIntegration): IntegrationChangedV1 {
  const box = new SecretBox(key);
  const integrationId = s.integrationId ?? randomUUID();
  const tenantId = s.tenantId ?? 'tenant-1';
  return createEvent(IntegrationChangedV1, {
    source: 'config',
    tenantId,
    integrationId,
    data: {
      integrationId,
      tenantId,
      version: s.version ?? 1,
      name: 'Loja teste',
      active: s.active ?? true,
      deleted: s.deleted ?? false,
      integrationUser: { id: 'user-int', name: 'Integração Tiny' },
      forwardStatus: 'aprovado',
      tiny: {
        integratorId: s.integratorId ?? '54321',
        tokenSealed: box.encrypt('tiny-token-' + randomBytes(20).toString('hex')),
        accountKey: 'acct',
        accountCnpj: s.accountCnpj === undefined ? '48404755000188' : s.accountCnpj,
        accountName: 'Loja Teste Ltda',
        planLimitPerMinute: 60,
        share: 1,
      },
      webhook: { secrets: (s.secrets ?? [{ secret: newSecret(), expiresAt: null }]).map((x) => ({ secretSealed: box.encrypt(x.secret), expiresAt: x.expiresAt })) },
      rules: {
        customers: { pj: true, pf: true, requireValidEmail: false, onlyUpdate: false },
        products: {
          ignoreCategories: false,
          keepNameAndDescription: false,
          keepStatus: false,
          ignoreBrand: false,
          keepPrices: false,
          stockType: 'D',
          deposits: [],
          priceListId: null,
          skuMapping: s.skuMapping ?? 'codigo',
        },
      },
      statusMapping: [],
      seller: { include: false, map: [] },
    },
  });
}

export function gatewayEnv(db: { url: string }, vhost: { url: string }, port: number, key: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    AMQP_URL: vhost.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    ENCRYPTION_KEY: key,
    JWT_SECRET,
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** Events the gateway published, captured from a queue bound to tiny.# on the test vhost. */
export class BusTap {
  readonly events: EventEnvelope<Record<string, unknown>>[] = [];
  private constructor(
    private readonly conn: ChannelModel,
    readonly channel: Channel,
  ) {}

  static async open(url: string, pattern = 'tiny.#'): Promise<BusTap> {
    const conn = await connect(url);
    const channel = await conn.createChannel();
    const tap = new BusTap(conn, channel);
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, 'uplaces.events', pattern);
    await channel.consume(queue, (msg) => {
      if (!msg) return;
      const body = JSON.parse(msg.content.toString()) as EventEnvelope<Record<string, unknown>>;
      if (msg.properties.messageId !== body.id || msg.properties.type !== body.type) throw new Error('wire properties differ from body');
      tap.events.push(body);
      channel.ack(msg);
    });
    return tap;
  }

  ofType(type: string): EventEnvelope<Record<string, unknown>>[] {
    return this.events.filter((e) => e.type === type);
  }

  async close(): Promise<void> {
    await this.conn.close().catch(() => undefined);
  }
}

/** Publishes an event on the test vhost's exchange exactly as another service's relay would. */
export async function publishEvent(url: string, event: IntegrationChangedV1): Promise<void> {
  const conn = await connect(url);
  try {
    const ch = await conn.createConfirmChannel();
    await new Promise<void>((resolve, reject) =>
      ch.publish('uplaces.events', event.type, Buffer.from(JSON.stringify(event)), publishOptions(event), (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve())),
    );
  } finally {
    await conn.close();
  }
}

export interface GatewayUnderTest {
  db: TestDatabase;
  vhost: TestVhost;
  key: string;
  url: string;
  running: RunningService;
  bus: BusTap;
  sql: Client;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string; json: unknown; headers: Headers }>;
  webhookPath(integrationId: string, secret: string, kind: string): string;
  /** Publishes config.integration.changed.v1 on the bus and waits until the gateway applied it. */
  seed(s: SeedIntegration): Promise<IntegrationChangedV1>;
  stop(): Promise<void>;
}

/** Boots webhook-gateway in this process against a throwaway database and vhost. */
export async function startGateway(extraEnv: Record<string, string> = {}): Promise<GatewayUnderTest> {
  const [db, vhost] = await Promise.all([createTestDatabase(), createTestVhost()]);
  const key = SecretBox.generateKey();
  const port = await freePort();
  const config = loadConfig(WebhookGatewayEnv, gatewayEnv(db, vhost, port, key, extraEnv), { exitOnError: false });
  const logger = createLogger(SERVICE, config.LOG_LEVEL);
  // Booted exactly as main.ts does (module, events server recording dead letters).
  const running = await bootstrapService(gatewayServiceOptions(config, logger, { exitOnShutdown: false }));
  const bus = await BusTap.open(vhost.url);
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  const url = running.url;
  return {
    db,
    vhost,
    key,
    url,
    running,
    bus,
    sql,
    webhookPath: (id, secret, kind) => `/tiny/webhooks/${id}/${secret}/${kind}`,
    post: (path, body, headers = {}) => post(url, path, body, headers),
    async seed(s) {
      const event = integrationChanged(key, s);
      await publishEvent(vhost.url, event);
      await waitFor(
        async () => {
          const r = await sql.query('SELECT version FROM gateway.integrations WHERE integration_id = $1', [event.data.integrationId]);
          return r.rows.length > 0 && (r.rows[0] as { version: number }).version >= event.data.version;
        },
        { timeoutMs: 10_000, what: 'the replica to apply the integration' },
      );
      return event;
    },
    async stop() {
      await bus.close();
      await sql.end().catch(() => undefined);
      await running.shutdown();
      await Promise.all([db.drop(), vhost.drop()]);
    },
  };
}

export async function post(
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; json: unknown; headers: Headers }> {
  const init: RequestInit = { method: 'POST', headers: { ...headers } };
  if (typeof body === 'string') init.body = body;
  else if (body instanceof URLSearchParams) {
    init.body = body.toString();
    (init.headers as Record<string, string>)['content-type'] = 'application/x-www-form-urlencoded';
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}
