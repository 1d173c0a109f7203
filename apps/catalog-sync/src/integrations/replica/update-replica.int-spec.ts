import 'reflect-metadata';
import { createEvent, IntegrationChangedV1, type IntegrationChangedData } from '@app/contracts';
import { Inbox, OutboxPublisher } from '@app/messaging';
import { runMigrations } from '@app/persistence';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import type { DataSource } from 'typeorm';
import { catalogDataSource, closeCatalogDataSource } from '../../database/catalog-data-source';
import type { ImportRunner } from '../../import/run-full-import/import-runner';
import { CatalogDeps } from '../../shared/catalog-deps';
import type { CatalogTinyProvider } from '../../tiny/catalog-tiny.port';
import { UpdateReplica } from './update-replica.usecase';

const data: IntegrationChangedData = {
  integrationId: 'i-resync',
  tenantId: 't1',
  version: 3,
  name: 'Loja',
  active: true,
  deleted: false,
  integrationUser: { id: 'u-int', name: 'Integração' },
  forwardStatus: 'Aprovado',
  tiny: { integratorId: '54321', tokenSealed: 'v1:x', accountKey: 'k', accountCnpj: null, accountName: null, planLimitPerMinute: 60, share: 1 },
  webhook: { secrets: [] },
  rules: {
    customers: { pj: true, pf: true, requireValidEmail: false, onlyUpdate: false },
    products: {
      ignoreCategories: false, keepNameAndDescription: false, keepStatus: false, ignoreBrand: false, keepPrices: false,
      stockType: 'D', deposits: [], priceListId: null, skuMapping: 'codigo',
    },
  },
  statusMapping: [],
  seller: { include: false, map: [] },
};

// config re-publishes on every resync (any service may ask): a new event id, the same version.
const published = (d: IntegrationChangedData) => createEvent(IntegrationChangedV1, { source: 'config', tenantId: d.tenantId, integrationId: d.integrationId, data: d });

describe('UpdateReplica and re-published versions (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let useCase: UpdateReplica;
  let kicks = 0;
  const runs = async () => (await ds.query(`SELECT id, status FROM catalog.sync_runs WHERE integration_id = $1 ORDER BY started_at`, [data.integrationId])) as { id: string; status: string }[];
  const row = async () => ((await ds.query(`SELECT version, updated_at FROM catalog.integrations WHERE integration_id = $1`, [data.integrationId])) as unknown[])[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = catalogDataSource(db.url);
    await runMigrations(ds);
    const deps = new CatalogDeps(ds, new OutboxPublisher('catalog'), new Inbox('catalog'), {} as CatalogTinyProvider);
    useCase = new UpdateReplica(deps, { kick: () => void kicks++ } as unknown as ImportRunner);
  });
  afterAll(async () => {
    await closeCatalogDataSource(db.url);
    await db.drop();
  });

  it('ignores a version it already has: the replica, its import runs and the runner stay as they were', async () => {
    expect(await useCase.execute(published(data))).toBe('stored');
    const [first] = await runs();
    await ds.query(`UPDATE catalog.sync_runs SET status = 'done', finished_at = now() WHERE id = $1`, [first.id]);
    const before = await row();
    const kicked = kicks;

    expect(await useCase.execute(published(data))).toBe('stale');
    expect(await useCase.execute(published({ ...data, version: 2, active: false }))).toBe('stale');
    expect(await row()).toEqual(before);
    expect(await runs()).toEqual([{ id: first.id, status: 'done' }]);
    expect(kicks).toBe(kicked);
  });
});
