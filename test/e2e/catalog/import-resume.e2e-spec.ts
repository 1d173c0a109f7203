import { CatalogHarness, INTEGRATION, TOKEN } from './harness';
import { catalogueDiff } from './catalogue-diff';

// catalog-sync runs as a child process from dist (npm test builds first). It is SIGKILLed in the middle of
// the full import and started again: the import must finish with the catalogue equal to the sandbox, and
// after the restart Tiny must only be asked for what was not committed before the kill (plus the page in flight).
describe('catalog-sync full import survives a SIGKILL', () => {
  const h = new CatalogHarness({ account: { products: 400, planLimit: 3000, seed: 23 }, windowMs: 1000, mode: 'child' });

  beforeAll(async () => {
    await h.start();
  }, 60_000);
  afterAll(async () => {
    await h.stop();
  }, 30_000);

  it('resumes from its cursor and done markers without fetching anything twice', async () => {
    const acc = h.sandbox.account(TOKEN);
    const skus = acc.products.length;
    const pages = Math.ceil(skus / 100);
    const markers = async () => Number((await h.pg.query('SELECT count(*) AS n FROM catalog.import_done')).rows[0].n);

    await h.configure({ active: true });
    await h.waitFor(async () => (await markers()) >= skus * 0.4, 40_000, 20);
    h.child?.kill('SIGKILL');
    await h.child?.exited;
    h.child = undefined;
    // Let PostgreSQL roll back the killed process's open transactions before counting.
    await h.waitFor(async () => Number((await h.pg.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows[0].n) <= 0, 10_000);
    const doneBeforeKill = await markers();
    const cursor = (await h.pg.query(`SELECT cursor_page, status FROM catalog.sync_runs WHERE kind = 'import'`)).rows[0] as { cursor_page: number; status: string };
    expect(cursor.status).toBe('running');
    expect(doneBeforeKill).toBeLessThan(skus);
    const doneIds = new Set((await h.pg.query('SELECT tiny_id FROM catalog.import_done')).rows.map((r: { tiny_id: string }) => r.tiny_id));

    h.sandbox.resetCalls(TOKEN);
    await h.startService();
    await h.waitForImportDone(45_000);

    expect(await catalogueDiff(h.sandbox, TOKEN, h.pg, INTEGRATION, h.rules)).toEqual([]);
    const calls = h.sandbox.getCalls(TOKEN).byService;
    const remaining = acc.products.filter((p) => !doneIds.has(String(p.id)));
    // Each product without a done marker is read exactly once more; the ones with a marker never again.
    expect(calls['produto.obter']?.total ?? 0).toBe(remaining.length);
    expect(calls['produto.obter.estoque']?.total ?? 0).toBe(remaining.filter((p) => p.tipoVariacao !== 'P').length);
    // Pages: from the page in flight (read again) to the last one.
    expect(calls['produtos.pesquisa']?.total ?? 0).toBe(pages - cursor.cursor_page + 1);
  }, 90_000);
});
