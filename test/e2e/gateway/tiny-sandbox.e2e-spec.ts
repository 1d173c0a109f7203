import { waitFor } from '@app/testing';
import { startSandbox, type Sandbox } from '../../tiny-sandbox/src';
import { newSecret, startGateway, type GatewayUnderTest } from './harness';

const TOKEN = 'gw-e2e-token-00000000000000000000000000000000';

describe('webhook-gateway with the Tiny sandbox as the sender', () => {
  let gw: GatewayUnderTest;
  let sandbox: Sandbox;
  let integrationId: string;
  const secret = newSecret();

  beforeAll(async () => {
    [gw, sandbox] = await Promise.all([startGateway(), startSandbox({ webhookTimeScale: 0.0001, webhookTimeoutMs: 5000 })]);
    const account = sandbox.createAccount({ token: TOKEN, idEcommerce: 777001, cnpj: '11222333000181', products: 12, numberStyle: 'mixed' });
    const seeded = await gw.seed({ integratorId: String(account.idEcommerce), accountCnpj: account.cnpj, secrets: [{ secret, expiresAt: null }] });
    integrationId = seeded.data.integrationId;
    const url = (kind: string) => `${gw.url}${gw.webhookPath(integrationId, secret, kind)}`;
    sandbox.configureWebhooks(TOKEN, { urls: { produto: url('produto'), estoque: url('estoque'), precos: url('precos') }, encoding: 'json' });
  });
  afterAll(async () => {
    await sandbox?.close();
    await gw?.stop();
  });

  it('maps a product with variations from Tiny’s produto webhook, then relays stock and (form-encoded) price changes', async () => {
    const parent = sandbox.findProduct(TOKEN, 'parent');
    const { delivery, reply } = await sandbox.sendProduct(TOKEN, parent.id);
    expect(delivery.state).toBe('delivered');
    expect(reply?.shape).toBe('array');
    expect(reply?.mappings).toHaveLength(1 + parent.variationIds.length);
    expect(reply?.mappings.every((m) => !m.error)).toBe(true);
    const produto = await waitFor(() => gw.bus.ofType('tiny.produto.received.v1')[0], { what: 'produto event' });
    expect((produto.data as { mappings: unknown[] }).mappings).toHaveLength(1 + parent.variationIds.length);

    const variation = sandbox.getProduct(TOKEN, parent.variationIds[0]);
    sandbox.setStock(TOKEN, { product: variation.id, saldo: 42 });
    const estoque = await waitFor(() => gw.bus.ofType('tiny.estoque.received.v1')[0], { what: 'estoque event' });
    const dados = (estoque.data as { dados: Record<string, string> }).dados;
    expect(dados.idProduto).toBe(String(variation.id));
    expect(dados.skuMapeamento).toBe(variation.codigo); // the SKU the gateway answered for it

    sandbox.configureWebhooks(TOKEN, { encoding: 'form' });
    sandbox.setPrice(TOKEN, { product: variation.id, preco: 77.5 });
    const precos = await waitFor(() => gw.bus.ofType('tiny.precos.received.v1')[0], { what: 'precos event' });
    expect(Number((precos.data as { dados: { preco: string } }).dados.preco)).toBe(77.5);
    await sandbox.waitForWebhooks(5000);
    expect(sandbox.listDeliveries(TOKEN).every((d) => d.state === 'delivered')).toBe(true);
  });
});
