import { fingerprint } from '@app/security';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { startSandbox } from '../../../test/tiny-sandbox/src/sandbox';
import { ensureTinySchema } from './budget';
import {
  TinyAuthError, TinyCircuitOpenError, TinyNotFoundError, TinyTransientError, TinyValidationError,
} from './errors';
import { TinyClientFactory } from './factory';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const TOKEN = 'client-spec-token-00000000000000000000000000000';
const BREAKER_TOKEN = 'breaker-spec-token-0000000000000000000000000000';

describe('TinyClient against the sandbox', () => {
  let db: TestDatabase;
  let pool: Pool;
  let sandbox: Sandbox;
  let factory: TinyClientFactory;
  let registry: Registry;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 5 });
    await ensureTinySchema(pool);
    sandbox = await startSandbox({
      port: 0,
      accounts: [
        { token: TOKEN, planLimit: 6000, batchLimit: 600, products: 12, contacts: 5, orders: 3 },
        { token: BREAKER_TOKEN, planLimit: 6000, batchLimit: 600, products: 2, contacts: 1, orders: 1 },
      ],
    });
    registry = new Registry();
    factory = new TinyClientFactory({
      baseUrl: `${sandbox.url}/api2`, db: pool, planLimitPerMinute: 6000, batchLimitPerMinute: 600, timeoutMs: 2000, registry,
      breaker: { volumeThreshold: 5, errorThresholdPercentage: 50, resetTimeout: 500 },
    });
  });

  afterAll(async () => {
    factory?.close();
    await sandbox?.close();
    await pool?.end();
    await db?.drop();
  });

  it('returns one client per token (shared breaker)', () => {
    expect(factory.forAccount(TOKEN)).toBe(factory.forAccount(TOKEN));
    expect(factory.forAccount(TOKEN).breaker).toBe(factory.forAccount(TOKEN, { share: 0.5 }).breaker);
  });

  it('info, and auth errors for a bad token', async () => {
    const info = await factory.forAccount(TOKEN).info();
    expect(typeof info.razao_social).toBe('string');
    expect(info.razao_social.length).toBeGreaterThan(0);
    await expect(factory.forAccount('not-a-token-000000000000000000000000000000').info()).rejects.toBeInstanceOf(TinyAuthError);
  });

  it('products: search, get, stock, stock updates; code 20 is an empty result', async () => {
    const client = factory.forAccount(TOKEN);
    const found = await client.searchProducts({ pesquisa: '' });
    expect(found.produtos.length).toBeGreaterThan(0);
    for (const p of found.produtos) {
      expect(typeof p.id).toBe('number');
      expect(typeof p.preco).toBe('number');
    }
    const product = await client.getProduct(found.produtos[0].id);
    expect(product.id).toBe(found.produtos[0].id);
    expect(Array.isArray(product.variacoes)).toBe(true);
    expect(Array.isArray(product.mapeamentos)).toBe(true);
    const stock = await client.getProductStock(found.produtos[0].id);
    expect(typeof stock.saldo).toBe('number');
    expect(typeof stock.saldoReservado).toBe('number');
    expect(Array.isArray(stock.depositos)).toBe(true);
    const none = await client.searchProducts({ pesquisa: 'zzz-no-such-product-zzz' });
    expect(none).toEqual({ pagina: 1, numero_paginas: 0, produtos: [] });
    await expect(client.getProduct(1)).rejects.toBeInstanceOf(TinyNotFoundError);
    const updates = await client.listStockUpdates({ dataAlteracao: '01/01/2020' });
    expect(Array.isArray(updates.produtos)).toBe(true);
  });

  it('price lists and exceptions', async () => {
    const client = factory.forAccount(TOKEN);
    const lists = await client.searchPriceLists();
    expect(Array.isArray(lists.registros)).toBe(true);
    if (lists.registros.length > 0) {
      const exc = await client.getPriceListExceptions({ idListaPreco: lists.registros[0].id });
      expect(Array.isArray(exc.registros)).toBe(true);
      for (const e of exc.registros) expect(typeof e.preco).toBe('number');
    }
  });

  it('contacts: search, get, create (accents and & survive), update; sellers', async () => {
    const client = factory.forAccount(TOKEN);
    const contacts = await client.searchContacts({ pesquisa: '' });
    expect(contacts.contatos.length).toBeGreaterThan(0);
    const contact = await client.getContact(contacts.contatos[0].id);
    expect(contact.id).toBe(contacts.contatos[0].id);

    const nome = 'Açougue São João & Filhos Comércio de Carnes';
    const created = await client.createContact({
      nome, tipo_pessoa: 'J', cpf_cnpj: '12.345.678/0001-90', endereco: 'Rua das Flores', numero: '10', bairro: 'Centro',
      cep: '01001-000', cidade: 'São Paulo', uf: 'SP', email: 'compras@exemplo.com.br',
    });
    expect(created.id).toBeGreaterThan(0);
    const read = await client.getContact(created.id);
    expect(read.nome).toBe('Açougue São João & Filhos Comé'); // truncated to 30, & and accents intact
    await client.updateContact({ id: created.id, nome: 'Padaria Pão & Café', situacao: 'A' });
    expect((await client.getContact(created.id)).nome).toBe('Padaria Pão & Café');
    await expect(client.createContact({ nome: '' })).rejects.toBeInstanceOf(TinyValidationError);

    const sellers = await client.searchSellers({ pesquisa: '' });
    expect(Array.isArray(sellers.vendedores)).toBe(true);
  });

  it('orders: create, search by numeroEcommerce, get, update status; invoices', async () => {
    const client = factory.forAccount(TOKEN);
    const numero = `UPL-${Date.now()}`;
    const products = await client.searchProducts({ pesquisa: '' });
    const created = await client.createOrder(
      {
        data_pedido: '15/03/2026', numero_pedido_ecommerce: numero, id_ecommerce: 54321, ecommerce: 'Uplaces', situacao: 'aprovado',
        cliente: { nome: 'Mercado Bom Preço & Cia Ltda Filial Centro', tipo_pessoa: 'J', cpf_cnpj: '12.345.678/0001-90',
          endereco: 'Av. Brasil', numero: '1000', bairro: 'Centro', cep: '01001-000', cidade: 'São Paulo', uf: 'SP',
          atualizar_cliente: 'N' },
        itens: [{ item: { codigo: products.produtos[0].codigo, descricao: products.produtos[0].nome, unidade: 'UN',
          quantidade: '2', valor_unitario: '49.90' } }],
        forma_pagamento: 'boleto', obs: 'Pedido B2B Uplaces\u0000 #123',
      },
      { priority: 'order' },
    );
    expect(created.id).toBeGreaterThan(0);

    const search = await client.searchOrders({ numeroEcommerce: numero }, { priority: 'order' });
    expect(search.pedidos.map((p) => p.id)).toContain(created.id);
    const none = await client.searchOrders({ numeroEcommerce: 'NO-SUCH-ORDER' });
    expect(none.pedidos).toEqual([]);

    const order = await client.getOrder(created.id);
    expect(order.numero_ecommerce).toBe(numero);
    expect(order.cliente.nome).toBe('Mercado Bom Preço & Cia Ltda F');
    expect(order.itens).toHaveLength(1);
    expect(order.itens[0].quantidade).toBe(2);
    expect(order.itens[0].valor_unitario).toBeCloseTo(49.9);

    await client.updateOrderStatus(created.id, 'preparando_envio', { priority: 'order' });
    expect((await client.getOrder(created.id)).situacao.toLowerCase()).toContain('preparando');
    await expect(client.getOrder(1)).rejects.toBeInstanceOf(TinyNotFoundError);

    const invoices = await client.searchInvoices({ dataInicial: '01/01/2020' });
    expect(Array.isArray(invoices.notas_fiscais)).toBe(true);
  });

  it('breaker: opens on 5xx, fails fast, closes when Tiny heals; validation errors never open it', async () => {
    const client = factory.forAccount(BREAKER_TOKEN);
    // a burst of code 31 leaves it closed
    for (let i = 0; i < 10; i++) {
      await expect(client.searchProducts({ pesquisa: 'x', situacao: 'Q' as 'A' })).rejects.toBeInstanceOf(TinyValidationError);
    }
    expect(client.breaker.closed).toBe(true);

    addFault(sandbox, BREAKER_TOKEN, { kind: 'http5xx', status: 503 });
    // the 10 filtered answers count as successes in the rolling window, so it takes > 10 failures (> 50 %)
    let failures = 0;
    while (!client.breaker.opened && failures < 30) {
      await expect(client.info()).rejects.toBeInstanceOf(TinyTransientError);
      failures++;
    }
    expect(client.breaker.opened).toBe(true);
    expect(failures).toBeLessThanOrEqual(12);
    const before = callCount(sandbox, BREAKER_TOKEN);
    const t0 = Date.now();
    await expect(client.info()).rejects.toBeInstanceOf(TinyCircuitOpenError);
    expect(Date.now() - t0).toBeLessThan(100);
    expect(callCount(sandbox, BREAKER_TOKEN)).toBe(before); // failed fast, Tiny not called
    const gauge = await registry.getSingleMetric('tiny_breaker_state')?.get();
    expect(gauge?.values.some((v) => v.value === 2)).toBe(true);

    clearFaults(sandbox, BREAKER_TOKEN);
    await new Promise((r) => setTimeout(r, 600)); // resetTimeout 500 → half-open probe
    await expect(client.info()).resolves.toBeDefined();
    expect(client.breaker.closed).toBe(true);
  });

  it('keys budget rows, breakers and metrics by fingerprint(token), the config event\'s accountKey; never the token', async () => {
    const rows = (await pool.query<{ account: string }>('SELECT account FROM tiny.rate_budget ORDER BY account')).rows;
    const accounts = rows.map((r) => r.account);
    expect(accounts).toEqual(expect.arrayContaining([fingerprint(TOKEN), fingerprint(BREAKER_TOKEN)]));
    expect(accounts.every((a) => /^[0-9a-f]{16}(:batch)?$/.test(a))).toBe(true);
    expect(Object.keys(factory.breakerStates()).sort()).toEqual(
      [fingerprint(TOKEN), fingerprint(BREAKER_TOKEN), fingerprint('not-a-token-000000000000000000000000000000')].sort(),
    );
    const exposition = await registry.metrics();
    expect(exposition).toContain(`account="${fingerprint(BREAKER_TOKEN)}"`);
    for (const token of [TOKEN, BREAKER_TOKEN]) {
      expect(exposition).not.toContain(token);
      expect(exposition).not.toContain(token.slice(0, 20));
    }
  });
});

// ---- sandbox adapter (one place to follow the sandbox's API) ----
function addFault(sandbox: Sandbox, token: string, spec: { kind: 'http5xx'; status: number }): void {
  sandbox.addFault(token, spec);
}
function clearFaults(sandbox: Sandbox, token: string): void {
  sandbox.clearFaults(token);
}
function callCount(sandbox: Sandbox, token: string): number {
  return sandbox.getCalls(token).total;
}
