import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';
import { Client } from 'pg';
import {
  createEvent,
  eventClassFor,
  IntegrationChangedV1,
  OrderStatusChangedV1,
  type IntegrationChangedData,
  type IntegrationEvent,
  type OrderStatusChangedData,
  type OrderSnapshot,
} from '@app/contracts';
import { assertEventsExchange, publishOptions } from '@app/messaging';
import { SecretBox, fingerprint } from '@app/security';
import { createTestDatabase, freePort, createTestVhost, spawnNode, waitFor, type SpawnedNode, type TestDatabase, type TestVhost } from '@app/testing';
import { startSandbox, type Sandbox } from '../../tiny-sandbox/src/sandbox';

// Overridable so a private build can be used while other work rebuilds dist/.
export const DISPATCHER_ENTRY = process.env.ORDERS_DISPATCHER_ENTRY ?? 'dist/apps/order-dispatcher/src/main.js';
export const JWT_SECRET = 'e2e-orders-jwt-secret-0123456789abcdef';

export { freePort };

export interface HarnessOptions {
  planLimit?: number;
  windowMs?: number;
  /** Extra env for every dispatcher process. */
  env?: Record<string, string>;
}

export interface Dispatcher {
  node: SpawnedNode;
  url: string;
}

/**
 * Everything an order-dispatcher e2e test needs: throwaway database and vhost, an in-process Tiny
 * sandbox with one account, dispatcher processes (compiled code), a publisher standing in for Uplaces
 * and the gateway, and a queue that records every dispatch.* event.
 */
export class OrdersHarness {
  db!: TestDatabase;
  vhost!: TestVhost;
  sandbox!: Sandbox;
  token = `e2e${randomBytes(20).toString('hex')}`;
  idEcommerce = 54321;
  encryptionKey = randomBytes(32).toString('base64');
  tenantId = `tenant-${randomBytes(3).toString('hex')}`;
  integrationId = `int-${randomBytes(3).toString('hex')}`;
  integrationVersion = 0;
  dispatchers: Dispatcher[] = [];
  received: IntegrationEvent[] = [];
  private conn?: amqp.ChannelModel;
  private ch?: amqp.ConfirmChannel;
  private pg?: Client;

  constructor(private readonly options: HarnessOptions = {}) {}

