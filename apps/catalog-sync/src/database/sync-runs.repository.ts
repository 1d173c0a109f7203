import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export type SyncRunKind = 'import' | 'reconcile';
export type SyncRunStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface SyncRun {
  id: string;
  integrationId: string;
  tenantId: string;
  kind: SyncRunKind;
  trigger: string;
  status: SyncRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  heartbeatAt: Date;
  owner: string | null;
  cursorPage: number;
  cursorIndex: number;
  totalPages: number | null;
  pagesDone: number;
  productsDone: number;
  productsSkipped: number;
  errors: number;
  tinyCalls: number;
  checked: number;
  driftFound: number;
  driftRepaired: number;
  details: Record<string, unknown>;
  lastError: string | null;
}

interface Row {
  id: string; integration_id: string; tenant_id: string; kind: SyncRunKind; trigger: string; status: SyncRunStatus;
  started_at: Date; finished_at: Date | null; heartbeat_at: Date; owner: string | null; cursor_page: number;
  cursor_index: number; total_pages: number | null; pages_done: number; products_done: number; products_skipped: number;
  errors: number; tiny_calls: number; checked: number; drift_found: number; drift_repaired: number;
  details: Record<string, unknown>; last_error: string | null;
}

function fromRow(r: Row): SyncRun {
  return {
    id: r.id, integrationId: r.integration_id, tenantId: r.tenant_id, kind: r.kind, trigger: r.trigger, status: r.status,
    startedAt: r.started_at, finishedAt: r.finished_at, heartbeatAt: r.heartbeat_at, owner: r.owner,
    cursorPage: r.cursor_page, cursorIndex: r.cursor_index, totalPages: r.total_pages, pagesDone: r.pages_done,
    productsDone: r.products_done, productsSkipped: r.products_skipped, errors: r.errors, tinyCalls: r.tiny_calls,
    checked: r.checked, driftFound: r.drift_found, driftRepaired: r.drift_repaired, details: r.details,
    lastError: r.last_error,
  };
}

/** TypeORM answers UPDATE … RETURNING with [rows, count] (INSERT/SELECT with rows): take the rows either way. */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

