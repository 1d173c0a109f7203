// Shared setup of the messaging integration tests: throwaway DB + vhost, a sample event, a Nest app.
import { IntegrationEvent, Type, ValidateNested, createEvent, registerEvent } from '@app/contracts';
import { createDataSource, messagingTablesSql, runMigrations } from '@app/persistence';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '@app/testing';
import type { INestMicroservice, Provider, Type as NestType } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsInt, IsString } from 'class-validator';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { EventsServer, type EventsServerOptions } from '../events-server';
import { MessagingModule, type MessagingModuleOptions } from '../messaging.module';

export const SCHEMA = 'svc';
export const SERVICE = 'test-service';

export class SampleData {
  @IsString() sku!: string;
  @IsInt() n!: number;
}

export class SampleCreatedV1 extends IntegrationEvent<SampleData> {
  static readonly type = 'test.sample.created.v1';
  @ValidateNested() @Type(() => SampleData) data!: SampleData;
}
registerEvent(SampleCreatedV1);

export function sample(n: number, sku = `SKU-${n}`): SampleCreatedV1 {
  return createEvent(SampleCreatedV1, { source: 'test', tenantId: 'tenant-1', data: { sku, n } });
}

class Init1700000000000 implements MigrationInterface {
  name = 'Init1700000000000';
  async up(q: QueryRunner) {
    for (const sql of messagingTablesSql(SCHEMA).up) await q.query(sql);
    await q.query(`CREATE TABLE "${SCHEMA}"."items" (sku text PRIMARY KEY, n int NOT NULL)`);
    await q.query(`CREATE TABLE "${SCHEMA}"."effects" (message_id text PRIMARY KEY, sku text NOT NULL)`);
  }
  async down(q: QueryRunner) {
    for (const sql of messagingTablesSql(SCHEMA).down) await q.query(sql);
  }
}

export interface Harness {
  db: TestDatabase;
  vhost: TestVhost;
  dataSource: DataSource;
  close(): Promise<void>;
}

export async function setupHarness(): Promise<Harness> {
  const [db, vhost] = await Promise.all([createTestDatabase(), createTestVhost()]);
  const dataSource = createDataSource({ url: db.url, schema: SCHEMA, migrations: [Init1700000000000], poolSize: 20 });
  await runMigrations(dataSource);
  return {
    db,
    vhost,
    dataSource,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await Promise.all([db.drop(), vhost.drop()]);
    },
  };
}

/** Boots a real Nest microservice: MessagingModule (outbox relay) + EventsServer + the given controllers. */
export async function bootApp(
  h: Harness,
  controllers: NestType[],
  opts: { server?: Partial<EventsServerOptions>; module?: Partial<MessagingModuleOptions>; providers?: Provider[] } = {},
): Promise<{ app: INestMicroservice; server: EventsServer }> {
  const moduleRef = await Test.createTestingModule({
    imports: [MessagingModule.forRoot({ service: SERVICE, url: h.vhost.url, dataSource: h.dataSource, relay: { pollIntervalMs: 200 }, ...opts.module })],
    controllers,
    providers: [{ provide: 'DATA_SOURCE', useValue: h.dataSource }, ...(opts.providers ?? [])],
  }).compile();
  const server = new EventsServer({ service: SERVICE, url: h.vhost.url, dataSource: h.dataSource, ...opts.server });
  const app = moduleRef.createNestMicroservice({ strategy: server });
  await app.listen();
  return { app, server };
}

export async function effectCount(ds: DataSource): Promise<number> {
  const [{ count }]: { count: string }[] = await ds.query(`SELECT count(*) AS count FROM "${SCHEMA}"."effects"`);
  return Number(count);
}
