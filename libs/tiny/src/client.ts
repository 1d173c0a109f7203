import type { Registry } from 'prom-client';
import { fingerprint } from '@app/security';
import { TinyRateBudget } from './budget';
import { createTinyBreaker, TinyBreaker, TinyBreakerOptions } from './breaker';
import {
  TinyCircuitOpenError, TinyError, TinyRateLimitedError, TinyTransientError,
} from './errors';
import { tinyMetrics, TinyMetrics } from './metrics';
import * as P from './parsers';
import { sanitizeContact, sanitizeOrder } from './sanitize';
import type * as T from './types';

export interface TinyClientOptions {
  /** Base of API v2, e.g. `https://api.tiny.com.br/api2` or `${sandbox.url}/api2`. */
  baseUrl: string;
  token: string;
  /** The account's shared rate budget. */
  budget: TinyRateBudget;
  /** A breaker to share (the factory passes one per token) or options to build one. */
  breaker?: TinyBreaker | TinyBreakerOptions;
  /** HTTP timeout per call. Default 30000. */
  timeoutMs?: number;
  /** prom-client registry for the metrics. Default: prom-client's default register. */
  registry?: Registry;
  /** How many times a code 6/11 answer is retried (after the budget pause) before failing. Default 3. */
  rateLimitRetries?: number;
}

type Params = Record<string, string | number | undefined>;

/** Services documented without the `.php` suffix. */
const NO_PHP = new Set(['pedido.alterar.situacao', 'lista.atualizacoes.estoque']);
/** Services Tiny always counts against the per-minute batch quota. */
const BATCH = new Set(['contato.incluir', 'contato.alterar', 'produto.incluir', 'produto.alterar']);

/** Tiny API v2 client for one account. Use `TinyClientFactory` so a process has one per token. */
export class TinyClient {
  readonly breaker: TinyBreaker;
  readonly budget: TinyRateBudget;
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly metrics: TinyMetrics;
  private readonly ownsBreaker: boolean;

  constructor(opts: TinyClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
    this.budget = opts.budget;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.retries = opts.rateLimitRetries ?? 3;
    this.metrics = tinyMetrics(opts.registry);
    this.ownsBreaker = !(opts.breaker && 'fire' in opts.breaker);
    this.breaker =
      opts.breaker && 'fire' in opts.breaker
        ? opts.breaker
        : createTinyBreaker(fingerprint(opts.token), opts.breaker ?? {}, this.metrics);
  }

  /** Stops the breaker's timers when this client built it (the factory closes shared ones). */
  close(): void {
    if (this.ownsBreaker) this.breaker.shutdown();
  }

  // ---- services ----
  info(opts?: T.TinyCallOptions): Promise<T.TinyAccountInfo> {
    return this.call('info', {}, (b) => P.parseAccountInfo(P.readEnvelope(b, 'info').retorno), opts);
  }

  searchProducts(params: T.SearchProductsParams, opts?: T.TinyCallOptions): Promise<T.SearchProductsResult> {
    return this.call('produtos.pesquisa', { ...params }, (b) => P.parseSearchProducts(P.readEnvelope(b, 'produtos.pesquisa', { search: true })), opts);
  }

  getProduct(id: number, opts?: T.TinyCallOptions): Promise<T.TinyProduct> {
    return this.call('produto.obter', { id }, (b) => P.parseProduct(P.readEnvelope(b, 'produto.obter').retorno), opts);
  }

  getProductStock(id: number, opts?: T.TinyCallOptions): Promise<T.TinyProductStock> {
    return this.call('produto.obter.estoque', { id }, (b) => P.parseProductStock(P.readEnvelope(b, 'produto.obter.estoque').retorno), opts);
  }

  /** Destructive queue on Tiny's side: records read are removed. Persist them before acknowledging work. */
  listStockUpdates(params: T.ListStockUpdatesParams, opts?: T.TinyCallOptions): Promise<T.ListStockUpdatesResult> {
    return this.call('lista.atualizacoes.estoque', { ...params }, (b) => P.parseStockUpdates(P.readEnvelope(b, 'lista.atualizacoes.estoque', { search: true })), opts);
  }

