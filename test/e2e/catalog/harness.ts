import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as amqp from 'amqplib';
import { Client } from 'pg';
import {
  createEvent,
  IntegrationChangedV1,
  TinyEstoqueReceivedV1,
  TinyPrecosReceivedV1,
  TinyProdutoReceivedV1,
  type EventEnvelope,
  type IntegrationEvent,
} from '@app/contracts';
import { assertEventsExchange, DEFAULT_EXCHANGE, publishOptions } from '@app/messaging';
import { bootstrapService, createLogger, loadConfig, type RunningService } from '@app/observability';
import { mintDevToken, SecretBox, fingerprint } from '@app/security';
import { createTestDatabase, createTestVhost, spawnNode, freePort, type SpawnedNode, type TestDatabase, type TestVhost } from '@app/testing';
import { CatalogSyncEnv, SERVICE } from '../../../apps/catalog-sync/src/config';
import { closeCatalogDataSource } from '../../../apps/catalog-sync/src/database/catalog-data-source';
import { catalogServiceOptions } from '../../../apps/catalog-sync/src/service';
import type { ProductRules } from '../../../apps/catalog-sync/src/catalog/catalog.types';
import { startSandbox, type Sandbox } from '../../tiny-sandbox/src/sandbox';
import type { AccountOptions } from '../../tiny-sandbox/src/accounts/model';

export const TENANT = 'tenant-e2e';
export const INTEGRATION = 'int-e2e-1';
export const INTEGRATION_USER = 'user-integracao-1';
export const TOKEN = 'e2e0catalog0000000000000000000000000000000000';
const JWT_SECRET = 'catalog-e2e-jwt-secret-0123456789abcdef';

export const DEFAULT_RULES: ProductRules = {
  ignoreCategories: false,
  keepNameAndDescription: false,
  keepStatus: false,
  ignoreBrand: false,
  keepPrices: false,
  stockType: 'D',
  deposits: [],
  priceListId: null,
  skuMapping: 'codigo',
};

export interface HarnessOptions {
  account?: Partial<AccountOptions>;
  windowMs?: number;
  env?: Record<string, string>;
  /** 'child' runs dist/apps/catalog-sync/src/main.js (npm run build first). */
  mode?: 'in-process' | 'child';
  /**
   * Where the sandbox's webhooks go: the real webhook-gateway (child process from dist) or a stand-in
   * that publishes the gateway's events itself. Default: stand-in.
   */
  gateway?: 'real' | 'stand-in';
  /** Extra env of the real gateway (e.g. its per-integration rate limit for a benchmark). */
  gatewayEnv?: Record<string, string>;
}


/** Tiny's dados as the gateway normalises them: every scalar a string, nested lists kept. */
function stringify(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (Array.isArray(v)) return v.map(stringify);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringify(x)]));
  return String(v);
}

/**
 * Everything a catalog-sync e2e needs: throwaway database and vhost, a Tiny sandbox account, the
 * service (in-process or as a child process from dist), a stand-in of the webhook gateway that turns the
 * sandbox's webhook POSTs into tiny.*.received.v1 events (receiptSeq, receivedAt, deliveryKey, mappings,
 * dados normalised to strings, as F's contract says), a listener on catalog.* events and a pg client.
 */
export class CatalogHarness {
  db!: TestDatabase;
  vhost!: TestVhost;
  sandbox!: Sandbox;
  pg!: Client;
  env!: Record<string, string>;
  url = '';
  service?: RunningService;
  child?: SpawnedNode;
  private conn?: amqp.ChannelModel;
  private ch?: amqp.ConfirmChannel;
  private gateway?: Server;
  gatewayChild?: SpawnedNode;
  /** `${gateway}/tiny/webhooks/<integration>/<secret>`: append `/<kind>` (real gateway only). */
  webhookBase = '';
  private readonly webhookSecret = randomUUID().replace(/-/g, '');
  private receiptSeq = 0;
  private version = 0;
  rules: ProductRules = { ...DEFAULT_RULES };
  readonly catalogEvents: EventEnvelope<Record<string, unknown>>[] = [];
  /** Gateway acceptance time per event id, for the lag measurement. */
  readonly accepted = new Map<string, number>();
  readonly opsToken: Promise<string>;
  private secretBox!: SecretBox;

