import { CatalogHarness } from '../harness';
describe('dbg', () => {
  const h = new CatalogHarness({ account: { products: 300, planLimit: 3000 }, windowMs: 1000 });
  beforeAll(async () => { await h.start(); }, 60_000);
  afterAll(async () => { await h.stop(); }, 30_000);
  it('x', async () => {
    await h.configure({ active: true });
    await new Promise((r) => setTimeout(r, 10000));
    console.log((await h.pg.query('SELECT * FROM catalog.sync_runs')).rows);
    console.log((await h.pg.query('SELECT count(*) FROM catalog.products')).rows);
    console.log((await h.pg.query(`SELECT state, wait_event_type, wait_event, pg_blocking_pids(pid) b, pid, left(query, 60) q, now() - xact_start age FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`)).rows);
    console.log(JSON.stringify(h.sandbox.getCalls('e2e0catalog0000000000000000000000000000000000')));
  }, 60_000);
});
