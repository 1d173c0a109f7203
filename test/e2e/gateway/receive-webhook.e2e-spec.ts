import { validateEvent, TINY_WEBHOOK_EVENTS, type TinyProdutoReceivedData } from '@app/contracts';
import { waitFor } from '@app/testing';
import { asForm, EXAMPLES, KINDS, variant } from './examples';
import { newSecret, startGateway, type GatewayUnderTest } from './harness';

describe('webhook-gateway: Tiny webhooks in, events out', () => {
  let gw: GatewayUnderTest;
  let integrationId: string;
  const secret = newSecret();

  beforeAll(async () => {
    gw = await startGateway();
    const e = await gw.seed({ secrets: [{ secret, expiresAt: null }] });
    integrationId = e.data.integrationId;
  });
  afterAll(async () => gw?.stop());

  it.each(KINDS)('accepts the §5.2 %s example as JSON and publishes tiny.<kind>.received.v1', async (kind) => {
    const res = await gw.post(gw.webhookPath(integrationId, secret, kind), EXAMPLES[kind]);
    expect(res.status).toBe(200);
    const type = TINY_WEBHOOK_EVENTS[kind].type;
    const [event] = await waitFor(() => (gw.bus.ofType(type).length ? gw.bus.ofType(type) : null), { what: type });
    const valid = await validateEvent(TINY_WEBHOOK_EVENTS[kind], event); // the contract holds on the wire
    expect(valid.tenantId).toBe('tenant-1');
    expect(valid.integrationId).toBe(integrationId);
    expect(valid.source).toBe('webhook-gateway');
    const data = event.data as { receiptSeq: number; cnpj: string; idEcommerce: string; deliveryKey: string; versao: string; dados: Record<string, unknown> };
    expect(data.receiptSeq).toBeGreaterThan(0);
    expect(data.cnpj).toBe('48404755000188');
    expect(data.idEcommerce).toBe('54321');
    expect(data.versao).toBe(EXAMPLES[kind].versao);
    expect(data.deliveryKey).toMatch(/^[0-9a-f]{64}$/);
    // Every Tiny field arrives, scalars as strings.
    for (const [field, value] of Object.entries(EXAMPLES[kind].dados)) {
      if (typeof value === 'string' || typeof value === 'number') expect([field, data.dados[field]]).toEqual([field, String(value)]);
    }
  });

  it('answers the produto webhook with the mapping array, variations included, and publishes the mappings', async () => {
    const res = await gw.post(gw.webhookPath(integrationId, secret, 'produto'), variant('produto', { nome: 'Camiseta Azul 2' }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      { idMapeamento: '123455', skuMapeamento: 'CAM-AZ' },
      { idMapeamento: '123456', skuMapeamento: 'CAM-AZ-P' },
      { idMapeamento: '123457', skuMapeamento: 'CAM-AZ-M' },
    ]);
    const event = await waitFor(() => gw.bus.ofType('tiny.produto.received.v1').find((e) => (e.data as { dados: { nome: string } }).dados.nome === 'Camiseta Azul 2'));
    const data = event.data as unknown as TinyProdutoReceivedData;
    expect(data.mappings).toEqual([
      { tinyId: '700100100', parentTinyId: null, idMapeamento: '123455', skuMapeamento: 'CAM-AZ', error: null },
      { tinyId: '700100200', parentTinyId: '700100100', idMapeamento: '123456', skuMapeamento: 'CAM-AZ-P', error: null },
      { tinyId: '700100201', parentTinyId: '700100100', idMapeamento: '123457', skuMapeamento: 'CAM-AZ-M', error: null },
    ]);
    expect(data.dados.variacoes[0].grade).toEqual([{ chave: 'Tamanho', valor: 'P' }, { chave: 'Cor', valor: 'Azul' }]);
  });

  it('answers an error entry (pt-BR) for a variation without SKU', async () => {
    const e = EXAMPLES.produto;
    const body = { ...e, dados: { ...e.dados, id: '800', variacoes: [e.dados.variacoes[0], { ...e.dados.variacoes[1], codigo: '' }] } };
    const res = await gw.post(gw.webhookPath(integrationId, secret, 'produto'), body);
    expect(res.status).toBe(200);
    const answer = res.json as { idMapeamento: string; skuMapeamento?: string; error?: string }[];
    expect(answer).toHaveLength(3);
    expect(answer[2]).toEqual({ idMapeamento: '123457', error: expect.stringMatching(/sem código \(SKU\)/) });
  });

  it.each(KINDS)('accepts the %s example form-encoded (dados as JSON in a field)', async (kind) => {
    const type = TINY_WEBHOOK_EVENTS[kind].type;
    const before = gw.bus.ofType(type).length;
    // A different delivery than the JSON test's (otherwise it would be a resend).
    const changed = kind === 'estoque' ? { saldo: '12.00' } : kind === 'precos' ? { preco: '61.00' } : kind === 'produto' ? { nome: 'Form' } : kind === 'situacao_pedido' ? { situacao: 'enviado' } : kind === 'rastreio' ? { codigoRastreio: 'BB1BR' } : { numero: '000149' };
    const example = variant(kind, changed) as Parameters<typeof asForm>[0];
    const res = await gw.post(gw.webhookPath(integrationId, secret, kind), asForm(example));
    expect(res.status).toBe(200);
    await waitFor(() => gw.bus.ofType(type).length === before + 1, { what: `form ${kind}` });
    const last = gw.bus.ofType(type).at(-1)!;
    const dados = (last.data as { dados: Record<string, unknown> }).dados;
    for (const [field, value] of Object.entries(changed)) expect(dados[field]).toBe(value);
  });

  it('answers 200 to an empty body (Tiny checking the URL) and publishes nothing', async () => {
    const before = gw.bus.events.length;
    const res = await gw.post(gw.webhookPath(integrationId, secret, 'estoque'), undefined);
    expect(res.status).toBe(200);
    const stored = await gw.sql.query('SELECT count(*)::int AS n FROM gateway.received_webhooks');
    await new Promise((r) => setTimeout(r, 300));
    expect(gw.bus.events.length).toBe(before);
    const again = await gw.sql.query('SELECT count(*)::int AS n FROM gateway.received_webhooks');
    expect(again.rows[0]).toEqual(stored.rows[0]);
  });

  it('gives strictly increasing receipt numbers in acceptance order', async () => {
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await gw.post(gw.webhookPath(integrationId, secret, 'estoque'), variant('estoque', { saldo: `${100 + i}.00` }));
      expect(res.status).toBe(200);
    }
    await waitFor(() => gw.bus.ofType('tiny.estoque.received.v1').filter((e) => Number((e.data as { dados: { saldo: string } }).dados.saldo) >= 100).length === 5);
    for (const e of gw.bus.ofType('tiny.estoque.received.v1')) {
      const d = e.data as { receiptSeq: number; dados: { saldo: string } };
      if (Number(d.dados.saldo) >= 100) seqs.push(d.receiptSeq);
    }
    const bySaldo = [...seqs];
    expect(bySaldo).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(5);
  });

  it('answers a Tiny resend of the same delivery 200 without a second event', async () => {
    const body = variant('situacao_pedido', { idVendaTiny: 999001, situacao: 'aprovado' });
    const path = gw.webhookPath(integrationId, secret, 'situacao_pedido');
    expect((await gw.post(path, body)).status).toBe(200);
    expect((await gw.post(path, body)).status).toBe(200);
    const mine = () => gw.bus.ofType('tiny.situacao_pedido.received.v1').filter((e) => (e.data as { dados: { idVendaTiny: string } }).dados.idVendaTiny === '999001');
    await waitFor(() => mine().length === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(mine()).toHaveLength(1);
    // A later, different change of the same order is a new event; going back to the first state is too.
    expect((await gw.post(path, variant('situacao_pedido', { idVendaTiny: 999001, situacao: 'faturado' }))).status).toBe(200);
    expect((await gw.post(path, body)).status).toBe(200);
    await waitFor(() => mine().length === 3, { what: 'the new states' });
  });

  it('stores concurrent deliveries together: one event per distinct delivery, none for simultaneous resends', async () => {
    const path = gw.webhookPath(integrationId, secret, 'estoque');
    const distinct = Array.from({ length: 40 }, (_, i) => variant('estoque', { idProduto: 777000 + i, saldo: '5.00' }));
    // The same delivery about one product, sent 6 times at once: the gateway stores it once.
    const resend = variant('estoque', { idProduto: 778000, saldo: '9.00' });
    const answers = await Promise.all([...distinct, ...Array.from({ length: 6 }, () => resend)].map((b) => gw.post(path, b)));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    const ids = () =>
      gw.bus
        .ofType('tiny.estoque.received.v1')
        .map((e) => Number((e.data as { dados: { idProduto: string } }).dados.idProduto))
        .filter((id) => id >= 777000 && id <= 778000);
    await waitFor(() => ids().length >= 41, { what: 'every distinct delivery published' });
    await new Promise((r) => setTimeout(r, 500));
    expect(ids().sort((a, b) => a - b)).toEqual([...distinct.map((_, i) => 777000 + i), 778000]);
  });

  it('sends security headers and no secret in logs-facing paths', async () => {
    const res = await gw.post(gw.webhookPath(integrationId, secret, 'estoque'), undefined);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
    // The hot route sets helmet's headers itself (computed once): the same as @fastify/helmet gives other routes.
    const other = await fetch(`${gw.url}/health/live`);
    const helmetHeaders = ['content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster', 'referrer-policy', 'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control', 'x-download-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection'];
    for (const name of helmetHeaders) {
      expect([name, other.headers.get(name)]).toEqual([name, expect.any(String)]);
      expect([name, res.headers.get(name)]).toEqual([name, other.headers.get(name)]);
    }
    const refused = await gw.post(gw.webhookPath(integrationId, 'wrong-secret', 'estoque'), EXAMPLES.estoque);
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-security-policy')).toBe(other.headers.get('content-security-policy'));
  });
});