  constructor(private readonly options: HarnessOptions = {}) {
    this.opsToken = mintDevToken({ tenant: TENANT, user: 'ops-user', profile: 'admin', secret: JWT_SECRET });
  }

  async start(): Promise<this> {
    this.db = await createTestDatabase();
    this.vhost = await createTestVhost();
    this.pg = new Client({ connectionString: this.db.url });
    await this.pg.connect();
    const key = SecretBox.generateKey();
    this.secretBox = new SecretBox(key);
    let base: string;
    if (this.options.gateway === 'real') {
      const gwPort = await freePort();
      this.gatewayChild = spawnNode('dist/apps/webhook-gateway/src/main.js', {
        env: {
          DATABASE_URL: this.db.url, AMQP_URL: this.vhost.url, PORT: String(gwPort), HOST: '127.0.0.1', LOG_LEVEL: 'info',
          ENCRYPTION_KEY: key, JWT_SECRET, PUBLIC_GATEWAY_URL: `http://127.0.0.1:${gwPort}`,
          ...this.options.gatewayEnv,
        },
      });
      await this.gatewayChild.waitForOutput(/listening on/, 30_000);
      base = `http://127.0.0.1:${gwPort}/tiny/webhooks/${INTEGRATION}/${this.webhookSecret}`;
      this.webhookBase = base;
      // Receipts published by the test itself must sort after the gateway's own.
      this.receiptSeq = 1_000_000_000;
    } else {
      base = `http://127.0.0.1:${await this.startGateway()}`;
    }
    this.sandbox = await startSandbox({
      windowMs: this.options.windowMs ?? 1000,
      webhookTimeScale: 0.0001,
      accounts: [
        {
          token: TOKEN,
          planLimit: 3000,
          products: 50,
          seed: 7,
          idEcommerce: 54321,
          webhookUrls: { estoque: `${base}/estoque`, precos: `${base}/precos`, produto: `${base}/produto` },
          ...this.options.account,
        },
      ],
    });
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.env = {
      DATABASE_URL: this.db.url,
      AMQP_URL: this.vhost.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      ENCRYPTION_KEY: key,
      JWT_SECRET,
      TINY_BASE_URL: this.sandbox.apiUrl,
      TINY_WINDOW_MS: String(this.options.windowMs ?? 1000),
      RECONCILE_INTERVAL_MS: '0',
      IMPORT_LEASE_MS: '1500',
      IMPORT_CONCURRENCY: '24',
      ...this.options.env,
    };
    await this.connectBroker();
    await this.startService();
    return this;
  }

  async startService(): Promise<void> {
    if ((this.options.mode ?? 'in-process') === 'child') {
      // info level: the child announces "listening on" at info.
      this.child = spawnNode('dist/apps/catalog-sync/src/main.js', { env: { ...this.env, LOG_LEVEL: 'info' } });
      await this.child.waitForOutput(/listening on/, 30_000);
    } else {
      const config = loadConfig(CatalogSyncEnv, this.env);
      this.service = await bootstrapService(catalogServiceOptions(config, createLogger(SERVICE, config.LOG_LEVEL), { exitOnShutdown: false }));
    }
  }

  async stopService(): Promise<void> {
    if (this.service) {
      await this.service.shutdown();
      this.service = undefined;
      await closeCatalogDataSource(this.env.DATABASE_URL);
    }
    if (this.child) {
      this.child.kill('SIGTERM');
      await this.child.exited;
      this.child = undefined;
    }
  }

  async stop(): Promise<void> {
    await this.stopService().catch(() => undefined);
    await this.ch?.close().catch(() => undefined);
    await this.conn?.close().catch(() => undefined);
    await new Promise((r) => (this.gateway ? this.gateway.close(r) : r(undefined)));
    if (this.gatewayChild) {
      this.gatewayChild.kill('SIGTERM');
      await this.gatewayChild.exited;
    }
    await this.sandbox?.close().catch(() => undefined);
    await this.pg?.end().catch(() => undefined);
    await this.db?.drop().catch(() => undefined);
    await this.vhost?.drop().catch(() => undefined);
  }

