import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Account, resolveSettings, type AccountHooks } from './accounts/account';
import { ControlError } from './accounts/errors';
import {
  WEBHOOK_KINDS,
  type AccountOptions,
  type Contact,
  type Invoice,
  type Order,
  type Product,
  type WebhookKind,
  type WebhookUrls,
} from './accounts/model';
import { CallStats, type CallsSnapshot } from './accounts/stats';
import { seedAccount } from './data/seed';
import { ORDER_STATUS, statusCode } from './data/situacoes';
import type { Fault, FaultSpec } from './faults/faults';
import { isFaultSpec } from './faults/faults';
import { buildServer } from './server';
import { issueInvoice } from './services/notas';
import { changeOrderStatus } from './services/pedidos';
import { createProduct, type NewProduct } from './services/produtos';
import { WebhookEmitter, type Delivery, type Envelope } from './webhooks/emitter';
import { parseMappingReply, type MappingReply } from './webhooks/mapping-reply';
import {
  estoqueDados,
  notaDados,
  precosDados,
  produtoDados,
  rastreioDados,
  situacaoDados,
} from './webhooks/payloads';
import type { JsonObject } from './quirks/envelope';

export interface SandboxOptions {
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
  /** Rate window for every account (default 60 000 ms). */
  windowMs?: number;
  accounts?: AccountOptions[];
  /** Default data seed for accounts (default 1). */
  seed?: number | string;
  /** Multiplies Tiny's webhook retry schedule (5 min steps). 1 = real time; e.g. 0.0001 → 30 ms steps. */
  webhookTimeScale?: number;
  /** Per-attempt timeout of a webhook POST (default 10 000 ms). */
  webhookTimeoutMs?: number;
  /** fastify request logging (default false). */
  logger?: boolean;
}

export interface AccountSummary {
  token: string;
  planLimit: number;
  batchLimit: number;
  concurrencyLimit: number;
  windowMs: number;
  seed: number | string;
  idEcommerce: number;
  cnpj: string;
  razaoSocial: string;
  realtimeStock: boolean;
  detectDuplicateOrders: boolean;
  numberStyle: string;
  stockType: 'D' | 'F';
  webhookUrls: WebhookUrls;
  webhookEncoding: 'json' | 'form';
  webhooksOnlyMapped: boolean;
  counts: { products: number; contacts: number; orders: number; invoices: number; sellers: number; priceLists: number };
  usage: { windowCalls: number; batchCalls: number; inFlight: number };
}

export interface ProductRecord {
  id: number;
  codigo: string;
  nome: string;
  tipoVariacao: 'N' | 'P' | 'V';
  classe: 'S' | 'K' | 'V';
  situacao: 'A' | 'I' | 'E';
  parentId: number;
  variationIds: number[];
  grade: Record<string, string> | null;
  kit: { id: number; quantidade: number }[] | null;
  preco: number;
  precoPromocional: number;
  gtin: string;
  categoria: string;
  marca: string;
  saldo: number;
  saldoReservado: number | null;
  disponivel: number;
  depositos: { nome: string; desconsiderar: 'S' | 'N'; saldo: number }[];
  idMapeamento: number;
  mapping: { idMapeamento: number; skuMapeamento: string; urlProduto?: string } | null;
}

export type OrderRecord = Order & { descricaoSituacao: string };

export type ProductKind = 'simple' | 'parent' | 'variation' | 'kit' | 'inactive';

export interface StockChange {
  /** Product id or SKU. */
  product: number | string;
  /** Sets the deposit balance (balanço). */
  saldo?: number;
  /** Adds (or subtracts, when negative) to the deposit balance. */
  delta?: number;
  /** Deposit name (default: the first counted deposit, "Geral"). */
  deposito?: string;
  /** Sets saldoReservado (null allowed, as Tiny sometimes reports). */
  saldoReservado?: number | null;
  /** Send the estoque webhook (default true). The realtime queue is fed either way. */
  webhook?: boolean;
}

