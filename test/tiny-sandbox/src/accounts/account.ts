import { CallStats } from './stats';
import { ControlError, TinyValidation } from './errors';
import type {
  AccountOptions,
  Contact,
  Deposit,
  Invoice,
  Order,
  PriceException,
  PriceList,
  Product,
  Seller,
  WebhookUrls,
} from './model';
import { Faults } from '../faults/faults';
import { Loose, type NumberStyle } from '../quirks/loose';
import { RateLimiter } from '../rate-limit/limiter';
import { hashString } from '../data/prng';
import { SearchIndex } from './search-index';

export interface AccountSettings {
  token: string;
  planLimit: number;
  batchLimit: number;
  concurrencyLimit: number;
  windowMs: number;
  products: number;
  contacts: number;
  orders: number;
  seed: number | string;
  idEcommerce: number;
  cnpj: string;
  razaoSocial: string;
  realtimeStock: boolean;
  detectDuplicateOrders: boolean;
  numberStyle: NumberStyle;
  stockType: 'D' | 'F';
  webhookUrls: WebhookUrls;
  webhookEncoding: 'json' | 'form';
  webhooksOnlyMapped: boolean;
  /** Whether concurrencyLimit was given explicitly (else it follows planLimit). */
  concurrencyExplicit: boolean;
}

export interface SandboxDefaults {
  windowMs: number;
  seed: number | string;
}

/** Callbacks the sandbox wires to the webhook emitter. */
export interface AccountHooks {
  stockChanged(account: Account, product: Product, webhook: boolean): void;
  priceChanged(account: Account, product: Product, webhook: boolean): void;
}

export interface StockView {
  saldo: number;
  reserved: number | null;
  deposits: Deposit[];
}

export function resolveSettings(o: AccountOptions, d: SandboxDefaults): AccountSettings {
  if (typeof o.token !== 'string' || o.token.trim() === '') throw new ControlError(400, 'token is required');
  const planLimit = o.planLimit ?? 60;
  return {
    token: o.token.trim(),
    planLimit,
    batchLimit: o.batchLimit ?? 5,
    concurrencyLimit: o.concurrencyLimit ?? Math.max(1, Math.floor(planLimit / 4)),
    concurrencyExplicit: o.concurrencyLimit !== undefined,
    windowMs: o.windowMs ?? d.windowMs,
    products: Math.max(0, Math.floor(o.products ?? 50)),
    contacts: Math.max(0, Math.floor(o.contacts ?? 20)),
    orders: Math.max(0, Math.floor(o.orders ?? 5)),
    seed: o.seed ?? d.seed,
    idEcommerce: o.idEcommerce ?? 54321,
    cnpj: (o.cnpj ?? '').replace(/\D/g, ''),
    razaoSocial: o.razaoSocial ?? '',
    realtimeStock: o.realtimeStock ?? true,
    detectDuplicateOrders: o.detectDuplicateOrders ?? false,
    numberStyle: o.numberStyle ?? 'mixed',
    stockType: o.stockType ?? 'D',
    webhookUrls: { ...(o.webhookUrls ?? {}) },
    webhookEncoding: o.webhookEncoding ?? 'json',
    webhooksOnlyMapped: o.webhooksOnlyMapped ?? false,
  };
}

const ID = {
  product: 700_000_000,
  mapeamento: 800_000_000,
  contact: 500_000_000,
  seller: 300_000_000,
  priceList: 200_000_000,
  exception: 210_000_000,
  order: 900_000_000,
  invoice: 1_100_000_000,
};

export class Account {
  settings: AccountSettings;
  readonly idOffset: number;
  loose: Loose;
  readonly limiter: RateLimiter;
  readonly faults = new Faults();
  readonly stats = new CallStats();

  products: Product[] = [];
  readonly productById = new Map<number, Product>();
  readonly productBySku = new Map<string, Product>();
  sellers: Seller[] = [];
  priceLists: PriceList[] = [];
  exceptions: PriceException[] = [];
  contacts: Contact[] = [];
  readonly contactById = new Map<number, Contact>();
  orders: Order[] = [];
  readonly orderById = new Map<number, Order>();
  invoices: Invoice[] = [];
  /** lista.atualizacoes.estoque queue: product id → change time (insertion order = change order). */
  readonly stockQueue = new Map<number, number>();
  /** Fuzzy search over "codigo nome" (accents and case ignored). */
  readonly productSearch = new SearchIndex<Product>(
    () => this.products,
    (p) => `${p.codigo} ${p.nome}`,
  );
  /** Component id → kits that contain it (a kit's stock follows its components). */
  private readonly kitsByComponent = new Map<number, Product[]>();