  // ---- broker ----
  private async connectBroker(): Promise<void> {
    this.conn = await amqp.connect(this.vhost.url);
    this.ch = await this.conn.createConfirmChannel();
    await assertEventsExchange(this.ch);
    const q = await this.ch.assertQueue('', { exclusive: true, autoDelete: true });
    await this.ch.bindQueue(q.queue, DEFAULT_EXCHANGE, 'catalog.#');
    await this.ch.consume(q.queue, (msg) => {
      if (!msg) return;
      const event = JSON.parse(msg.content.toString()) as EventEnvelope<Record<string, unknown>> & { receivedOn?: number };
      event.receivedOn = Date.now();
      this.catalogEvents.push(event);
      this.ch?.ack(msg);
    });
  }

  async publish(event: IntegrationEvent): Promise<void> {
    const ch = this.ch;
    if (!ch) throw new Error('broker not connected');
    await new Promise<void>((resolve, reject) =>
      ch.publish(DEFAULT_EXCHANGE, event.type, Buffer.from(JSON.stringify(event)), publishOptions(event), (err) =>
        err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
      ),
    );
  }

  /** Publishes config.integration.changed.v1 with the next version and these rules. */
  async configure(patch: { active?: boolean; deleted?: boolean; rules?: Partial<ProductRules>; planLimitPerMinute?: number } = {}): Promise<number> {
    this.rules = { ...this.rules, ...patch.rules };
    this.version++;
    await this.publish(
      createEvent(IntegrationChangedV1, {
        source: 'config',
        tenantId: TENANT,
        integrationId: INTEGRATION,
        data: {
          integrationId: INTEGRATION,
          tenantId: TENANT,
          version: this.version,
          name: 'Integração Tiny ERP',
          active: patch.active ?? true,
          deleted: patch.deleted ?? false,
          integrationUser: { id: INTEGRATION_USER, name: 'Integração' },
          forwardStatus: 'Enviado pelo comprador',
          tiny: {
            integratorId: '54321',
            tokenSealed: this.secretBox.encrypt(TOKEN),
            accountKey: fingerprint(TOKEN),
            accountCnpj: null,
            accountName: null,
            planLimitPerMinute: patch.planLimitPerMinute ?? this.sandbox.getAccount(TOKEN).planLimit,
            share: 1,
          },
          webhook: { secrets: [{ secretSealed: this.secretBox.encrypt(this.webhookSecret), expiresAt: null }] },
          rules: {
            customers: { pj: true, pf: true, requireValidEmail: false, onlyUpdate: false },
            products: { ...this.rules, deposits: [...this.rules.deposits] },
          },
          statusMapping: [],
          seller: { include: false, map: [] },
        } as IntegrationChangedV1['data'],
      }),
    );
    const version = this.version;
    await this.waitFor(async () => {
      const r = await this.pg.query('SELECT version FROM catalog.integrations WHERE integration_id = $1', [INTEGRATION]).catch(() => null);
      if ((r?.rows[0]?.version ?? 0) < version) return false;
      if (!this.gatewayChild) return true;
      const g = await this.pg.query('SELECT version FROM gateway.integrations WHERE integration_id = $1', [INTEGRATION]).catch(() => null);
      return (g?.rows[0]?.version ?? 0) >= version;
    }, 20_000);
    return version;
  }