export interface PriceChange {
  product: number | string;
  preco?: number;
  precoPromocional?: number;
  /** Send the precos webhook (default true). */
  webhook?: boolean;
}

export interface ProductWebhookResult {
  delivery: Delivery;
  reply: MappingReply | null;
}

function productRecord(acc: Account, p: Product): ProductRecord {
  const s = acc.stockOf(p);
  return {
    id: p.id,
    codigo: p.codigo,
    nome: p.nome,
    tipoVariacao: p.tipoVariacao,
    classe: p.classe,
    situacao: p.situacao,
    parentId: p.parentId,
    variationIds: [...p.variationIds],
    grade: p.grade ? { ...p.grade } : null,
    kit: p.kit ? p.kit.map((k) => ({ ...k })) : null,
    preco: p.preco,
    precoPromocional: p.precoPromocional,
    gtin: p.gtin,
    categoria: p.categoria,
    marca: p.marca,
    saldo: s.saldo,
    saldoReservado: s.reserved,
    disponivel: s.saldo - (s.reserved ?? 0),
    depositos: s.deposits.map((d) => ({ ...d })),
    idMapeamento: p.idMapeamento,
    mapping: p.mapping ? { ...p.mapping } : null,
  };
}

const clone = <T>(v: T): T => structuredClone(v);

/**
 * The Tiny API v2 sandbox: HTTP server + in-process control. Every control operation exists both as a method here
 * and under `${url}/control/...` (see control/routes.ts).
 */
export class Sandbox {
  url = '';
  apiUrl = '';
  port = 0;
  readonly webhooks: WebhookEmitter;
  /** Calls with a missing (code 1) or unknown (code 2) token. */
  readonly unauthenticated = new CallStats();
  private readonly accounts = new Map<string, Account>();
  private readonly windowMs: number;
  private readonly seed: number | string;
  private readonly hooks: AccountHooks;
  private app: FastifyInstance | undefined;

  constructor(private readonly options: SandboxOptions = {}) {
    this.windowMs = options.windowMs ?? 60_000;
    this.seed = options.seed ?? 1;
    this.webhooks = new WebhookEmitter({
      timeScale: options.webhookTimeScale ?? 1,
      timeoutMs: options.webhookTimeoutMs ?? 10_000,
    });
    this.hooks = {
      stockChanged: (acc, p, webhook) => {
        if (webhook && p.tipoVariacao !== 'P') this.emitProductWebhook(acc, 'estoque', p, () => estoqueDados(acc, p));
      },
      priceChanged: (acc, p, webhook) => {
        if (webhook) this.emitProductWebhook(acc, 'precos', p, () => precosDados(acc, p));
      },
    };
    for (const a of options.accounts ?? []) this.createAccount(a);
  }

  async listen(): Promise<this> {
    this.app = buildServer(this, { logger: this.options.logger ?? false });
    await this.app.listen({ port: this.options.port ?? 0, host: this.options.host ?? '127.0.0.1' });
    this.port = (this.app.server.address() as AddressInfo).port;
    const host = this.options.host && this.options.host !== '0.0.0.0' ? this.options.host : '127.0.0.1';
    this.url = `http://${host}:${this.port}`;
    this.apiUrl = `${this.url}/api2`;
    return this;
  }

  async close(): Promise<void> {
    this.webhooks.close();
    await this.app?.close();
  }

  // ---- accounts ----

  /** Creates (or replaces, with fresh data) an account. */
  createAccount(options: AccountOptions): AccountSummary {
    const settings = resolveSettings(options, { windowMs: this.windowMs, seed: this.seed });
    const acc = new Account(settings, this.hooks);
    seedAccount(acc);
    this.accounts.set(settings.token, acc);
    this.webhooks.forget(settings.token);
    return this.summary(acc);
  }