  private seq = { product: 0, mapeamento: 0, contact: 0, seller: 0, priceList: 0, exception: 0, order: 0, invoice: 0 };
  orderNumero = 10_000;
  invoiceNumero = 100;

  constructor(
    settings: AccountSettings,
    readonly hooks: AccountHooks,
  ) {
    this.settings = settings;
    this.idOffset = (hashString(settings.token) % 1000) * 100_000;
    this.loose = new Loose(settings.numberStyle);
    this.limiter = new RateLimiter({
      limit: settings.planLimit,
      batchLimit: settings.batchLimit,
      concurrency: settings.concurrencyLimit,
      windowMs: settings.windowMs,
    });
    if (!settings.cnpj) settings.cnpj = String(10_000_000_000_000 + (hashString(`cnpj:${settings.token}`) % 89_999_999)) + '0';
    if (!settings.razaoSocial) settings.razaoSocial = `Loja Sandbox ${settings.token.slice(0, 8)} Ltda`;
  }

  get token(): string {
    return this.settings.token;
  }

  /** Applies runtime settings (not the seeded data). */
  update(patch: Partial<AccountOptions>): void {
    const s = this.settings;
    if (patch.planLimit !== undefined) s.planLimit = patch.planLimit;
    if (patch.batchLimit !== undefined) s.batchLimit = patch.batchLimit;
    if (patch.concurrencyLimit !== undefined) {
      s.concurrencyLimit = patch.concurrencyLimit;
      s.concurrencyExplicit = true;
    } else if (patch.planLimit !== undefined && !s.concurrencyExplicit) {
      s.concurrencyLimit = Math.max(1, Math.floor(s.planLimit / 4));
    }
    if (patch.windowMs !== undefined) s.windowMs = patch.windowMs;
    if (patch.idEcommerce !== undefined) s.idEcommerce = patch.idEcommerce;
    if (patch.cnpj !== undefined) s.cnpj = patch.cnpj.replace(/\D/g, '');
    if (patch.razaoSocial !== undefined) s.razaoSocial = patch.razaoSocial;
    if (patch.realtimeStock !== undefined) s.realtimeStock = patch.realtimeStock;
    if (patch.detectDuplicateOrders !== undefined) s.detectDuplicateOrders = patch.detectDuplicateOrders;
    if (patch.numberStyle !== undefined) {
      s.numberStyle = patch.numberStyle;
      this.loose = new Loose(patch.numberStyle);
    }
    if (patch.stockType !== undefined) s.stockType = patch.stockType;
    if (patch.webhookUrls !== undefined) s.webhookUrls = { ...s.webhookUrls, ...patch.webhookUrls };
    if (patch.webhookEncoding !== undefined) s.webhookEncoding = patch.webhookEncoding;
    if (patch.webhooksOnlyMapped !== undefined) s.webhooksOnlyMapped = patch.webhooksOnlyMapped;
    this.limiter.settings = {
      limit: s.planLimit,
      batchLimit: s.batchLimit,
      concurrency: s.concurrencyLimit,
      windowMs: s.windowMs,
    };
  }

  // ---- ids ----
  nextProductId(): number {
    return ID.product + this.idOffset + ++this.seq.product;
  }
  nextMapeamentoId(): number {
    return ID.mapeamento + this.idOffset + ++this.seq.mapeamento;
  }
  nextContactId(): number {
    return ID.contact + this.idOffset + ++this.seq.contact;
  }
  nextSellerId(): number {
    return ID.seller + this.idOffset + ++this.seq.seller;
  }
  nextPriceListId(): number {
    return ID.priceList + this.idOffset + ++this.seq.priceList;
  }
  nextExceptionId(): number {
    return ID.exception + this.idOffset + ++this.seq.exception;
  }
  nextOrderId(): number {
    return ID.order + this.idOffset + ++this.seq.order;
  }
  nextInvoiceId(): number {
    return ID.invoice + this.idOffset + ++this.seq.invoice;
  }

