import { Controller, Inject, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { IntegrationChangedV1 } from '@app/contracts';
import { EventsServer } from '@app/messaging';
import { Pool } from 'pg';

/**
 * A stand-in for any consuming service: keeps its own replica of config.integration.changed.v1 in its
 * own table (schema stub_replica), ignoring versions it already has, as every real consumer must.
 */
const POOL = Symbol('POOL');

@Controller()
class StubReplicaController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @EventPattern(IntegrationChangedV1.type)
  async on(@Payload() event: IntegrationChangedV1): Promise<void> {
    const d = event.data;
    await this.pool.query(
      `INSERT INTO stub_replica.integrations (integration_id, tenant_id, version, settings) VALUES ($1, $2, $3, $4)
       ON CONFLICT (integration_id) DO UPDATE SET version = EXCLUDED.version, settings = EXCLUDED.settings
       WHERE stub_replica.integrations.version < EXCLUDED.version`,
      [d.integrationId, d.tenantId, d.version, JSON.stringify(d)],
    );
  }
}

@Module({})
class StubReplicaModule {
  static forRoot(pool: Pool): DynamicModule {
    return { module: StubReplicaModule, controllers: [StubReplicaController], providers: [{ provide: POOL, useValue: pool }] };
  }
}

export async function ensureStubReplicaTable(pool: Pool): Promise<void> {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS stub_replica`);
  await pool.query(`CREATE TABLE IF NOT EXISTS stub_replica.integrations (
    integration_id text PRIMARY KEY, tenant_id text NOT NULL, version int NOT NULL, settings jsonb NOT NULL)`);
}

export interface StubReplicaRow {
  version: number;
  settings: IntegrationChangedV1['data'];
}

export async function readReplica(pool: Pool, integrationId: string): Promise<StubReplicaRow | null> {
  const { rows } = await pool.query<StubReplicaRow>('SELECT version, settings FROM stub_replica.integrations WHERE integration_id = $1', [integrationId]);
  return rows[0] ?? null;
}

/** Starts the stub consumer (its own durable queue `stub-replica` on the events exchange). */
export async function startStubReplica(amqpUrl: string, pool: Pool): Promise<INestApplicationContext & { close(): Promise<void> }> {
  const app = await NestFactory.createMicroservice(StubReplicaModule.forRoot(pool), {
    strategy: new EventsServer({ service: 'stub-replica', url: amqpUrl, retryDelaysMs: [200] }),
    logger: false,
  });
  await app.listen();
  return app;
}