  /** Re-seeds an account with its current settings: data, stats, faults, queue and deliveries start over. */
  resetAccount(token: string): AccountSummary {
    const old = this.account(token);
    const s = old.settings;
    return this.createAccount({
      ...s,
      concurrencyLimit: s.concurrencyExplicit ? s.concurrencyLimit : undefined,
    });
  }

  deleteAccount(token: string): void {
    if (!this.accounts.delete(token)) throw new ControlError(404, 'account not found');
    this.webhooks.forget(token);
  }

  /** Changes runtime settings (limits, extensions, webhook config, identity). Data options need a reset. */
  updateAccount(token: string, patch: Partial<AccountOptions>): AccountSummary {
    const acc = this.account(token);
    acc.update(patch);
    return this.summary(acc);
  }

  getAccount(token: string): AccountSummary {
    return this.summary(this.account(token));
  }

  listAccounts(): AccountSummary[] {
    return [...this.accounts.values()].map((a) => this.summary(a));
  }

  /** The live account object (in-process tests may poke at it directly). Throws when unknown. */
  account(token: string): Account {
    const acc = this.accounts.get(token);
    if (!acc) throw new ControlError(404, 'account not found');
    return acc;
  }

  /** Used by the API pipeline. */
  findAccount(token: string): Account | undefined {
    return this.accounts.get(token);
  }

  configureWebhooks(
    token: string,
    config: { urls?: WebhookUrls; encoding?: 'json' | 'form'; onlyMapped?: boolean },
  ): AccountSummary {
    if (config.urls) {
      for (const k of Object.keys(config.urls)) {
        if (!(WEBHOOK_KINDS as readonly string[]).includes(k)) throw new ControlError(400, `unknown webhook kind ${k}`);
      }
    }
    return this.updateAccount(token, {
      webhookUrls: config.urls,
      webhookEncoding: config.encoding,
      webhooksOnlyMapped: config.onlyMapped,
    });
  }

  // ---- faults, calls ----

  addFault(token: string, spec: FaultSpec): Fault {
    if (!isFaultSpec(spec)) throw new ControlError(400, 'invalid fault spec');
    return this.account(token).faults.add(spec, Date.now());
  }

  listFaults(token: string): Fault[] {
    return this.account(token).faults.list(Date.now());
  }

  removeFault(token: string, id: number): void {
    if (!this.account(token).faults.remove(id)) throw new ControlError(404, 'fault not found');
  }

  clearFaults(token: string): void {
    this.account(token).faults.clear();
  }

  getCalls(token: string): CallsSnapshot {
    return this.account(token).stats.snapshot();
  }

  getAllCalls(): { accounts: Record<string, CallsSnapshot>; unauthenticated: CallsSnapshot } {
    const accounts: Record<string, CallsSnapshot> = {};
    for (const [t, a] of this.accounts) accounts[t] = a.stats.snapshot();
    return { accounts, unauthenticated: this.unauthenticated.snapshot() };
  }

  /** Clears call counts of one account, or of all (and the unauthenticated ones) without a token. */
  resetCalls(token?: string): void {
    if (token) {
      this.account(token).stats.reset();
      return;
    }
    for (const a of this.accounts.values()) a.stats.reset();
    this.unauthenticated.reset();
  }

  /** Empties the rate window (accepted-call log) of an account. */
  resetRateWindow(token: string): void {
    this.account(token).limiter.resetWindow();
  }

  // ---- data reads ----

  /** Orders created through the API (default), or every order with `{ all: true }` (seeded ones too). */
  listOrders(token: string, opts: { all?: boolean } = {}): OrderRecord[] {
    return this.account(token)
      .orders.filter((o) => opts.all || o.source === 'api')
      .map((o) => ({ ...clone(o), descricaoSituacao: ORDER_STATUS[o.situacao] ?? o.situacao }));
  }

  getOrder(token: string, id: number): OrderRecord {
    const o = this.account(token).requireOrder(id);
    return { ...clone(o), descricaoSituacao: ORDER_STATUS[o.situacao] ?? o.situacao };
  }