  searchPriceLists(params: { pagina?: number } = {}, opts?: T.TinyCallOptions): Promise<T.SearchPriceListsResult> {
    return this.call('listas.precos.pesquisa', { ...params }, (b) => P.parsePriceLists(P.readEnvelope(b, 'listas.precos.pesquisa', { search: true })), opts);
  }

  getPriceListExceptions(params: T.GetPriceListExceptionsParams, opts?: T.TinyCallOptions): Promise<T.GetPriceListExceptionsResult> {
    return this.call('listas.precos.excecoes', { ...params }, (b) => P.parsePriceListExceptions(P.readEnvelope(b, 'listas.precos.excecoes', { search: true })), opts);
  }

  searchContacts(params: T.SearchContactsParams, opts?: T.TinyCallOptions): Promise<T.SearchContactsResult> {
    return this.call('contatos.pesquisa', { ...params }, (b) => P.parseSearchContacts(P.readEnvelope(b, 'contatos.pesquisa', { search: true })), opts);
  }

  getContact(id: number, opts?: T.TinyCallOptions): Promise<T.TinyContact> {
    return this.call('contato.obter', { id }, (b) => P.parseContact(P.readEnvelope(b, 'contato.obter').retorno), opts);
  }

  /** contato.incluir (a batch service for Tiny's limits). Fields are sanitised and truncated. */
  createContact(contact: T.TinyContactInput, opts?: T.TinyCallOptions): Promise<T.TinyRecordResult> {
    const { id: _id, ...fields } = sanitizeContact(contact);
    const contato = JSON.stringify({ contatos: [{ contato: { sequencia: '1', situacao: 'A', ...fields } }] });
    return this.call('contato.incluir', { contato }, (b) => P.parseRecordResult(P.readEnvelope(b, 'contato.incluir').retorno, 'contato.incluir'), opts);
  }

  /** contato.alterar: `contact.id` is required. */
  updateContact(contact: T.TinyContactInput & { id: number }, opts?: T.TinyCallOptions): Promise<T.TinyRecordResult> {
    const fields = sanitizeContact(contact);
    const contato = JSON.stringify({ contatos: [{ contato: { sequencia: '1', ...fields } }] });
    return this.call('contato.alterar', { contato }, (b) => P.parseRecordResult(P.readEnvelope(b, 'contato.alterar').retorno, 'contato.alterar'), opts);
  }

  searchSellers(params: T.SearchSellersParams, opts?: T.TinyCallOptions): Promise<T.SearchSellersResult> {
    return this.call('vendedores.pesquisa', { ...params }, (b) => P.parseSearchSellers(P.readEnvelope(b, 'vendedores.pesquisa', { search: true })), opts);
  }

  /** pedidos.pesquisa; use `numeroEcommerce` to find an order we may already have sent. */
  searchOrders(params: T.SearchOrdersParams, opts?: T.TinyCallOptions): Promise<T.SearchOrdersResult> {
    return this.call('pedidos.pesquisa', { ...params }, (b) => P.parseSearchOrders(P.readEnvelope(b, 'pedidos.pesquisa', { search: true })), opts);
  }

  getOrder(id: number, opts?: T.TinyCallOptions): Promise<T.TinyOrder> {
    return this.call('pedido.obter', { id }, (b) => P.parseOrder(P.readEnvelope(b, 'pedido.obter').retorno), opts);
  }

  /** pedido.incluir. Tiny has no idempotency key: on an unknown outcome, search by numeroEcommerce first. */
  createOrder(order: T.TinyOrderInput, opts?: T.TinyCallOptions): Promise<T.CreateOrderResult> {
    const pedido = JSON.stringify({ pedido: sanitizeOrder(order) });
    return this.call('pedido.incluir', { pedido }, (b) => P.parseCreateOrder(P.readEnvelope(b, 'pedido.incluir').retorno), opts);
  }

  /** pedido.alterar.situacao with Tiny's internal order id (not `numero`). */
  async updateOrderStatus(id: number, situacao: T.TinyOrderStatusCode, opts?: T.TinyCallOptions): Promise<void> {
    await this.call('pedido.alterar.situacao', { id, situacao }, (b) => P.readEnvelope(b, 'pedido.alterar.situacao'), opts);
  }