  // ---- gateway stand-in ----
  private async startGateway(): Promise<number> {
    this.gateway = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const kind = (req.url ?? '').replace(/^\//, '');
        void this.accept(kind, body).then(
          (reply) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(reply));
          },
          (err: unknown) => {
            res.writeHead(500);
            res.end(String(err));
          },
        );
      });
    });
    await new Promise<void>((r) => this.gateway?.listen(0, '127.0.0.1', r));
    return (this.gateway.address() as AddressInfo).port;
  }

  /** What the real gateway does after authenticating: number the receipt, publish the event, answer. */
  private async accept(kind: string, body: string): Promise<unknown> {
    const envelope = JSON.parse(body) as { versao: string; cnpj: string; idEcommerce: number; dados: Record<string, unknown> };
    const dados = stringify(envelope.dados) as Record<string, unknown>;
    const receipt = {
      receiptSeq: ++this.receiptSeq,
      receivedAt: new Date().toISOString(),
      deliveryKey: createHash('sha256').update(kind + JSON.stringify(dados)).digest('hex'),
      versao: envelope.versao ?? null,
      cnpj: String(envelope.cnpj),
      idEcommerce: String(envelope.idEcommerce),
    };
    const base = { source: 'webhook-gateway', tenantId: TENANT, integrationId: INTEGRATION };
    let reply: unknown = { ok: true };
    let event: IntegrationEvent;
    if (kind === 'estoque') event = createEvent(TinyEstoqueReceivedV1, { ...base, data: { ...receipt, dados } as never });
    else if (kind === 'precos') event = createEvent(TinyPrecosReceivedV1, { ...base, data: { ...receipt, dados } as never });
    else if (kind === 'produto') {
      const variacoes = (dados.variacoes as Record<string, string>[] | undefined) ?? [];
      const mappings = [
        { tinyId: String(dados.id), parentTinyId: null, idMapeamento: String(dados.idMapeamento), skuMapeamento: String(dados.codigo), error: null },
        ...variacoes.map((v) => ({ tinyId: v.id, parentTinyId: String(dados.id), idMapeamento: v.idMapeamento, skuMapeamento: v.codigo, error: null })),
      ];
      reply = mappings.map((m) => ({ idMapeamento: m.idMapeamento, skuMapeamento: m.skuMapeamento }));
      event = createEvent(TinyProdutoReceivedV1, { ...base, data: { ...receipt, dados, mappings } as never });
    } else throw new Error(`unexpected webhook kind ${kind}`);
    this.accepted.set(event.id, Date.now());
    await this.publish(event);
    return reply;
  }

  /** Publishes a gateway event directly (for ordering tests that need control over receiptSeq). */
  async publishStockReceipt(dados: Record<string, string>, receiptSeq: number, receivedAt: Date): Promise<string> {
    const event = createEvent(TinyEstoqueReceivedV1, {
      source: 'webhook-gateway',
      tenantId: TENANT,
      integrationId: INTEGRATION,
      data: {
        receiptSeq,
        receivedAt: receivedAt.toISOString(),
        deliveryKey: createHash('sha256').update('estoque' + JSON.stringify(dados) + randomUUID()).digest('hex'),
        versao: '1.0.0',
        cnpj: '48404755000188',
        idEcommerce: '54321',
        dados,
      } as never,
    });
    this.accepted.set(event.id, Date.now());
    await this.publish(event);
    return event.id;
  }

  /**
   * Waits until the sandbox has no webhook in flight and every receipt the stand-in published has been
   * handled by catalog-sync (in its inbox, or dead-lettered).
   */
  async settled(timeoutMs = 15_000): Promise<void> {
    await this.sandbox.waitForWebhooks(timeoutMs);
    await this.waitFor(async () => {
      const fromGateway = this.gatewayChild
        ? (
            await this.pg.query(`SELECT event_id::text AS id FROM gateway.received_webhooks WHERE kind IN ('estoque', 'precos', 'produto')`)
          ).rows.map((r: { id: string }) => r.id)
        : [];
      const ids = [...this.accepted.keys(), ...fromGateway];
      const r = await this.pg.query(
        `SELECT count(DISTINCT id) AS n FROM (
           SELECT message_id AS id FROM catalog.inbox WHERE message_id = ANY($1::text[])
           UNION SELECT message_id FROM catalog.dead_letters WHERE message_id = ANY($1::text[])) x`,
        [ids],
      );
      return Number(r.rows[0].n) >= ids.length;
    }, timeoutMs, 50);
  }

  nextReceiptSeq(): number {
    return ++this.receiptSeq;
  }

  // ---- ops API ----
  async ops<T>(method: 'GET' | 'POST', path: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.opsToken}` },
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async waitFor(predicate: () => Promise<boolean> | boolean, timeoutMs = 30_000, intervalMs = 100): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await predicate()) return;
      if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  async importRun(): Promise<{ id: string; status: string } | undefined> {
    const r = await this.pg.query(`SELECT id, status FROM catalog.sync_runs WHERE kind = 'import' ORDER BY started_at DESC LIMIT 1`);
    return r.rows[0] as { id: string; status: string } | undefined;
  }

  async waitForImportDone(timeoutMs = 45_000): Promise<string> {
    let id = '';
    await this.waitFor(async () => {
      const run = await this.importRun().catch(() => undefined);
      if (run?.status === 'failed') throw new Error('import failed');
      id = run?.id ?? '';
      return run?.status === 'done';
    }, timeoutMs, 200);
    return id;
  }
}