  /** Contacts created by writes (contato.incluir and order clients), or all with `{ all: true }`. */
  listContacts(token: string, opts: { all?: boolean } = {}): Contact[] {
    return this.account(token)
      .contacts.filter((c) => opts.all || c.source !== 'seed')
      .map(clone);
  }

  listInvoices(token: string): Invoice[] {
    return this.account(token).invoices.map(clone);
  }

  listProducts(token: string, opts: { offset?: number; limit?: number; kind?: ProductKind } = {}): ProductRecord[] {
    const acc = this.account(token);
    const list = opts.kind ? acc.products.filter((p) => kindOf(p) === opts.kind) : acc.products;
    const offset = opts.offset ?? 0;
    return list.slice(offset, offset + (opts.limit ?? 100)).map((p) => productRecord(acc, p));
  }

  getProduct(token: string, idOrSku: number | string): ProductRecord {
    const acc = this.account(token);
    return productRecord(acc, acc.requireProduct(idOrSku));
  }

  /** The first product of a kind (simple = active simple with stock). Throws when none. */
  findProduct(token: string, kind: ProductKind): ProductRecord {
    const acc = this.account(token);
    const p = acc.products.find((x) => kindOf(x) === kind && (kind !== 'simple' || acc.available(x) > 0));
    if (!p) throw new ControlError(404, `no ${kind} product`);
    return productRecord(acc, p);
  }

  peekStockQueue(token: string): { idProduto: number; codigo: string; at: number }[] {
    const acc = this.account(token);
    return [...acc.stockQueue].map(([id, at]) => ({ idProduto: id, codigo: acc.productById.get(id)?.codigo ?? '', at }));
  }

  listMappings(token: string): { idProduto: number; codigo: string; idMapeamento: number; skuMapeamento: string; urlProduto?: string }[] {
    return this.account(token)
      .products.filter((p) => p.mapping)
      .map((p) => ({ idProduto: p.id, codigo: p.codigo, ...p.mapping! }));
  }

  // ---- "Tiny side" changes ----

  createProduct(token: string, input: NewProduct): ProductRecord {
    const acc = this.account(token);
    return productRecord(acc, createProduct(acc, input, Date.now()));
  }

  /** Changes stock (and/or reserved) like a user in Tiny would; with `webhook:false` nothing is sent (drift). */
  setStock(token: string, change: StockChange): ProductRecord {
    const acc = this.account(token);
    const p = acc.requireProduct(change.product);
    if (p.tipoVariacao === 'P' || p.classe === 'K') throw new ControlError(400, 'parents and kits have derived stock');
    if (change.saldo !== undefined || change.delta !== undefined) {
      const name = change.deposito;
      let dep = name ? p.deposits.find((d) => d.nome === name) : p.deposits.find((d) => d.desconsiderar === 'N');
      if (!dep) {
        dep = { nome: name ?? 'Geral', desconsiderar: 'N', saldo: 0 };
        p.deposits.push(dep);
      }
      if (change.saldo !== undefined) dep.saldo = change.saldo;
      if (change.delta !== undefined) dep.saldo += change.delta;
    }
    if (change.saldoReservado !== undefined) p.reserved = change.saldoReservado;
    acc.stockTouched(p, Date.now(), change.webhook ?? true);
    return productRecord(acc, p);
  }

  /**
   * Sets a product's situação from the Tiny side: A/I, or E (excluído: a parent takes its variations along).
   * No webhook: Tiny documents none for an exclusion (tiny-api.md §5.2); send the produto webhook explicitly.
   */
  setProductSituacao(token: string, product: number | string, situacao: 'A' | 'I' | 'E'): ProductRecord[] {
    if (!['A', 'I', 'E'].includes(situacao)) throw new ControlError(400, 'situacao must be A, I or E');
    const acc = this.account(token);
    return acc.setSituacao(acc.requireProduct(product), situacao, Date.now()).map((p) => productRecord(acc, p));
  }