  searchInvoices(params: T.SearchInvoicesParams, opts?: T.TinyCallOptions): Promise<T.SearchInvoicesResult> {
    return this.call('notas.fiscais.pesquisa', { ...params }, (b) => P.parseSearchInvoices(P.readEnvelope(b, 'notas.fiscais.pesquisa', { search: true })), opts);
  }

  // ---- plumbing ----
  private async call<R>(service: string, params: Params, parse: (body: unknown) => R, opts: T.TinyCallOptions = {}): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.breaker.fire(() => this.budgeted(service, params, parse, opts))) as R;
      } catch (err) {
        if (err instanceof Error && (err as { code?: unknown }).code === 'EOPENBREAKER') {
          this.metrics.calls.inc({ service, result: 'circuit_open' });
          throw new TinyCircuitOpenError(`Tiny ${service}: circuit open for this account`, { service, cause: err });
        }
        // Code 6 already paused the shared budget; the next acquire waits for the window to reset.
        if (err instanceof TinyRateLimitedError && err.code !== null && attempt < this.retries) continue;
        throw err;
      }
    }
  }

  private async budgeted<R>(service: string, params: Params, parse: (body: unknown) => R, opts: T.TinyCallOptions): Promise<R> {
    const priority = opts.priority ?? 'bulk';
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const lease = await this.budget.acquire({
      priority, signal: opts.signal, leaseMs: timeoutMs + 5_000, batch: BATCH.has(service),
    });
    this.metrics.budgetWait.observe({ priority }, lease.waitedMs / 1000);
    opts.onBudgetWait?.(lease.waitedMs);
    try {
      // The breaker may have opened while we waited for our slot: don't spend the call.
      if (this.breaker.opened) throw new TinyCircuitOpenError(`Tiny ${service}: circuit open for this account`, { service });
      return await this.http(service, params, parse, opts.signal, timeoutMs);
    } catch (err) {
      if (err instanceof TinyRateLimitedError && err.code === 6) await this.budget.pause().catch(() => undefined);
      if (err instanceof TinyRateLimitedError && err.code === 11) {
        await new Promise((r) => setTimeout(r, Math.min(this.budget.intervalMs, 1000)));
      }
      throw err;
    } finally {
      // A failed release only leaks a lease until it expires.
      await lease.release().catch(() => undefined);
    }
  }

  private async http<R>(service: string, params: Params, parse: (body: unknown) => R, signal: AbortSignal | undefined, timeoutMs: number): Promise<R> {
    const form = new URLSearchParams();
    form.set('token', this.token);
    form.set('formato', 'json');
    for (const [k, v] of Object.entries(params)) if (v !== undefined) form.set(k, String(v));

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const started = process.hrtime.bigint();
    const url = `${this.baseUrl}/${service}${NO_PHP.has(service) ? '' : '.php'}`;
    let result = 'ok';
    try {
      let text: string;
      let status: number;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', accept: 'application/json' },
          body: form.toString(),
          signal: controller.signal,
        });
        status = res.status;
        text = await res.text();
      } catch (err) {
        if (timedOut) {
          result = 'timeout';
          throw new TinyTransientError(`Tiny ${service}: timed out after ${timeoutMs} ms`, { service, cause: err });
        }
        if (signal?.aborted) {
          result = 'aborted';
          throw signal.reason ?? err;
        }
        result = 'network';
        throw new TinyTransientError(`Tiny ${service}: network error: ${(err as Error).message}`, { service, cause: err });
      }
      if (status >= 500) {
        result = 'http_5xx';
        throw new TinyTransientError(`Tiny ${service}: HTTP ${status}`, { service });
      }
      if (status === 429) {
        result = 'http_429';
        throw new TinyRateLimitedError(`Tiny ${service}: HTTP 429`, { service });
      }
      if (status >= 400) {
        result = `http_${status}`;
        throw new TinyError(`Tiny ${service}: HTTP ${status}`, { service });
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (err) {
        result = 'invalid_body';
        throw new TinyTransientError(`Tiny ${service}: unparsable body`, { service, cause: err });
      }
      try {
        return parse(body);
      } catch (err) {
        result = err instanceof TinyError && err.code !== null ? String(err.code) : 'invalid_body';
        throw err;
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.metrics.calls.inc({ service, result });
      this.metrics.latency.observe({ service }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}


