import type { SyncRun } from '../../database/sync-runs.repository';
import { syncRunView } from './sync-run.view';

const run = (over: Partial<SyncRun>): SyncRun => ({
  id: 'r1', integrationId: 'i1', tenantId: 't1', kind: 'import', trigger: 'activation', status: 'running',
  startedAt: new Date('2026-01-01T00:00:00Z'), finishedAt: null, heartbeatAt: new Date(), owner: 'me', cursorPage: 1,
  cursorIndex: 0, totalPages: null, pagesDone: 0, productsDone: 0, productsSkipped: 0, errors: 0, tinyCalls: 0, checked: 0,
  driftFound: 0, driftRepaired: 0, details: {}, lastError: null, ...over,
});

describe('sync run progress', () => {
  it('has no fraction before the first page is known', () => {
    expect(syncRunView(run({})).progress).toEqual({ fraction: null, etaSeconds: null });
  });

  it('extrapolates the ETA from the cursor', () => {
    const v = syncRunView(run({ totalPages: 10, cursorPage: 3, cursorIndex: 50, details: { pageSize: 100 } }), new Date('2026-01-01T00:00:25Z'));
    expect(v.progress).toEqual({ fraction: 0.25, etaSeconds: 75 });
    expect(v).not.toHaveProperty('owner');
  });

  it('reports a finished run as complete', () => {
    const v = syncRunView(run({ status: 'done', totalPages: 2, details: { pageSize: 100 }, finishedAt: new Date('2026-01-01T00:01:00Z') }));
    expect(v.progress).toEqual({ fraction: 1, etaSeconds: 0 });
  });
});
