import { Injectable } from '@nestjs/common';
import { Inbox, OutboxPublisher } from '@app/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogWriter } from '../catalog/catalog-writer';
import { CatalogRepository } from '../database/catalog.repository';
import { IntegrationReplicaRepository } from '../integrations/replica/integration-replica.repository';
import type { IntegrationReplica } from '../integrations/replica/integration-replica';
import { CatalogTinyProvider } from '../tiny/catalog-tiny.port';

const REPLICA_CACHE_MS = 1000;

/** What every catalogue use case needs, injected once. */
@Injectable()
export class CatalogDeps {
  readonly repo = new CatalogRepository();
  readonly writer = new CatalogWriter(this.repo);
  readonly replicas = new IntegrationReplicaRepository();

  constructor(
    readonly dataSource: DataSource,
    readonly outbox: OutboxPublisher,
    readonly inbox: Inbox,
    readonly tiny: CatalogTinyProvider,
  ) {}

  private readonly cache = new Map<string, { replica: IntegrationReplica; at: number }>();

  /**
   * The replica of the integration an event belongs to (null: not received from config yet; callers
   * retry). Cached for a second: the hot webhook path reads it per message, and a settings change
   * (cache dropped at once in this process) may take that long to reach other replicas.
   */
  async integration(integrationId: string | undefined, m: EntityManager = this.dataSource.manager): Promise<IntegrationReplica | null> {
    if (!integrationId) return null;
    const hit = this.cache.get(integrationId);
    if (hit && Date.now() - hit.at < REPLICA_CACHE_MS) return hit.replica;
    const replica = await this.replicas.find(m, integrationId);
    if (replica) this.cache.set(integrationId, { replica, at: Date.now() });
    return replica;
  }

  forget(integrationId: string): void {
    this.cache.delete(integrationId);
  }
}
