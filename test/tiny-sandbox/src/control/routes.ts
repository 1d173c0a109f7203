import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ControlError } from '../accounts/errors';
import type { AccountOptions, WebhookKind } from '../accounts/model';
import type { FaultSpec } from '../faults/faults';
import { isObject } from '../quirks/params';
import type { PriceChange, ProductKind, Sandbox, StockChange } from '../sandbox';
import type { NewProduct } from '../services/produtos';

// HTTP mirror of the Sandbox methods, under /control. Bodies are JSON; errors answer {error} with 400/404/409.

const MALFORMED = '__malformedJson';

function body(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  if (b === undefined || b === null) return {};
  if (!isObject(b) || b[MALFORMED] === true) throw new ControlError(400, 'body must be a JSON object');
  return b;
}

function param(req: FastifyRequest, name: string): string {
  return (req.params as Record<string, string>)[name];
}

function query(req: FastifyRequest, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

function num(v: string | undefined): number | undefined {
  return v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
}

function idParam(req: FastifyRequest, name: string): number {
  const n = Number(param(req, name));
  if (!Number.isInteger(n)) throw new ControlError(400, `${name} must be an integer`);
  return n;
}

export function registerControlRoutes(app: FastifyInstance, sb: Sandbox): void {
  app.setErrorHandler((err: unknown, _req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof ControlError) return reply.code(err.status).send({ error: err.message });
    const e = err as { statusCode?: number; message?: string };
    return reply.code(e.statusCode && e.statusCode < 500 ? e.statusCode : 500).send({ error: e.message ?? 'error' });
  });

  // fastify already URL-decodes path params.
  const t = (req: FastifyRequest): string => param(req, 'token');

  app.get('/control/health', async () => ({ ok: true, accounts: sb.listAccounts().length }));

  // accounts
  app.get('/control/accounts', async () => sb.listAccounts());
  app.post('/control/accounts', async (req, reply) => reply.code(201).send(sb.createAccount(body(req) as unknown as AccountOptions)));
  app.get('/control/accounts/:token', async (req) => sb.getAccount(t(req)));
  app.patch('/control/accounts/:token', async (req) => sb.updateAccount(t(req), body(req) as Partial<AccountOptions>));
  app.delete('/control/accounts/:token', async (req, reply) => {
    sb.deleteAccount(t(req));
    return reply.code(204).send();
  });
  app.post('/control/accounts/:token/reset', async (req) => sb.resetAccount(t(req)));
  app.post('/control/accounts/:token/rate-window/reset', async (req, reply) => {
    sb.resetRateWindow(t(req));
    return reply.code(204).send();
  });

  // webhooks config and deliveries
  app.put('/control/accounts/:token/webhooks', async (req) => {
    const b = body(req);
    return sb.configureWebhooks(t(req), {
      urls: isObject(b.urls) ? (b.urls as Partial<Record<WebhookKind, string>>) : undefined,
      encoding: b.encoding === 'form' || b.encoding === 'json' ? b.encoding : undefined,
      onlyMapped: typeof b.onlyMapped === 'boolean' ? b.onlyMapped : undefined,
    });
  });
  app.get('/control/accounts/:token/webhooks/deliveries', async (req) =>
    sb.listDeliveries(t(req), query(req, 'tipo') as WebhookKind | undefined),
  );
  app.post('/control/webhooks/wait', async (req) => {
    await sb.waitForWebhooks(num(query(req, 'timeoutMs')) ?? 10_000);
    return { idle: true };
  });
  app.post('/control/accounts/:token/webhooks/produto', async (req) => {
    const b = body(req);
    const product = typeof b.product === 'number' || typeof b.product === 'string' ? b.product : undefined;
    if (product === undefined) throw new ControlError(400, 'product (id or SKU) is required');
    return sb.sendProduct(t(req), product);
  });
  app.get('/control/accounts/:token/mappings', async (req) => sb.listMappings(t(req)));

  // faults
  app.get('/control/accounts/:token/faults', async (req) => sb.listFaults(t(req)));
  app.post('/control/accounts/:token/faults', async (req, reply) =>
    reply.code(201).send(sb.addFault(t(req), body(req) as unknown as FaultSpec)),
  );
  app.delete('/control/accounts/:token/faults', async (req, reply) => {
    sb.clearFaults(t(req));
    return reply.code(204).send();
  });
  app.delete('/control/accounts/:token/faults/:id', async (req, reply) => {
    sb.removeFault(t(req), idParam(req, 'id'));
    return reply.code(204).send();
  });

  // calls
  app.get('/control/calls', async () => sb.getAllCalls());
  app.delete('/control/calls', async (_req, reply) => {
    sb.resetCalls();
    return reply.code(204).send();
  });
  app.get('/control/accounts/:token/calls', async (req) => sb.getCalls(t(req)));
  app.delete('/control/accounts/:token/calls', async (req, reply) => {
    sb.resetCalls(t(req));
    return reply.code(204).send();
  });

  // data
  app.get('/control/accounts/:token/orders', async (req) => sb.listOrders(t(req), { all: query(req, 'all') === 'true' }));
  app.get('/control/accounts/:token/orders/:id', async (req) => sb.getOrder(t(req), idParam(req, 'id')));
  app.post('/control/accounts/:token/orders/:id/situacao', async (req) => {
    const b = body(req);
    if (typeof b.situacao !== 'string') throw new ControlError(400, 'situacao is required');
    return sb.setOrderStatus(t(req), idParam(req, 'id'), b.situacao, { webhook: b.webhook !== false });
  });
  app.post('/control/accounts/:token/orders/:id/nota-fiscal', async (req) => {
    const b = body(req);
    return sb.emitInvoice(t(req), idParam(req, 'id'), { webhook: b.webhook !== false, setStatus: b.setStatus !== false });
  });
  app.post('/control/accounts/:token/orders/:id/rastreio', async (req) => {
    const b = body(req);
    const s = (k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
    return sb.emitTracking(t(req), idParam(req, 'id'), {
      codigoRastreio: s('codigoRastreio'),
      urlRastreio: s('urlRastreio'),
      transportadora: s('transportadora'),
      webhook: b.webhook !== false,
    });
  });
  app.get('/control/accounts/:token/contacts', async (req) => sb.listContacts(t(req), { all: query(req, 'all') === 'true' }));
  app.get('/control/accounts/:token/invoices', async (req) => sb.listInvoices(t(req)));
  app.get('/control/accounts/:token/products', async (req) =>
    sb.listProducts(t(req), {
      offset: num(query(req, 'offset')),
      limit: num(query(req, 'limit')),
      kind: query(req, 'kind') as ProductKind | undefined,
    }),
  );
  app.get('/control/accounts/:token/products/find/:kind', async (req) => sb.findProduct(t(req), param(req, 'kind') as ProductKind));
  app.get('/control/accounts/:token/products/:product', async (req) => sb.getProduct(t(req), param(req, 'product')));
  app.post('/control/accounts/:token/products', async (req, reply) =>
    reply.code(201).send(sb.createProduct(t(req), body(req) as unknown as NewProduct)),
  );
  app.post('/control/accounts/:token/products/:product/situacao', async (req) => {
    const b = body(req);
    if (b.situacao !== 'A' && b.situacao !== 'I' && b.situacao !== 'E') throw new ControlError(400, 'situacao must be A, I or E');
    return sb.setProductSituacao(t(req), param(req, 'product'), b.situacao);
  });
  app.delete('/control/accounts/:token/products/:product', async (req) => sb.deleteProduct(t(req), param(req, 'product')));
  app.post('/control/accounts/:token/stock', async (req) => sb.setStock(t(req), body(req) as unknown as StockChange));
  app.post('/control/accounts/:token/prices', async (req) => sb.setPrice(t(req), body(req) as unknown as PriceChange));
  app.get('/control/accounts/:token/stock-queue', async (req) => sb.peekStockQueue(t(req)));
}
