import { CatalogHarness, INTEGRATION, TOKEN } from './harness';
import { catalogueDiff } from './catalogue-diff';

interface RunRow {
  id: string;
  trigger: string;
  status: string;
  checked: number;
  drift_found: number;
  drift_repaired: number;
  details: { mode?: string; drift?: { sku: string; was: number | null; now: number; repaired: boolean }[] };
}

// Stock changed in Tiny without a webhook (drift) is found and repaired by reconciliation: periodically
// through lista.atualizacoes.estoque, and on demand through the ops API with the rolling scan once the
// account loses the "API para estoque em tempo real" extension.
describe('catalog-sync reconciliation', () => {
  const h = new CatalogHarness({
    account: { products: 60, planLimit: 3000, seed: 31, realtimeStock: true },
    windowMs: 1000,
    env: { RECONCILE_INTERVAL_MS: '1500', RECONCILE_SCAN_SLICE: '500' },
  });
  const qty = async (tinyId: number) =>
    Number((await h.pg.query('SELECT quantity FROM catalog.stock WHERE tiny_id = $1', [String(tinyId)])).rows[0].quantity);
  const runsReporting = async (sku: string): Promise<RunRow[]> =>
    (await h.pg.query(`SELECT * FROM catalog.sync_runs WHERE kind = 'reconcile' AND status = 'done' ORDER BY started_at`)).rows.filter((r: RunRow) =>
      (r.details.drift ?? []).some((d) => d.sku === sku && d.repaired),
    ) as RunRow[];
  const simple = (n: number) => h.sandbox.account(TOKEN).products.filter((p) => p.tipoVariacao === 'N' && p.classe === 'S').slice(n, n + 2);

  beforeAll(async () => {
    await h.start();
    await h.configure({ active: true });
    await h.waitForImportDone(40_000);
  }, 60_000);
  afterAll(async () => {
    await h.stop();
  }, 30_000);

  it('runs a full import on demand through the ops API, publishing nothing when nothing changed', async () => {
    const before = h.catalogEvents.length;
    const start = await h.ops<{ runId: string; created: boolean }>('POST', `/ops/integrations/${INTEGRATION}/import`);
    expect(start.status).toBe(202);
    expect(start.body.created).toBe(true);
    await h.waitFor(async () => {
      const r = await h.ops<{ status: string; trigger: string; productsDone: number }>('GET', `/ops/sync-runs/${start.body.runId}`);
      return r.body.status === 'done';
    }, 30_000, 200);
    const run = await h.ops<{ trigger: string; productsDone: number }>('GET', `/ops/sync-runs/${start.body.runId}`);
    expect(run.body.trigger).toBe('ops:ops-user');
    expect(run.body.productsDone).toBe(h.sandbox.account(TOKEN).products.length);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.catalogEvents.length).toBe(before);
  }, 40_000);

  it('repairs drift on the next periodic run, through lista.atualizacoes.estoque, and reports it', async () => {
    const drifted = simple(0);
    for (const p of drifted) h.sandbox.setStock(TOKEN, { product: p.id, saldo: 500 + p.id % 7, webhook: false });
    const expected = drifted.map((p) => h.sandbox.account(TOKEN).available(p));
    expect(await qty(drifted[0].id)).not.toBe(expected[0]);

    await h.waitFor(async () => (await Promise.all(drifted.map((p) => qty(p.id)))).every((q, i) => q === expected[i]), 20_000, 200);
    for (const p of drifted) {
      const runs = await runsReporting(p.codigo);
      expect(runs.length).toBeGreaterThan(0);
      expect(runs[0]).toMatchObject({ trigger: 'schedule', details: { mode: 'delta' } });
      // Counted once per drifted SKU: exactly the entries the run lists.
      const listed = runs[0].details.drift ?? [];
      expect(runs[0].drift_found).toBe(listed.length);
      expect(runs[0].drift_repaired).toBe(listed.filter((d) => d.repaired).length);
    }
    expect(await catalogueDiff(h.sandbox, TOKEN, h.pg, INTEGRATION, h.rules)).toEqual([]);
    const calls = h.sandbox.getCalls(TOKEN).byService['lista.atualizacoes.estoque']?.total ?? 0;
    expect(calls).toBeGreaterThan(0);
  }, 40_000);

  it('falls back to the rolling scan without the extension; "reconcile now" on the ops API repairs and reports drift', async () => {
    h.sandbox.updateAccount(TOKEN, { realtimeStock: false });
    const [p] = simple(2);
    h.sandbox.setStock(TOKEN, { product: p.id, saldo: 321, saldoReservado: 1, webhook: false });
    const expected = h.sandbox.account(TOKEN).available(p);

    const start = await h.ops<{ runId: string }>('POST', `/ops/integrations/${INTEGRATION}/reconcile`);
    expect(start.status).toBe(202);
    await h.waitFor(async () => (await qty(p.id)) === expected, 20_000, 200);
    await h.waitFor(async () => (await runsReporting(p.codigo)).some((r) => r.details.mode === 'scan'), 20_000, 200);
    const run = (await runsReporting(p.codigo)).find((r) => r.details.mode === 'scan');
    // Each drifted SKU counted once (the kits holding p drift with it): exactly the entries the run lists.
    const listed = run?.details.drift ?? [];
    expect(listed.filter((d) => d.sku === p.codigo)).toEqual([expect.objectContaining({ now: expected, repaired: true })]);
    expect(run).toMatchObject({ drift_found: listed.length, drift_repaired: listed.filter((d) => d.repaired).length });
    expect(run?.checked).toBeGreaterThanOrEqual(h.sandbox.account(TOKEN).products.filter((x) => x.tipoVariacao !== 'P').length);

    const viaApi = await h.ops<{ items: { id: string; kind: string; driftFound: number; details: { mode?: string } }[] }>(
      'GET',
      `/ops/integrations/${INTEGRATION}/sync-runs?kind=reconcile`,
    );
    expect(viaApi.body.items.some((r) => r.id === run?.id && r.driftFound >= 1 && r.details.mode === 'scan')).toBe(true);
  }, 40_000);
});