  /** Deletes a product for good (a parent with its variations): produto.obter / obter.estoque answer 32 afterwards. */
  deleteProduct(token: string, product: number | string): { deleted: number[] } {
    const acc = this.account(token);
    return { deleted: acc.deleteProduct(acc.requireProduct(product)) };
  }

  setPrice(token: string, change: PriceChange): ProductRecord {
    const acc = this.account(token);
    const p = acc.requireProduct(change.product);
    acc.setPrices(p, { preco: change.preco, precoPromocional: change.precoPromocional }, Date.now(), change.webhook ?? true);
    return productRecord(acc, p);
  }

  /** Sets an order's status from the Tiny side (code or description); optionally emits situacao_pedido. */
  setOrderStatus(token: string, orderId: number, situacao: string, opts: { webhook?: boolean } = {}): OrderRecord {
    const acc = this.account(token);
    const o = acc.requireOrder(orderId);
    const code = statusCode(situacao);
    if (!code) throw new ControlError(400, `unknown situacao ${situacao}`);
    changeOrderStatus(acc, o, code, Date.now(), 'tiny');
    if (opts.webhook ?? true) this.emit(acc, 'situacao_pedido', situacaoDados(o));
    return this.getOrder(token, orderId);
  }

  /** Issues an authorised NF-e for the order (status → faturado unless told otherwise) and emits nota_fiscal. */
  emitInvoice(
    token: string,
    orderId: number,
    opts: { webhook?: boolean; setStatus?: boolean } = {},
  ): { invoice: Invoice; delivery: Delivery | null } {
    const acc = this.account(token);
    const o = acc.requireOrder(orderId);
    const now = Date.now();
    const inv = issueInvoice(acc, o, now);
    if (opts.setStatus ?? true) changeOrderStatus(acc, o, 'faturado', now, 'tiny');
    const delivery = opts.webhook ?? true ? this.emit(acc, 'nota_fiscal', notaDados(o, inv)) : null;
    return { invoice: clone(inv), delivery };
  }

  /** Sets tracking on the order (and its invoice) and emits rastreio. */
  emitTracking(
    token: string,
    orderId: number,
    opts: { codigoRastreio?: string; urlRastreio?: string; transportadora?: string; webhook?: boolean } = {},
  ): { order: OrderRecord; delivery: Delivery | null } {
    const acc = this.account(token);
    const o = acc.requireOrder(orderId);
    const codigoRastreio = opts.codigoRastreio ?? `SB${String(o.numero).padStart(9, '0')}BR`;
    const urlRastreio = opts.urlRastreio ?? `https://rastreio.exemplo/${codigoRastreio}`;
    const transportadora = opts.transportadora ?? 'Correios';
    o.codigoRastreamento = codigoRastreio;
    o.urlRastreamento = urlRastreio;
    o.updatedAt = Date.now();
    for (const n of acc.invoices) {
      if (n.orderId === o.id) {
        n.codigoRastreamento = codigoRastreio;
        n.urlRastreamento = urlRastreio;
      }
    }
    const delivery =
      opts.webhook ?? true ? this.emit(acc, 'rastreio', rastreioDados(o, { codigoRastreio, urlRastreio, transportadora })) : null;
    return { order: this.getOrder(token, orderId), delivery };
  }

  /**
   * Sends the produto webhook ("Enviar para o e-commerce") for a product (a variation goes through its parent) and
   * resolves once the delivery settles; a 200 reply is parsed as the mapping (bare array or {mapeamentos:[…]}) and
   * stored on the products.
   */
  async sendProduct(token: string, product: number | string): Promise<ProductWebhookResult> {
    const acc = this.account(token);
    let p = acc.requireProduct(product);
    if (p.tipoVariacao === 'V') p = acc.productById.get(p.parentId) ?? p;
    const target = p;
    let reply: MappingReply | null = null;
    const delivery = this.emit(acc, 'produto', produtoDados(acc, target), (body, d) => {
      reply = parseMappingReply(body);
      d.mappingReply = reply;
      this.applyMappings(acc, target, reply);
    });
    if (!delivery) throw new ControlError(409, 'no produto webhook URL configured for this account');
    await this.waitFor(delivery);
    return { delivery, reply };
  }

