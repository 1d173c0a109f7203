import { ALL_TENANTS, ResyncRequestedV1 } from '@app/contracts';
import { waitFor } from '@app/testing';
import type { INestMicroservice } from '@nestjs/common';
import { RequestResyncOnBoot } from '../request-resync-on-boot';
import { SCHEMA, SERVICE, bootApp, setupHarness, type Harness } from './harness';

interface OutboxRow {
  body: string;
  published_at: Date | null;
}

describe('RequestResyncOnBoot', () => {
  let h: Harness;
  let app: INestMicroservice | undefined;

  const requests = async (): Promise<OutboxRow[]> =>
    h.dataSource.query(`SELECT body, published_at FROM "${SCHEMA}"."outbox" WHERE type = $1 ORDER BY id`, [ResyncRequestedV1.type]);

  beforeAll(async () => {
    h = await setupHarness();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('asks config to re-publish every integration (through the outbox) when the replica table is empty at boot', async () => {
    ({ app } = await bootApp(h, [], { providers: [RequestResyncOnBoot.forReplica('items')] }));
    const [row] = await waitFor(async () => {
      const rows = await requests();
      return rows.length === 1 && rows[0].published_at ? rows : null;
    }, { what: 'the resync request published' });
    expect(JSON.parse(row.body)).toMatchObject({
      type: ResyncRequestedV1.type,
      source: SERVICE,
      tenantId: ALL_TENANTS,
      data: { requestedBy: SERVICE, reason: 'empty integration replica at boot' },
    });
  });

  it('asks nothing when the replica already has a row', async () => {
    await h.dataSource.query(`INSERT INTO "${SCHEMA}"."items" (sku, n) VALUES ('i-1', 1)`);
    const before = (await requests()).length;
    ({ app } = await bootApp(h, [], { providers: [RequestResyncOnBoot.forReplica('items')] }));
    expect(await app.get(RequestResyncOnBoot).requestIfEmpty()).toBe(false);
    expect(await requests()).toHaveLength(before);
  });

  it('lets the service boot when the check fails (only logged)', async () => {
    ({ app } = await bootApp(h, [], { providers: [RequestResyncOnBoot.forReplica('no_such_table')] }));
    await expect(app.get(RequestResyncOnBoot).requestIfEmpty()).rejects.toThrow(/no_such_table/);
  });
});