  async start(): Promise<void> {
    [this.db, this.vhost] = await Promise.all([createTestDatabase(), createTestVhost()]);
    const windowMs = this.options.windowMs ?? 60_000;
    this.sandbox = await startSandbox({ windowMs, webhookTimeScale: 0.0001 });
    this.sandbox.createAccount({
      token: this.token,
      planLimit: this.options.planLimit ?? 600,
      idEcommerce: this.idEcommerce,
      windowMs,
      products: 30,
      contacts: 5,
      orders: 0,
    });
    this.conn = await amqp.connect(this.vhost.url);
    this.ch = await this.conn.createConfirmChannel();
    await assertEventsExchange(this.ch);
    const q = await this.ch.assertQueue('', { exclusive: true });
    await this.ch.bindQueue(q.queue, 'uplaces.events', 'dispatch.#');
    await this.ch.consume(q.queue, (msg) => {
      if (!msg) return;
      this.received.push(JSON.parse(msg.content.toString('utf8')) as IntegrationEvent);
      this.ch!.ack(msg);
    });
    this.pg = new Client({ connectionString: this.db.url });
    await this.pg.connect();
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      DATABASE_URL: this.db.url,
      AMQP_URL: this.vhost.url,
      ENCRYPTION_KEY: this.encryptionKey,
      JWT_SECRET,
      TINY_BASE_URL: `${this.sandbox.url}/api2`,
      TINY_WINDOW_MS: String(this.options.windowMs ?? 60_000),
      TINY_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'info',
      DISPATCH_PARK_MS: '300',
      TINY_BREAKER_RESET_MS: '1000',
      DISPATCH_SWEEP_MS: '200',
      DISPATCH_UNKNOWN_RETRY_MS: '3000',
      EVENTS_RETRY_DELAYS_MS: '300,600,1200,2000',
      SHUTDOWN_TIMEOUT_MS: '3000',
      ...this.options.env,
      ...extra,
    };
  }

  async startDispatcher(extra: Record<string, string> = {}): Promise<Dispatcher> {
    const port = await freePort();
    const node = spawnNode(DISPATCHER_ENTRY, { env: this.env({ PORT: String(port), ...extra }) });
    await node.waitForOutput(/listening on/, 30_000);
    const d = { node, url: `http://127.0.0.1:${port}` };
    this.dispatchers.push(d);
    return d;
  }

  async stopDispatcher(d: Dispatcher, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    d.node.kill(signal);
    await d.node.exited;
    this.dispatchers = this.dispatchers.filter((x) => x !== d);
  }

  async publish(event: IntegrationEvent): Promise<void> {
    const body = Buffer.from(JSON.stringify(event));
    this.ch!.publish('uplaces.events', event.type, body, publishOptions(event));
    await this.ch!.waitForConfirms();
  }

  /** Publishes many events and waits for the broker's confirms once. */
  async publishMany(events: IntegrationEvent[]): Promise<void> {
    for (const event of events) this.ch!.publish('uplaces.events', event.type, Buffer.from(JSON.stringify(event)), publishOptions(event));
    await this.ch!.waitForConfirms();
  }

  integrationData(patch: Partial<IntegrationChangedData> = {}): IntegrationChangedData {
    return {
      integrationId: this.integrationId,
      tenantId: this.tenantId,
      version: ++this.integrationVersion,
      name: 'Integração Tiny ERP',
      active: true,
      deleted: false,
      integrationUser: { id: 'u-int', name: 'Integração' },
      forwardStatus: 'Aprovado',
      tiny: {
        integratorId: String(this.idEcommerce),
        tokenSealed: new SecretBox(this.encryptionKey).encrypt(this.token),
        accountKey: fingerprint(this.token),
        accountCnpj: null,
        accountName: null,
        planLimitPerMinute: this.options.planLimit ?? 600,
        share: 1,
      },
      webhook: { secrets: [] },
      rules: {
        customers: { pj: true, pf: true, requireValidEmail: false, onlyUpdate: false },
        products: {
          ignoreCategories: false, keepNameAndDescription: false, keepStatus: false, ignoreBrand: false, keepPrices: false,
          stockType: 'D', deposits: [], priceListId: null, skuMapping: 'codigo',
        },
      },
      statusMapping: [
        { uplacesStatus: 'Enviado pelo comprador', tinySituacao: 'aberto' },
        { uplacesStatus: 'Aprovado', tinySituacao: 'aprovado' },
        { uplacesStatus: 'Nota Fiscal emitida', tinySituacao: 'faturado' },
        { uplacesStatus: 'Em transporte', tinySituacao: 'enviado' },
        { uplacesStatus: 'Entregue', tinySituacao: 'entregue' },
        { uplacesStatus: 'Cancelado', tinySituacao: 'cancelado' },
      ],
      seller: { include: false, map: [] },
      ...patch,
    } as IntegrationChangedData;
  }

  /** Publishes the integration and waits until the dispatcher's replica has it. */
  async configure(patch: Partial<IntegrationChangedData> = {}): Promise<IntegrationChangedData> {
    const data = this.integrationData(patch);
    await this.publish(createEvent(IntegrationChangedV1, { source: 'config', tenantId: this.tenantId, integrationId: this.integrationId, data }));
    await waitFor(
      async () => {
        const r = await this.query<{ version: number }>(`SELECT version FROM dispatch.integrations WHERE integration_id = $1`, [this.integrationId]).catch(() => []);
        return r[0]?.version === data.version;
      },
      { timeoutMs: 15_000, what: 'integration replica' },
    );
    return data;
  }

  skus(n: number): string[] {
    return this.sandbox.listProducts(this.token, { kind: 'simple', limit: n }).map((p) => p.codigo);
  }

  snapshot(patch: Partial<OrderSnapshot> = {}, skus = this.skus(2)): OrderSnapshot {
    return {
      placedAt: '2026-03-15T14:00:00.000Z',
      customer: {
        id: 'c-77',
        type: 'PJ',
        name: 'Mercado Bom Preco Ltda',
        tradeName: 'Bom Preço',
        document: '12.345.678/0001-95',
        stateRegistration: '110042490114',
        email: 'compras@bompreco.com.br',
        phone: '11 4000-0000',
        address: { street: 'Av. Brasil', number: '1000', district: 'Centro', zipCode: '01001-000', city: 'São Paulo', state: 'SP' },
      },
      seller: { id: 's-1', name: 'Ana Souza' },
      items: skus.map((sku, i) => ({ sku, description: `Produto ${sku}`, quantity: i + 2, unitPrice: 10.5 + i, discount: 0 })),
      freight: { amount: 25, paidBy: 'recipient', carrier: 'Transportadora X' },
      payment: { method: 'boleto', description: 'Boleto 28 dias', installments: [{ days: 28, amount: 100 }] },
      discount: 0,
      notes: 'Pedido B2B Uplaces',
      priceListId: null,
      ...patch,
    };
  }

  orderEvent(orderNumber: string, status: string, version: number, snapshot?: OrderSnapshot, orderId = `o-${orderNumber}`): OrderStatusChangedV1 {
    const data: OrderStatusChangedData = {
      orderId,
      orderNumber,
      status,
      previousStatus: null,
      version,
      changedAt: new Date().toISOString(),
      order: snapshot ?? this.snapshot(),
    };
    return createEvent(OrderStatusChangedV1, { source: 'uplaces.orders', tenantId: this.tenantId, integrationId: this.integrationId, data });
  }

  /** Tiny orders with this numero_pedido_ecommerce. */
  tinyOrders(orderNumber: string) {
    return this.sandbox.listOrders(this.token, { all: true }).filter((o) => o.numeroEcommerce === orderNumber);
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pg!.query(sql, params)).rows as T[];
  }

  async link(orderId: string) {
    const rows = await this.query<{ state: string; tiny_order_id: string | null; tiny_situacao: string | null; failure_reason: string | null; create_attempts: number }>(
      `SELECT state, tiny_order_id, tiny_situacao, failure_reason, create_attempts FROM dispatch.order_links WHERE tenant_id = $1 AND order_id = $2`,
      [this.tenantId, orderId],
    ).catch(() => []);
    return rows[0] ?? null;
  }

  events(type: string, orderNumber?: string): IntegrationEvent[] {
    return this.received.filter((e) => e.type === type && (!orderNumber || (e.data as { orderNumber?: string }).orderNumber === orderNumber));
  }

  calls(service: string): number {
    const s = this.sandbox.getCalls(this.token).byService[service];
    return s ? s.total : 0;
  }

  async stop(): Promise<void> {
    await Promise.all(this.dispatchers.map((d) => this.stopDispatcher(d, 'SIGKILL').catch(() => undefined)));
    await this.pg?.end().catch(() => undefined);
    await this.ch?.close().catch(() => undefined);
    await this.conn?.close().catch(() => undefined);
    await this.sandbox?.close().catch(() => undefined);
    await this.vhost?.drop().catch(() => undefined);
    await this.db?.drop().catch(() => undefined);
  }
}

export const newOrderNumber = (prefix = 'UPL'): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Stands in for the webhook gateway: turns a sandbox webhook envelope into its tiny.<kind>.received.v1 event. */
export function gatewayEvent(h: OrdersHarness, payload: { versao?: unknown; cnpj?: unknown; tipo?: unknown; dados?: unknown }, receiptSeq: number) {
  // The gateway normalises Tiny's loose numbers to strings.
  const dados = Object.fromEntries(
    Object.entries((payload.dados ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]),
  );
  const cls = eventClassFor(`tiny.${String(payload.tipo)}.received.v1`)!;
  return createEvent(cls, {
    source: 'webhook-gateway',
    tenantId: h.tenantId,
    integrationId: h.integrationId,
    data: {
      receiptSeq,
      receivedAt: new Date().toISOString(),
      deliveryKey: createHash('sha256').update(`${String(payload.tipo)}:${JSON.stringify(dados)}`).digest('hex'),
      versao: typeof payload.versao === 'string' ? payload.versao : null,
      cnpj: String(payload.cnpj ?? '00000000000000'),
      idEcommerce: String(h.idEcommerce),
      dados,
    },
  });
}