  // ---- products ----
  addProduct(p: Product): void {
    this.products.push(p);
    this.productById.set(p.id, p);
    this.productBySku.set(p.codigo, p);
    this.productSearch.invalidate();
    for (const item of p.kit ?? []) {
      const list = this.kitsByComponent.get(item.id);
      if (list) list.push(p);
      else this.kitsByComponent.set(item.id, [p]);
    }
  }

  /**
   * Sets a product's situação like a Tiny user would (A, I, or E = moved to the excluded products).
   * Excluding a parent excludes its variations too.
   */
  setSituacao(p: Product, situacao: 'A' | 'I' | 'E', now: number): Product[] {
    const family = p.tipoVariacao === 'P' && situacao === 'E'
      ? [p, ...p.variationIds.map((id) => this.productById.get(id)).filter((v): v is Product => v !== undefined)]
      : [p];
    for (const x of family) {
      x.situacao = situacao;
      x.updatedAt = now;
    }
    this.productSearch.invalidate();
    return family;
  }

  /** Deletes a product for good (a parent with its variations): every read then answers 32, searches skip it. */
  deleteProduct(p: Product): number[] {
    const ids = p.tipoVariacao === 'P' ? [p.id, ...p.variationIds] : [p.id];
    const gone = new Set(ids);
    for (const id of ids) {
      const x = this.productById.get(id);
      if (!x) continue;
      this.productById.delete(id);
      this.productBySku.delete(x.codigo);
      this.stockQueue.delete(id);
    }
    this.products = this.products.filter((x) => !gone.has(x.id));
    if (p.tipoVariacao === 'V') {
      const parent = this.productById.get(p.parentId);
      if (parent) parent.variationIds = parent.variationIds.filter((id) => id !== p.id);
    }
    this.productSearch.invalidate();
    return ids;
  }

  /** By Tiny id (number or numeric string) or by SKU (codigo). */
  findProduct(idOrSku: number | string): Product | undefined {
    if (typeof idOrSku === 'number') return this.productById.get(idOrSku);
    const bySku = this.productBySku.get(idOrSku);
    if (bySku) return bySku;
    return /^\d+$/.test(idOrSku) ? this.productById.get(Number(idOrSku)) : undefined;
  }

  requireProduct(idOrSku: number | string): Product {
    const p = this.findProduct(idOrSku);
    if (!p) throw new ControlError(404, `product ${idOrSku} not found`);
    return p;
  }

  stockOf(p: Product): StockView {
    if (p.tipoVariacao === 'P') {
      let saldo = 0;
      let reserved = 0;
      const byName = new Map<string, Deposit>();
      for (const id of p.variationIds) {
        const child = this.productById.get(id);
        if (!child) continue;
        const s = this.stockOf(child);
        saldo += s.saldo;
        reserved += s.reserved ?? 0;
        for (const d of s.deposits) {
          const agg = byName.get(d.nome);
          if (agg) agg.saldo += d.saldo;
          else byName.set(d.nome, { ...d });
        }
      }
      return { saldo, reserved, deposits: [...byName.values()] };
    }
    if (p.classe === 'K' && p.kit) {
      let saldo = Infinity;
      for (const item of p.kit) {
        const c = this.productById.get(item.id);
        const avail = c ? this.available(c) : 0;
        saldo = Math.min(saldo, Math.floor(avail / item.quantidade));
      }
      const s = Number.isFinite(saldo) ? Math.max(0, saldo) : 0;
      return { saldo: s, reserved: 0, deposits: [{ nome: 'Geral', desconsiderar: 'N', saldo: s }] };
    }
    let saldo = 0;
    for (const d of p.deposits) if (d.desconsiderar === 'N') saldo += d.saldo;
    return { saldo, reserved: p.reserved, deposits: p.deposits };
  }

  available(p: Product): number {
    const s = this.stockOf(p);
    return s.saldo - (s.reserved ?? 0);
  }

