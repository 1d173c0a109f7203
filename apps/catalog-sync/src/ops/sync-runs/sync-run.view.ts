import type { SyncRun } from '../../database/sync-runs.repository';

export interface SyncRunView extends Omit<SyncRun, 'owner' | 'heartbeatAt'> {
  progress: { fraction: number | null; etaSeconds: number | null } | null;
}

/**
 * Import progress from the cursor: positions done over the pages Tiny reported (page size from page 1).
 * ETA extrapolates the rate so far; null until the first page is known.
 */
export function syncRunView(run: SyncRun, now = new Date()): SyncRunView {
  const { owner: _owner, heartbeatAt: _hb, ...rest } = run;
  void _owner;
  void _hb;
  if (run.kind !== 'import') return { ...rest, progress: null };
  const pageSize = Number(run.details.pageSize ?? 0);
  if (!run.totalPages || !pageSize) return { ...rest, progress: { fraction: run.status === 'done' ? 1 : null, etaSeconds: null } };
  const total = run.totalPages * pageSize;
  const done = run.status === 'done' ? total : Math.min(total, (run.cursorPage - 1) * pageSize + run.cursorIndex);
  const fraction = total > 0 ? done / total : 1;
  const elapsed = ((run.finishedAt ?? now).getTime() - run.startedAt.getTime()) / 1000;
  const etaSeconds = run.status !== 'running' ? 0 : fraction > 0 ? Math.round((elapsed * (1 - fraction)) / fraction) : null;
  return { ...rest, progress: { fraction: Math.round(fraction * 1000) / 1000, etaSeconds } };
}
