import { createTestDatabase, TestDatabase } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { ensureTinySchema, TinyRateBudget } from './budget';

// deploy/postgres/init.sql: one login role per service, a NOLOGIN group role owning schema `tiny`, the
// Tiny-calling services as its members. Roles are cluster-wide, so this test uses its own random names.
const id = randomBytes(4).toString('hex');
const GROUP = `tiny_grp_${id}`;
const SVC_A = `tiny_svc_a_${id}`;
const SVC_B = `tiny_svc_b_${id}`;
const OUTSIDER_A = `tiny_out_a_${id}`;
const OUTSIDER_B = `tiny_out_b_${id}`;

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databases: TestDatabase[] = [];
const pools: Pool[] = [];

async function asAdmin<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A throwaway database shaped like init.sql: each role may connect and create schemas, public is closed. */
async function database(roles: string[], opts: { tinySchema: boolean }): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  await asAdmin(db.url, async (c) => {
    await c.query(`GRANT CONNECT, CREATE ON DATABASE "${db.name}" TO ${roles.join(', ')}`);
    await c.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    if (opts.tinySchema) await c.query(`CREATE SCHEMA tiny AUTHORIZATION ${GROUP}`);
  });
  return db;
}

function poolAs(db: TestDatabase, role: string): Pool {
  const url = new URL(db.url);
  url.username = role;
  const pool = new Pool({ connectionString: url.toString(), max: 2 });
  pools.push(pool);
  return pool;
}

async function owners(db: TestDatabase): Promise<string[]> {
  return asAdmin(db.url, async (c) => {
    const res = await c.query<{ owner: string }>(`
      SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'tiny'::regnamespace
      UNION SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE pronamespace = 'tiny'::regnamespace
      UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'tiny'`);
    return res.rows.map((r) => r.owner).sort();
  });
}

describe('ensureTinySchema with one database role per service', () => {
  beforeAll(async () => {
    await asAdmin(ADMIN_URL, async (c) => {
      await c.query(`CREATE ROLE ${GROUP} NOLOGIN`);
      for (const r of [SVC_A, SVC_B, OUTSIDER_A, OUTSIDER_B]) await c.query(`CREATE ROLE ${r} LOGIN`);
      await c.query(`GRANT ${GROUP} TO ${SVC_A}, ${SVC_B}`);
    });
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    for (const db of databases) await db.drop();
    // Dropping the databases removed everything the roles owned; now the roles themselves.
    await asAdmin(ADMIN_URL, async (c) => {
      for (const r of [SVC_A, SVC_B, OUTSIDER_A, OUTSIDER_B, GROUP]) await c.query(`DROP ROLE IF EXISTS ${r}`);
    });
  });

  it.each([
    ['schema created by init.sql', true],
    ['schema created by the first boot', false],
  ])('two service roles boot it in turn and concurrently (%s); objects are owned by the group role', async (_label, tinySchema) => {
    const db = await database([SVC_A, SVC_B], { tinySchema });
    const a = poolAs(db, SVC_A);
    const b = poolAs(db, SVC_B);
    await ensureTinySchema(a, { ownerRole: GROUP });
    await ensureTinySchema(b, { ownerRole: GROUP }); // CREATE OR REPLACE FUNCTION: needs the same owner
    await Promise.all([ensureTinySchema(a, { ownerRole: GROUP }), ensureTinySchema(b, { ownerRole: GROUP })]);
    expect(await owners(db)).toEqual([GROUP]);
    // The role is only set for the DDL's transaction.
    expect((await a.query<{ u: string }>('SELECT current_user AS u')).rows[0].u).toBe(SVC_A);

    // Both services use the shared budget through the group's rights.
    const settings = { planLimitPerMinute: 600, windowMs: 1000 };
    await (await new TinyRateBudget(a, 'roles-token', settings).acquire()).release();
    await (await new TinyRateBudget(b, 'roles-token', settings).acquire({ priority: 'order' })).release();
    await new TinyRateBudget(b, 'roles-token', settings).pause(1);
    const rows = await a.query<{ grants: string; pauses: string }>('SELECT grants, pauses FROM tiny.rate_budget');
    expect(rows.rows).toEqual([{ grants: '2', pauses: '1' }]);
  });

  it('without the group role, a second service role cannot take over what the first created (what the group fixes)', async () => {
    const db = await database([OUTSIDER_A, OUTSIDER_B], { tinySchema: false });
    await ensureTinySchema(poolAs(db, OUTSIDER_A), { ownerRole: GROUP });
    expect(await owners(db)).toEqual([OUTSIDER_A]);
    await expect(ensureTinySchema(poolAs(db, OUTSIDER_B), { ownerRole: GROUP })).rejects.toThrow(/permission denied|must be owner/);
  });

  it('rejects an owner role that is not a plain identifier', async () => {
    await expect(ensureTinySchema(new Pool(), { ownerRole: 'tiny"; DROP SCHEMA x; --' })).rejects.toThrow(RangeError);
  });
});
