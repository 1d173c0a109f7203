import { fingerprint } from '@app/security';
import { TinyNotAvailableError, TinyRateLimitedError } from './errors';
import type { TinyPriority } from './types';

/** Anything that runs SQL: a `pg` Pool/Client or a TypeORM DataSource/EntityManager. */
export interface SqlRunner {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  if (typeof result === 'object' && result !== null && Array.isArray((result as { rows?: unknown }).rows)) {
    return (result as { rows: Record<string, unknown>[] }).rows;
  }
  return [];
}

/**
 * The budget is a sliding log per account (`log_ms`: grant times within the last window, like Tiny counts)
 * plus a pacer for bulk work. Bulk is paced (`tat_ms`, GCRA) and may only fill the window up to the
 * allowance minus a small order reserve; order calls start at once while the window is below the full
 * allowance, else they reserve the slot when the oldest grant leaves it. Leases count calls in flight
 * (code 11). All of it runs in one function call per acquire, under the account row's lock, using the DB
 * clock, so every process and replica shares the same view. See docs/adr/0004-tiny-rate-budget.md.
 */
const schemaSql = (ownerRole: string) => `
SELECT pg_advisory_xact_lock(hashtext('tiny.ensure_schema'));
DO $do$
DECLARE
  as_owner boolean := false;
BEGIN
  -- pg_has_role fails on an unknown role, so look it up first (dev and test databases may not have it).
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ownerRole}') THEN
    as_owner := pg_has_role(current_user, '${ownerRole}', 'MEMBER');
  END IF;
  -- Not CREATE SCHEMA IF NOT EXISTS: it checks CREATE on the database even when the schema exists,
  -- and the group role has none.
  IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'tiny') THEN
    IF as_owner THEN
      CREATE SCHEMA tiny AUTHORIZATION "${ownerRole}";
    ELSE
      CREATE SCHEMA tiny;
    END IF;
  END IF;
  -- Until the end of this transaction: everything below is owned by the group role, so whichever
  -- service boots first, the others may CREATE OR REPLACE it (only an owner may).
  IF as_owner THEN
    SET LOCAL ROLE "${ownerRole}";
  END IF;
END
$do$;
CREATE TABLE IF NOT EXISTS tiny.rate_budget (
  account text PRIMARY KEY,
  tat_ms double precision NOT NULL DEFAULT 0,
  paused_until_ms double precision NOT NULL DEFAULT 0,
  interval_ms double precision NOT NULL DEFAULT 0,
  grants bigint NOT NULL DEFAULT 0,
  pauses bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS tiny.rate_budget_lease (
  id bigserial PRIMARY KEY,
  account text NOT NULL,
  expires_ms double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_budget_lease_account_idx ON tiny.rate_budget_lease (account);
-- Grant times (slots) still inside a window, ascending: the sliding log that orders and bulk share.
ALTER TABLE tiny.rate_budget ADD COLUMN IF NOT EXISTS log_ms double precision[] NOT NULL DEFAULT '{}';
CREATE OR REPLACE FUNCTION tiny.budget_acquire(
  p_account text, p_order boolean, p_window_ms double precision, p_limit integer, p_bulk_limit integer,
  p_bulk_interval_ms double precision, p_catchup_ms double precision, p_max_in_flight integer, p_lease_ms double precision)
RETURNS TABLE (granted boolean, wait_ms double precision, lease_id bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  b tiny.rate_budget%ROWTYPE;
  now_ms double precision;
  slot double precision;
  recent double precision[];
  n integer;
  cap integer;
  busy integer;
  new_id bigint;
BEGIN
  INSERT INTO tiny.rate_budget (account) VALUES (p_account) ON CONFLICT (account) DO NOTHING;
  SELECT * INTO b FROM tiny.rate_budget WHERE account = p_account FOR UPDATE;
  -- clock_timestamp, not now(): the time after we got the row lock.
  now_ms := extract(epoch FROM clock_timestamp()) * 1000;
  -- Slots are granted in non-decreasing order, so checking the window that ends at the new slot is enough.
  -- Older entries can't share a window with any slot we may grant now (>= now - catchup).
  recent := ARRAY(SELECT x FROM unnest(b.log_ms) AS x WHERE x > now_ms - p_catchup_ms - p_window_ms ORDER BY x);
  n := coalesce(array_length(recent, 1), 0);
  IF p_order THEN
    -- Orders may use the whole allowance: immediately while the window has room.
    cap := p_limit;
    slot := greatest(now_ms, b.paused_until_ms);
  ELSE
    -- Bulk is paced and kept under the allowance minus the order reserve. A poller up to p_catchup_ms late
    -- still gets the slot it waited for: the schedule doesn't drift.
    cap := p_bulk_limit;
    slot := greatest(b.tat_ms, b.paused_until_ms, now_ms - p_catchup_ms);
  END IF;
  IF n > 0 THEN
    slot := greatest(slot, recent[n]);
  END IF;
  IF n >= cap THEN
    -- Full for this caller: the earliest slot is when the cap-th most recent grant leaves the window.
    slot := greatest(slot, recent[n - cap + 1] + p_window_ms);
  END IF;
  IF NOT p_order AND slot > now_ms THEN
    RETURN QUERY SELECT false, slot - now_ms, NULL::bigint;
    RETURN;
  END IF;
  -- p_max_in_flight 0: pacing only, no in-flight lease (the batch sub-budget).
  IF p_max_in_flight > 0 THEN
    DELETE FROM tiny.rate_budget_lease WHERE account = p_account AND expires_ms < now_ms;
    SELECT count(*) INTO busy FROM tiny.rate_budget_lease WHERE account = p_account;
    IF busy >= p_max_in_flight THEN
      RETURN QUERY SELECT false, greatest(5, least(p_window_ms / p_limit / 2, 100)), NULL::bigint;
      RETURN;
    END IF;
    INSERT INTO tiny.rate_budget_lease (account, expires_ms) VALUES (p_account, slot + p_lease_ms) RETURNING id INTO new_id;
  END IF;
  -- An order may reserve a future slot (window full); it is logged, so later grants come after it.
  -- Every grant, orders too, moves the bulk pacer: bulk yields the orders' share of the rate, so the
  -- window stays at allowance − reserve and the reserve stays free for the next order.
  UPDATE tiny.rate_budget
     SET tat_ms = greatest(b.tat_ms, slot) + p_bulk_interval_ms,
         log_ms = recent || slot,
         interval_ms = p_window_ms / p_limit, grants = grants + 1, updated_at = clock_timestamp()
   WHERE account = p_account;
  RETURN QUERY SELECT true, greatest(0, slot - now_ms), new_id;
END
$fn$;
CREATE OR REPLACE FUNCTION tiny.budget_pause(p_account text, p_pause_ms double precision)
RETURNS void LANGUAGE sql AS $fn$
  INSERT INTO tiny.rate_budget (account, paused_until_ms, pauses)
  VALUES (p_account, extract(epoch FROM clock_timestamp()) * 1000 + p_pause_ms, 1)
  ON CONFLICT (account) DO UPDATE
    SET paused_until_ms = greatest(tiny.rate_budget.paused_until_ms, EXCLUDED.paused_until_ms),
        pauses = tiny.rate_budget.pauses + 1, updated_at = clock_timestamp();
$fn$;
`;

