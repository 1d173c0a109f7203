import { DeadLetters } from '../dead-letters';
import { SCHEMA, setupHarness, type Harness } from './harness';

describe('DeadLetters.list for one tenant (real PostgreSQL)', () => {
  let h: Harness;
  let letters: DeadLetters;

  beforeAll(async () => {
    h = await setupHarness();
    letters = new DeadLetters(h.dataSource, 'test-service');
    const add = (tenantHeader: string | null, body: string) =>
      h.dataSource.query(
        `INSERT INTO "${SCHEMA}"."dead_letters" (routing_key, body, headers, error, attempts) VALUES ('x', $1, $2::jsonb, 'boom', 1)`,
        [body, JSON.stringify(tenantHeader ? { 'x-tenant-id': tenantHeader } : {})],
      );
    // Tenant A's letters are the oldest: 600 of tenant B come after them.
    await add('tenant-a', '{"tenantId":"tenant-a","n":1}');
    await add(null, '{"tenantId":"tenant-a","n":2}'); // no header: the body says whose it is
    await add(null, 'not json at all, mentions tenant-a'); // unreadable: nobody's
    await add(null, '{"tenantId":"tenant-b","note":"tenant-a"}'); // mentions A, belongs to B
    await add('tenant-a', '{"n":3}');
    for (let i = 0; i < 600; i++) await add('tenant-b', `{"tenantId":"tenant-b","n":${i}}`);
  });
  afterAll(() => h?.close());

  it("finds a tenant's letters however many newer ones other tenants have, newest first, paged among its own", async () => {
    const all = await letters.list({ tenantId: 'tenant-a', limit: 50 });
    expect(all.total).toBe(3);
    expect(all.items.map((d) => d.body)).toEqual(['{"n":3}', '{"tenantId":"tenant-a","n":2}', '{"tenantId":"tenant-a","n":1}']);
    const second = await letters.list({ tenantId: 'tenant-a', limit: 2, offset: 2 });
    expect(second.items.map((d) => d.body)).toEqual(['{"tenantId":"tenant-a","n":1}']);
    expect((await letters.list({ tenantId: 'tenant-b', limit: 500 })).total).toBe(601);
    expect((await letters.list({ tenantId: 'tenant-c' })).items).toEqual([]);
  });
});
