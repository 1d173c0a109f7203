import { messagingTablesSql } from '@app/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The catalogue, the settings replica, sync runs, and the messaging tables (outbox/inbox/dead letters). */
export class CatalogInitial1764000000000 implements MigrationInterface {
  name = 'CatalogInitial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesSql('catalog').up) await q.query(sql);
    await q.query(`
      CREATE TABLE catalog.integrations (
        integration_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        version integer NOT NULL,
        name text NOT NULL,
        active boolean NOT NULL,
        deleted boolean NOT NULL,
        integration_user_id text NOT NULL,
        token_sealed text NOT NULL,
        account_key text NOT NULL,
        plan_limit_per_minute integer NOT NULL,
        share numeric NOT NULL,
        product_rules jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Products and their variations: each variation is its own Tiny product (own id, SKU, stock, price),
    // linked to its parent by parent_tiny_id.
    await q.query(`
      CREATE TABLE catalog.products (
        integration_id text NOT NULL,
        tiny_id text NOT NULL,
        tenant_id text NOT NULL,
        sku text NOT NULL,
        kind text NOT NULL,
        parent_tiny_id text,
        parent_sku text,
        name text,
        description text,
        brand text,
        category_path jsonb,
        status text,
        unit text,
        gtin text,
        ncm text,
        net_weight_kg numeric,
        gross_weight_kg numeric,
        height_cm numeric,
        width_cm numeric,
        length_cm numeric,
        diameter_cm numeric,
        images jsonb NOT NULL DEFAULT '[]',
        attributes jsonb NOT NULL DEFAULT '[]',
        kit jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, tiny_id)
      )`);
    await q.query(`CREATE INDEX products_sku_idx ON catalog.products (integration_id, sku)`);
    await q.query(`CREATE INDEX products_tenant_idx ON catalog.products (tenant_id, integration_id, sku)`);
    await q.query(`CREATE INDEX products_parent_idx ON catalog.products (integration_id, parent_tiny_id)`);
    await q.query(`
      CREATE TABLE catalog.stock (
        integration_id text NOT NULL,
        tiny_id text NOT NULL,
        sku text NOT NULL,
        quantity numeric NOT NULL,
        stock_type text NOT NULL,
        deposits jsonb NOT NULL DEFAULT '[]',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, tiny_id)
      )`);
    await q.query(`
      CREATE TABLE catalog.prices (
        integration_id text NOT NULL,
        tiny_id text NOT NULL,
        sku text NOT NULL,
        price numeric(14,2) NOT NULL,
        promotional_price numeric(14,2),
        price_list_id text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, tiny_id)
      )`);
    // What was last applied per SKU and field group: the guard that stops an older receipt overwriting a newer one.
    await q.query(`
      CREATE TABLE catalog.applied (
        integration_id text NOT NULL,
        sku text NOT NULL,
        field_group text NOT NULL,
        receipt_seq bigint,
        observed_at timestamptz NOT NULL,
        origin text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, sku, field_group)
      )`);
    await q.query(`
      CREATE TABLE catalog.sync_runs (
        id uuid PRIMARY KEY,
        integration_id text NOT NULL,
        tenant_id text NOT NULL,
        kind text NOT NULL,
        trigger text NOT NULL,
        status text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        owner text,
        cursor_page integer NOT NULL DEFAULT 1,
        cursor_index integer NOT NULL DEFAULT 0,
        total_pages integer,
        pages_done integer NOT NULL DEFAULT 0,
        products_done integer NOT NULL DEFAULT 0,
        products_skipped integer NOT NULL DEFAULT 0,
        errors integer NOT NULL DEFAULT 0,
        tiny_calls integer NOT NULL DEFAULT 0,
        checked integer NOT NULL DEFAULT 0,
        drift_found integer NOT NULL DEFAULT 0,
        drift_repaired integer NOT NULL DEFAULT 0,
        details jsonb NOT NULL DEFAULT '{}',
        last_error text
      )`);
    await q.query(`CREATE INDEX sync_runs_integration_idx ON catalog.sync_runs (integration_id, started_at DESC)`);
    // At most one running import per integration.
    await q.query(
      `CREATE UNIQUE INDEX sync_runs_one_import_idx ON catalog.sync_runs (integration_id) WHERE kind = 'import' AND status = 'running'`,
    );
    // Per-product done markers of an import, committed with the product write.
    await q.query(`
      CREATE TABLE catalog.import_done (
        run_id uuid NOT NULL REFERENCES catalog.sync_runs(id) ON DELETE CASCADE,
        tiny_id text NOT NULL,
        payload jsonb,
        PRIMARY KEY (run_id, tiny_id)
      )`);
    await q.query(`
      CREATE TABLE catalog.reconcile_state (
        integration_id text PRIMARY KEY,
        delta_supported boolean,
        delta_since timestamptz,
        scan_after text,
        last_run_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['reconcile_state', 'import_done', 'sync_runs', 'applied', 'prices', 'stock', 'products', 'integrations']) {
      await q.query(`DROP TABLE IF EXISTS catalog.${t}`);
    }
    for (const sql of messagingTablesSql('catalog').down) await q.query(sql);
  }
}