export interface EnsureTinySchemaOptions {
  /**
   * Group role that owns schema `tiny` and its objects (deploy/postgres/init.sql: `tiny`, with the roles of
   * config, catalog-sync and order-dispatcher as members). When the connected role is a member, the DDL runs
   * under `SET LOCAL ROLE <ownerRole>`; otherwise (no such role, e.g. a dev database) the connected role owns it.
   */
  ownerRole?: string;
}

/**
 * Creates schema `tiny` with the budget tables and functions. Idempotent; safe for concurrent boots and for
 * boots by different service roles (objects are owned by the `tiny` group role). One multi-statement query,
 * so it runs in one implicit transaction on one connection (advisory lock and SET LOCAL ROLE included).
 */
export async function ensureTinySchema(db: SqlRunner, options: EnsureTinySchemaOptions = {}): Promise<void> {
  const ownerRole = options.ownerRole ?? 'tiny';
  // Spliced into the SQL (a multi-statement query takes no parameters): plain identifiers only.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(ownerRole)) throw new RangeError(`invalid ownerRole: ${ownerRole}`);
  await db.query(schemaSql(ownerRole));
}

export interface TinyBudgetSettings {
  /** Tiny plan limit: calls per minute (30 / 60 / 120; 20 for old plans). */
  planLimitPerMinute: number;
  /** Fraction of the plan this integration may use (0..1). Default 1. */
  share?: number;
  /** Length of Tiny's window. Default 60000; tests scale it down. */
  windowMs?: number;
  /**
   * Extra time added to each window when pacing: covers the catch-up tolerance plus the jitter between our
   * grant and Tiny's count (event loop, network). Default min(250, 3 % of windowMs): 60 ms on a 2 s window,
   * 250 ms (0.4 %) on Tiny's minute.
   */
  guardMs?: number;
  /**
   * Calls per window kept free of bulk work so an order call starts at once while bulk saturates the budget.
   * Default max(1, floor(3 % of the allowance)): 3 of 120, 1 of 60. Bulk can use (allowance − reserve); orders all of it.
   */
  orderReserve?: number;
  /** Calls in flight allowed for this integration. Default: under a quarter of the shared limit. */
  maxInFlight?: number;
  /** How long a code 6 pauses the account. Default windowMs. */
  pauseMs?: number;
  /** Tiny's per-minute limit for "batch" services (contato.incluir/alterar, produto.incluir/alterar). Default 5. */
  batchLimitPerMinute?: number;
}