  /**
   * A stock movement as produto.atualizar.estoque does it: B (balanço, sets), E (entrada, adds), S (saída, subtracts),
   * on the named deposit (default: the first counted one). Enqueues the change and fires the stock hook.
   */
  moveStock(
    p: Product,
    move: { tipo: 'B' | 'E' | 'S'; quantidade: number; deposito?: string },
    now: number,
    webhook: boolean,
  ): StockView {
    if (p.tipoVariacao === 'P' || p.classe === 'K') {
      throw new TinyValidation(['Não é possível lançar estoque para produto com variações ou kit']);
    }
    let dep = move.deposito
      ? p.deposits.find((d) => d.nome.toLowerCase() === move.deposito!.toLowerCase())
      : p.deposits.find((d) => d.desconsiderar === 'N');
    if (!dep) {
      if (move.deposito && !['geral', 'loja', 'avaria'].includes(move.deposito.toLowerCase())) {
        throw new TinyValidation([`Depósito não encontrado: ${move.deposito}`]);
      }
      dep = { nome: move.deposito ?? 'Geral', desconsiderar: move.deposito?.toLowerCase() === 'avaria' ? 'S' : 'N', saldo: 0 };
      p.deposits.push(dep);
    }
    if (move.tipo === 'B') dep.saldo = move.quantidade;
    else if (move.tipo === 'E') dep.saldo += move.quantidade;
    else dep.saldo -= move.quantidade;
    this.stockTouched(p, now, webhook);
    return this.stockOf(p);
  }

  setReserved(p: Product, reserved: number | null, now: number, webhook: boolean): void {
    p.reserved = reserved;
    this.stockTouched(p, now, webhook);
  }

  /** Records a stock change: queue (when the realtime extension is on) and the stock hook. */
  stockTouched(p: Product, now: number, webhook: boolean): void {
    p.updatedAt = now;
    if (this.settings.realtimeStock) {
      this.stockQueue.delete(p.id);
      this.stockQueue.set(p.id, now);
    }
    this.hooks.stockChanged(this, p, webhook);
    // A kit's stock follows its components.
    for (const kit of this.kitsUsing(p.id)) {
      if (this.settings.realtimeStock) {
        this.stockQueue.delete(kit.id);
        this.stockQueue.set(kit.id, now);
      }
      this.hooks.stockChanged(this, kit, webhook);
    }
  }

  private kitsUsing(id: number): Product[] {
    return this.kitsByComponent.get(id) ?? [];
  }

  setPrices(
    p: Product,
    prices: { preco?: number; precoPromocional?: number },
    now: number,
    webhook: boolean,
  ): void {
    if (prices.preco !== undefined) p.preco = prices.preco;
    if (prices.precoPromocional !== undefined) p.precoPromocional = prices.precoPromocional;
    p.updatedAt = now;
    this.hooks.priceChanged(this, p, webhook);
  }

  // ---- contacts ----
  addContact(c: Contact): void {
    this.contacts.push(c);
    this.contactById.set(c.id, c);
  }

  // ---- orders ----
  addOrder(o: Order): void {
    this.orders.push(o);
    this.orderById.set(o.id, o);
  }

  requireOrder(id: number | string): Order {
    const o = this.orderById.get(Number(id));
    if (!o) throw new ControlError(404, `order ${id} not found`);
    return o;
  }

  sellerById(id: number): Seller | undefined {
    return this.sellers.find((s) => s.id === id);
  }

  /** Price of a product under a price list: an exception if any, else the list's percentage on preco. */
  priceIn(p: Product, idListaPreco: number | null): { preco: number; precoPromocional: number } {
    if (!idListaPreco) return { preco: p.preco, precoPromocional: p.precoPromocional };
    const list = this.priceLists.find((l) => l.id === idListaPreco);
    if (!list) return { preco: p.preco, precoPromocional: p.precoPromocional };
    const ex = this.exceptions.find((e) => e.idListaPreco === list.id && e.idProduto === p.id);
    if (ex) return { preco: ex.preco, precoPromocional: ex.precoPromocional ?? 0 };
    const f = 1 + list.acrescimoDesconto / 100;
    return {
      preco: Math.round(p.preco * f * 100) / 100,
      precoPromocional: Math.round(p.precoPromocional * f * 100) / 100,
    };
  }
}