  listDeliveries(token: string, tipo?: WebhookKind): Delivery[] {
    this.account(token);
    return this.webhooks.list(token, tipo).map(clone);
  }

  waitForWebhooks(timeoutMs?: number): Promise<void> {
    return this.webhooks.waitIdle(timeoutMs);
  }

  // ---- internals ----

  private applyMappings(acc: Account, parent: Product, reply: MappingReply): void {
    const family = [parent, ...parent.variationIds.map((id) => acc.productById.get(id)).filter((x): x is Product => !!x)];
    for (const m of reply.mappings) {
      if (m.error) continue;
      const p = family.find((x) => String(x.idMapeamento) === m.idMapeamento);
      if (!p) continue;
      p.mapping = { idMapeamento: p.idMapeamento, skuMapeamento: m.skuMapeamento, ...(m.urlProduto ? { urlProduto: m.urlProduto } : {}) };
    }
  }

  private emitProductWebhook(acc: Account, tipo: 'estoque' | 'precos', p: Product, dados: () => JsonObject): void {
    if (!acc.settings.webhookUrls[tipo]) return;
    if (acc.settings.webhooksOnlyMapped && !p.mapping) return;
    this.emit(acc, tipo, dados());
  }

  private emit(
    acc: Account,
    tipo: WebhookKind,
    dados: JsonObject,
    onDelivered?: (body: string, d: Delivery) => void,
  ): Delivery | null {
    const url = acc.settings.webhookUrls[tipo];
    if (!url) return null;
    const payload: Envelope = {
      versao: tipo === 'rastreio' ? '1.0.1' : '1.0.0',
      cnpj: acc.settings.cnpj,
      idEcommerce: acc.settings.idEcommerce,
      tipo,
      dados,
    };
    return this.webhooks.emit(acc.token, url, acc.settings.webhookEncoding, payload, onDelivered);
  }

  private async waitFor(d: Delivery): Promise<void> {
    while (d.state === 'pending') await new Promise((r) => setTimeout(r, 5));
  }

  private summary(acc: Account): AccountSummary {
    const s = acc.settings;
    return {
      token: s.token,
      planLimit: s.planLimit,
      batchLimit: s.batchLimit,
      concurrencyLimit: s.concurrencyLimit,
      windowMs: s.windowMs,
      seed: s.seed,
      idEcommerce: s.idEcommerce,
      cnpj: s.cnpj,
      razaoSocial: s.razaoSocial,
      realtimeStock: s.realtimeStock,
      detectDuplicateOrders: s.detectDuplicateOrders,
      numberStyle: s.numberStyle,
      stockType: s.stockType,
      webhookUrls: { ...s.webhookUrls },
      webhookEncoding: s.webhookEncoding,
      webhooksOnlyMapped: s.webhooksOnlyMapped,
      counts: {
        products: acc.products.length,
        contacts: acc.contacts.length,
        orders: acc.orders.length,
        invoices: acc.invoices.length,
        sellers: acc.sellers.length,
        priceLists: acc.priceLists.length,
      },
      usage: acc.limiter.usage(Date.now()),
    };
  }
}

function kindOf(p: Product): ProductKind {
  if (p.situacao !== 'A') return 'inactive';
  if (p.tipoVariacao === 'P') return 'parent';
  if (p.tipoVariacao === 'V') return 'variation';
  if (p.classe === 'K') return 'kit';
  return 'simple';
}

/** Starts a sandbox on `port` (default: ephemeral) and resolves when it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return new Sandbox(options).listen();
}