export interface BudgetLease {
  /** Time spent waiting for the slot (ms). */
  readonly waitedMs: number;
  release(): Promise<void>;
}

export interface AcquireOptions {
  priority?: TinyPriority;
  signal?: AbortSignal;
  /** Give up waiting after this long (TinyRateLimitedError). Default: wait until the signal aborts. */
  maxWaitMs?: number;
  /** Expected duration of the call; leases expire after it so a crashed process never blocks others. */
  leaseMs?: number;
  /** A Tiny "batch" service: also takes a slot of the (much smaller) batch sub-budget first. */
  batch?: boolean;
}

/** One FIFO lane: only its head polls the database, so N waiting bulk calls cost one query per slot. */
class Lane {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((r) => (done = r));
    try {
      await prev;
      return await fn();
    } finally {
      done();
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Rate budget of one Tiny account, shared through PostgreSQL by every process that uses the token. */
export class TinyRateBudget {
  readonly account: string;
  /** Calls per window this integration may make: floor(planLimit × share). */
  readonly allowance: number;
  /** Token interval: the mean gap between calls at the full allowance ((window + guard) / allowance). */
  readonly intervalMs: number;
  /** Calls per window kept for order priority (bulk may use allowance − orderReserve). */
  readonly orderReserve: number;
  /** Spacing of bulk calls: (window + guard) / (allowance − orderReserve). */
  readonly bulkIntervalMs: number;
  readonly maxInFlight: number;
  readonly windowMs: number;
  private readonly catchupMs: number;
  /** The window we count in: Tiny's plus the guard. */
  private readonly countWindowMs: number;
  private readonly pauseMs: number;
  private readonly bulkLane = new Lane();
  private readonly batchAllowance: number;

  constructor(
    private readonly db: SqlRunner,
    token: string,
    settings: TinyBudgetSettings,
  ) {
    const share = settings.share ?? 1;
    if (!(share >= 0 && share <= 1)) throw new RangeError('share must be between 0 and 1');
    if (!(settings.planLimitPerMinute > 0)) throw new RangeError('planLimitPerMinute must be > 0');
    // The same key the config event carries as tiny.accountKey: budget rows, breakers and metrics agree.
    this.account = fingerprint(token);
    this.windowMs = settings.windowMs ?? 60_000;
    this.allowance = Math.floor(settings.planLimitPerMinute * share);
    const guard = settings.guardMs ?? Math.min(250, this.windowMs * 0.03);
    this.countWindowMs = this.windowMs + guard;
    this.intervalMs = this.allowance > 0 ? this.countWindowMs / this.allowance : Infinity;
    const reserve = settings.orderReserve ?? Math.max(1, Math.floor(this.allowance * 0.03));
    // Bulk keeps at least one call per window (a reserve as large as the allowance would starve it).
    this.orderReserve = Math.max(0, Math.min(Math.floor(reserve), this.allowance - 1));
    this.bulkIntervalMs = this.allowance > 0 ? this.countWindowMs / (this.allowance - this.orderReserve) : Infinity;
    // A poller that wakes a little late (timers, CPU) keeps its slot; a quarter of the guard, the rest is jitter margin.
    this.catchupMs = Math.min(guard / 4, this.bulkIntervalMs / 4);
    // Tiny counts concurrency per account; stay strictly under a quarter of our share of it.
    this.maxInFlight = settings.maxInFlight ?? Math.max(1, Math.ceil((settings.planLimitPerMinute * share) / 4) - 1);
    this.pauseMs = settings.pauseMs ?? this.windowMs;
    const batchAllowance = Math.floor((settings.batchLimitPerMinute ?? 5) * share);
    this.batchAllowance = batchAllowance;
  }

  /**
   * Waits for a slot. Order priority asks the database directly (granted at once while the window has room,
   * else a reserved slot); bulk goes through the local lane, whose head polls until its paced slot is due.
   */
  async acquire(opts: AcquireOptions = {}): Promise<BudgetLease> {
    if (this.allowance < 1) {
      throw new TinyNotAvailableError('Tiny rate share for this integration is 0', { service: 'budget' });
    }
    const started = Date.now();
    const deadline = opts.maxWaitMs === undefined ? Infinity : started + opts.maxWaitMs;
    const isOrder = opts.priority === 'order';
    if (opts.batch) await this.reserveBatchSlot(opts.signal);
    const loop = async (): Promise<BudgetLease> => {
      for (;;) {
        opts.signal?.throwIfAborted();
        const rows = rowsOf(
          await this.db.query('SELECT granted, wait_ms, lease_id FROM tiny.budget_acquire($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
            this.account, isOrder, this.countWindowMs, this.allowance, this.allowance - this.orderReserve,
            this.bulkIntervalMs, this.catchupMs, this.maxInFlight, opts.leaseMs ?? 60_000,
          ]),
        );
        const row = rows[0] ?? {};
        const wait = Math.max(0, Number(row.wait_ms ?? 0));
        if (row.granted === true) {
          const leaseId = String(row.lease_id);
          try {
            if (wait > 0) await sleep(wait, opts.signal);
          } catch (err) {
            await this.release(leaseId);
            throw err;
          }
          return this.lease(leaseId, Date.now() - started);
        }
        if (Date.now() + wait > deadline) {
          throw new TinyRateLimitedError(`Tiny budget: no slot within ${opts.maxWaitMs} ms`, { service: 'budget' });
        }
        await sleep(Math.max(1, wait), opts.signal);
      }
    };
    return isOrder ? loop() : this.bulkLane.run(loop);
  }

  /** Batch services have their own small per-window quota: reserve a slot in its window and sleep until it. */
  private async reserveBatchSlot(signal?: AbortSignal): Promise<void> {
    if (this.batchAllowance < 1) {
      throw new TinyNotAvailableError('Tiny batch rate share for this integration is 0', { service: 'budget' });
    }
    const rows = rowsOf(
      await this.db.query('SELECT wait_ms FROM tiny.budget_acquire($1, true, $2, $3, $3, 0, 0, 0, 0)', [
        `${this.account}:batch`, this.countWindowMs, this.batchAllowance,
      ]),
    );
    const wait = Math.max(0, Number(rows[0]?.wait_ms ?? 0));
    if (wait > 0) await sleep(wait, signal);
  }

  /** Tiny answered code 6: nobody sharing this account calls again until the window resets. */
  async pause(ms = this.pauseMs): Promise<void> {
    await this.db.query('SELECT tiny.budget_pause($1, $2)', [this.account, ms]);
  }

  private lease(id: string, waitedMs: number): BudgetLease {
    let released = false;
    return {
      waitedMs,
      release: async () => {
        if (released) return;
        released = true;
        await this.release(id);
      },
    };
  }

  private async release(id: string): Promise<void> {
    await this.db.query('DELETE FROM tiny.rate_budget_lease WHERE id = $1', [id]);
  }
}