export class SyncRunsRepository {
  async get(m: EntityManager, id: string): Promise<SyncRun | null> {
    const rows: Row[] = await m.query(`SELECT * FROM catalog.sync_runs WHERE id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async list(
    m: EntityManager,
    filter: { integrationId: string; kind?: SyncRunKind; limit: number; offset: number },
  ): Promise<SyncRun[]> {
    const rows: Row[] = await m.query(
      `SELECT * FROM catalog.sync_runs WHERE integration_id = $1 AND ($2::text IS NULL OR kind = $2)
       ORDER BY started_at DESC LIMIT $3 OFFSET $4`,
      [filter.integrationId, filter.kind ?? null, filter.limit, filter.offset],
    );
    return rows.map(fromRow);
  }

  /** Starts an import unless one is already running for the integration (then returns that one). */
  async startImport(m: EntityManager, integrationId: string, tenantId: string, trigger: string): Promise<{ run: SyncRun; created: boolean }> {
    const rows: Row[] = await m.query(
      `INSERT INTO catalog.sync_runs (id, integration_id, tenant_id, kind, trigger, status)
       VALUES ($1, $2, $3, 'import', $4, 'running')
       ON CONFLICT (integration_id) WHERE kind = 'import' AND status = 'running' DO NOTHING
       RETURNING *`,
      [randomUUID(), integrationId, tenantId, trigger],
    );
    if (rows[0]) return { run: fromRow(rows[0]), created: true };
    const existing: Row[] = await m.query(
      `SELECT * FROM catalog.sync_runs WHERE integration_id = $1 AND kind = 'import' AND status = 'running'`,
      [integrationId],
    );
    return { run: fromRow(existing[0]), created: false };
  }

  async startReconcile(m: EntityManager, integrationId: string, tenantId: string, trigger: string, owner: string): Promise<SyncRun> {
    const rows: Row[] = await m.query(
      `INSERT INTO catalog.sync_runs (id, integration_id, tenant_id, kind, trigger, status, owner)
       VALUES ($1, $2, $3, 'reconcile', $4, 'running', $5) RETURNING *`,
      [randomUUID(), integrationId, tenantId, trigger, owner],
    );
    return fromRow(rows[0]);
  }

  /**
   * Takes a running import nobody is working on (new, ours, or whose owner stopped heartbeating: a
   * crashed process). SKIP LOCKED lets replicas poll together.
   */
  async claimImport(m: EntityManager, owner: string, leaseMs: number, exclude: string[]): Promise<SyncRun | null> {
    const rows = returnedRows<Row>(await m.query(
      `UPDATE catalog.sync_runs SET owner = $1, heartbeat_at = now()
       WHERE id = (
         SELECT id FROM catalog.sync_runs
         WHERE kind = 'import' AND status = 'running' AND NOT (id = ANY($3::uuid[]))
           AND (owner IS NULL OR heartbeat_at < now() - make_interval(secs => $2::float / 1000))
         ORDER BY started_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [owner, leaseMs, exclude],
    ));
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Keeps the lease; false when the run is no longer ours or no longer running (cancelled). */
  async heartbeat(m: EntityManager, id: string, owner: string): Promise<boolean> {
    const rows = returnedRows(await m.query(
      `UPDATE catalog.sync_runs SET heartbeat_at = now() WHERE id = $1 AND owner = $2 AND status = 'running' RETURNING 1`,
      [id, owner],
    ));
    return rows.length > 0;
  }

  /**
   * Gives a run back. After a clean stop (shutdown) anyone may take it at once; after a failure it keeps
   * its owner and is taken again once the lease expires, which spaces out the retries.
   */
  async release(m: EntityManager, id: string, owner: string, error: string | null): Promise<void> {
    await m.query(
      `UPDATE catalog.sync_runs SET owner = CASE WHEN $3::text IS NULL THEN NULL ELSE owner END,
         heartbeat_at = now(), last_error = COALESCE($3, last_error)
       WHERE id = $1 AND owner = $2`,
      [id, owner, error],
    );
  }

  async finish(m: EntityManager, id: string, status: SyncRunStatus, error: string | null = null): Promise<void> {
    await m.query(
      `UPDATE catalog.sync_runs SET status = $2, finished_at = now(), last_error = COALESCE($3, last_error) WHERE id = $1`,
      [id, status, error],
    );
  }

  async cancelImports(m: EntityManager, integrationId: string): Promise<void> {
    await m.query(
      `UPDATE catalog.sync_runs SET status = 'cancelled', finished_at = now()
       WHERE integration_id = $1 AND kind = 'import' AND status = 'running'`,
      [integrationId],
    );
  }

  /** Adds to the counters and merges `details` keys. */
  async progress(
    m: EntityManager,
    id: string,
    add: Partial<Record<'pagesDone' | 'productsDone' | 'productsSkipped' | 'errors' | 'tinyCalls' | 'checked' | 'driftFound' | 'driftRepaired', number>>,
    set: { totalPages?: number; cursorPage?: number; cursorIndex?: number; details?: Record<string, unknown> } = {},
  ): Promise<void> {
    await m.query(
      `UPDATE catalog.sync_runs SET
         pages_done = pages_done + $2, products_done = products_done + $3, products_skipped = products_skipped + $4,
         errors = errors + $5, tiny_calls = tiny_calls + $6, checked = checked + $7, drift_found = drift_found + $8,
         drift_repaired = drift_repaired + $9,
         total_pages = COALESCE($10, total_pages),
         cursor_page = COALESCE($11, cursor_page),
         cursor_index = CASE WHEN $11::int IS NOT NULL THEN COALESCE($12, 0)
                             WHEN $12::int IS NOT NULL THEN GREATEST(cursor_index, $12) ELSE cursor_index END,
         details = details || COALESCE($13::jsonb, '{}'::jsonb),
         heartbeat_at = now()
       WHERE id = $1`,
      [
        id, add.pagesDone ?? 0, add.productsDone ?? 0, add.productsSkipped ?? 0, add.errors ?? 0, add.tinyCalls ?? 0,
        add.checked ?? 0, add.driftFound ?? 0, add.driftRepaired ?? 0, set.totalPages ?? null, set.cursorPage ?? null,
        set.cursorIndex ?? null, set.details ? JSON.stringify(set.details) : null,
      ],
    );
  }

  async appendDetail(m: EntityManager, id: string, key: string, entry: unknown, cap = 100): Promise<void> {
    await m.query(
      `UPDATE catalog.sync_runs SET details = jsonb_set(details, ARRAY[$2],
         CASE WHEN jsonb_array_length(COALESCE(details->$2, '[]'::jsonb)) >= $4 THEN COALESCE(details->$2, '[]'::jsonb)
              ELSE COALESCE(details->$2, '[]'::jsonb) || jsonb_build_array($3::jsonb) END, true)
       WHERE id = $1`,
      [id, key, JSON.stringify(entry), cap],
    );
  }

  async doneMarkers(m: EntityManager, runId: string, tinyIds: string[]): Promise<Map<string, unknown>> {
    const rows: { tiny_id: string; payload: unknown }[] = await m.query(
      `SELECT tiny_id, payload FROM catalog.import_done WHERE run_id = $1 AND tiny_id = ANY($2::text[])`,
      [runId, tinyIds],
    );
    return new Map(rows.map((r) => [r.tiny_id, r.payload]));
  }

  async markDone(m: EntityManager, runId: string, tinyId: string, payload: unknown = null): Promise<void> {
    await m.query(
      `INSERT INTO catalog.import_done (run_id, tiny_id, payload) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [runId, tinyId, payload === null ? null : JSON.stringify(payload)],
    );
  }
}
