import { mintDevToken } from '@app/security';
import { waitFor } from '@app/testing';
import { EXAMPLES, variant } from './examples';
import { JWT_SECRET, newSecret, startGateway, type GatewayUnderTest } from './harness';

// Small limits so each refusal is cheap to provoke; every integration has its own token bucket.
const ENV = { WEBHOOK_BODY_LIMIT_BYTES: '4096', WEBHOOK_RATE_PER_SECOND: '5', WEBHOOK_RATE_BURST: '40' };

describe('webhook-gateway: refusals', () => {
  let gw: GatewayUnderTest;

  beforeAll(async () => {
    gw = await startGateway(ENV);
  });
  afterAll(async () => gw?.stop());

  async function integration(overrides: Parameters<GatewayUnderTest['seed']>[0] = {}) {
    const secret = newSecret();
    const e = await gw.seed({ secrets: [{ secret, expiresAt: null }], ...overrides });
    return { id: e.data.integrationId, secret, path: (kind = 'estoque', s = secret) => gw.webhookPath(e.data.integrationId, s, kind) };
  }

  const estoqueEvents = (integrationId: string) => gw.bus.ofType('tiny.estoque.received.v1').filter((e) => e.integrationId === integrationId);

  it('answers 404 with the same body for an unknown integration, a wrong secret, an inactive integration and an unknown kind', async () => {
    const a = await integration();
    const inactive = await integration({ active: false });
    const answers = [
      await gw.post(gw.webhookPath('00000000-0000-4000-8000-000000000000', a.secret, 'estoque'), EXAMPLES.estoque),
      await gw.post(a.path('estoque', newSecret()), EXAMPLES.estoque),
      await gw.post(inactive.path(), EXAMPLES.estoque),
      await gw.post(a.path('cotacao_frete'), EXAMPLES.estoque),
    ];
    for (const r of answers) {
      expect(r.status).toBe(404);
      expect(r.text).toBe(answers[0].text);
    }
    expect(answers[0].json).toEqual({ error: 'not_found', message: expect.any(String) });
  });

  it('answers 403 when idEcommerce or cnpj is not the integration’s, and skips the cnpj check until the account is known', async () => {
    const a = await integration();
    expect((await gw.post(a.path(), { ...EXAMPLES.estoque, idEcommerce: 11111 })).status).toBe(403);
    expect((await gw.post(a.path(), { ...EXAMPLES.estoque, cnpj: '11222333000144' })).status).toBe(403);
    const untested = await integration({ accountCnpj: null });
    expect((await gw.post(untested.path(), { ...EXAMPLES.estoque, cnpj: '11222333000144' })).status).toBe(200);
  });

  it('answers 400 naming the fields of an invalid payload, or a tipo that is not the URL’s kind', async () => {
    const a = await integration();
    const bad = await gw.post(a.path(), { ...EXAMPLES.estoque, dados: { saldo: 'muito', tipoEstoque: 'X' } });
    expect(bad.status).toBe(400);
    const fields = (bad.json as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['dados.idProduto', 'dados.saldo', 'dados.tipoEstoque']);
    const envelope = await gw.post(a.path(), { tipo: 'estoque', dados: EXAMPLES.estoque.dados });
    expect(envelope.status).toBe(400);
    expect((envelope.json as { fields: { field: string }[] }).fields.map((f) => f.field).sort()).toEqual(['cnpj', 'idEcommerce']);
    const wrongKind = await gw.post(a.path('precos'), EXAMPLES.estoque);
    expect(wrongKind.status).toBe(400);
    expect((wrongKind.json as { fields: { field: string }[] }).fields[0].field).toBe('tipo');
    const garbage = await gw.post(a.path(), '{not json', { 'content-type': 'application/json' });
    expect(garbage.status).toBe(400);
    expect(garbage.text).not.toMatch(/at .*\.js|stack/i);
  });

  it('answers 413 for a body over the limit', async () => {
    const a = await integration();
    const res = await gw.post(a.path(), { ...EXAMPLES.estoque, padding: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ error: 'payload_too_large', message: expect.any(String) });
  });

  it('answers 429 to an integration sending faster than its bucket, without touching others', async () => {
    const a = await integration();
    const b = await integration();
    const statuses = await Promise.all(Array.from({ length: 60 }, (_, i) => gw.post(a.path(), variant('estoque', { saldo: `${i}.00` })).then((r) => r.status)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(40);
    expect((await gw.post(b.path(), EXAMPLES.estoque)).status).toBe(200);
    // Each accepted one, and only those, reaches the bus.
    await waitFor(() => estoqueEvents(a.id).length === statuses.filter((s) => s === 200).length, { what: 'accepted ones published' });
  });

  it('interleaves bad requests with good ones: every good one arrives exactly once, nothing else', async () => {
    const a = await integration();
    const sent: string[] = [];
    for (let i = 0; i < 9; i++) {
      // 4 authenticated requests per round: stays inside the bucket of 40
      const saldo = `${1000 + i}.00`;
      const bads = [
        gw.post(a.path('estoque', newSecret()), variant('estoque', { saldo })),
        gw.post(a.path(), { ...(variant('estoque', { saldo }) as object), idEcommerce: 1 }),
        gw.post(a.path(), variant('estoque', { saldo: 'abc' })),
        gw.post(a.path('precos'), variant('estoque', { saldo })),
      ];
      const good = gw.post(a.path(), variant('estoque', { saldo }));
      const [g, ...b] = await Promise.all([good, ...bads]);
      expect(g.status).toBe(200);
      expect(b.map((r) => r.status)).toEqual([404, 403, 400, 400]);
      sent.push(saldo);
    }
    await waitFor(() => estoqueEvents(a.id).length >= sent.length, { what: 'good ones' });
    await new Promise((r) => setTimeout(r, 300));
    const got = estoqueEvents(a.id).map((e) => (e.data as { dados: { saldo: string } }).dados.saldo);
    expect(got.sort()).toEqual(sent.sort());
  });

  it('refuses text PostgreSQL cannot store (NUL, a lone surrogate) with its own 400; the webhooks stored beside it arrive', async () => {
    // Sent together, so they would share one store statement: a bad one must not fail the others with a 503.
    const a = await integration();
    const saldos = Array.from({ length: 6 }, (_, i) => `${2000 + i}.00`);
    const goods = saldos.map((saldo, i) => gw.post(a.path(), variant('estoque', { saldo, idProduto: `77${i}` })));
    const bads = [
      gw.post(a.path(), variant('estoque', { saldo: '1.00', idProduto: '881', sku: 'X\ud800' })),
      gw.post(a.path(), variant('estoque', { saldo: '1.00', idProduto: '882', skuMapeamento: 'A\u0000B' })),
    ];
    const answers = await Promise.all([...goods, ...bads]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 400, 400]);
    expect(answers.slice(6).map((r) => (r.json as { fields: { field: string }[] }).fields.map((f) => f.field))).toEqual([
      ['dados.sku'],
      ['dados.skuMapeamento'],
    ]);
    await waitFor(() => estoqueEvents(a.id).length >= saldos.length, { what: 'the good ones' });
    const got = estoqueEvents(a.id).map((e) => (e.data as { dados: { saldo: string } }).dados.saldo);
    expect(got.sort()).toEqual(saldos);
  });

  it('keeps refusals in a tenant-scoped log with the secret masked, and counts them in metrics', async () => {
    const a = await integration({ tenantId: 'tenant-log' });
    const wrong = newSecret();
    await gw.post(a.path('estoque', wrong), EXAMPLES.estoque);
    await gw.post(a.path(), { ...EXAMPLES.estoque, idEcommerce: 7 });
    const token = await mintDevToken({ tenant: 'tenant-log', profile: 'admin', secret: JWT_SECRET });
    const url = `${gw.url}/integrations/${a.id}/webhooks/rejections`;
    const list = await waitFor(async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { items: { reason: string; status: number; path: string }[] };
      return body.items.length >= 2 ? { res, body, text: JSON.stringify(body) } : null;
    }, { what: 'rejections listed' });
    expect(list.body.items.map((i) => [i.reason, i.status])).toEqual([
      ['id_ecommerce_mismatch', 403],
      ['bad_secret', 404],
    ]);
    expect(list.body.items[0].path).toBe(`/tiny/webhooks/${a.id}/***/estoque`);
    expect(list.text).not.toContain(a.secret);
    expect(list.text).not.toContain(wrong);
    // Another tenant sees nothing (404), no token is 401.
    const other = await mintDevToken({ tenant: 'tenant-other', profile: 'admin', secret: JWT_SECRET });
    expect((await fetch(url, { headers: { authorization: `Bearer ${other}` } })).status).toBe(404);
    expect((await fetch(url)).status).toBe(401);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_webhooks_rejected_total\{[^}]*reason="bad_secret"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/gateway_webhooks_rejected_total\{[^}]*reason="id_ecommerce_mismatch"[^}]*\} [1-9]/);
  });

  it('accepts the previous secret during its grace period and refuses it after', async () => {
    const oldSecret = newSecret();
    const newOne = newSecret();
    const first = await gw.seed({ secrets: [{ secret: oldSecret, expiresAt: null }] });
    const id = first.data.integrationId;
    // config rotates: new current secret, the old one valid for 2 more seconds
    await gw.seed({ integrationId: id, version: 2, secrets: [{ secret: newOne, expiresAt: null }, { secret: oldSecret, expiresAt: new Date(Date.now() + 2000).toISOString() }] });
    expect((await gw.post(gw.webhookPath(id, oldSecret, 'estoque'), variant('estoque', { saldo: '1.00' }))).status).toBe(200);
    expect((await gw.post(gw.webhookPath(id, newOne, 'estoque'), variant('estoque', { saldo: '2.00' }))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2300));
    expect((await gw.post(gw.webhookPath(id, oldSecret, 'estoque'), variant('estoque', { saldo: '3.00' }))).status).toBe(404);
    expect((await gw.post(gw.webhookPath(id, newOne, 'estoque'), variant('estoque', { saldo: '4.00' }))).status).toBe(200);
  });

  it('ignores a config event older than the replica (version guard)', async () => {
    const s1 = newSecret();
    const s2 = newSecret();
    const first = await gw.seed({ version: 5, secrets: [{ secret: s1, expiresAt: null }] });
    const id = first.data.integrationId;
    await gw.seed({ integrationId: id, version: 3, secrets: [{ secret: s2, expiresAt: null }] });
    const row = await gw.sql.query('SELECT version FROM gateway.integrations WHERE integration_id = $1', [id]);
    expect(row.rows[0]).toEqual({ version: 5 });
    expect((await gw.post(gw.webhookPath(id, s1, 'estoque'), EXAMPLES.estoque)).status).toBe(200);
    expect((await gw.post(gw.webhookPath(id, s2, 'estoque'), EXAMPLES.estoque)).status).toBe(404);
  });
});
