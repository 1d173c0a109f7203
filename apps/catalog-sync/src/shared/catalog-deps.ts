import { Injectable } from '@nestjs/common';
import { Inbox, OutboxPublisher } from '@app/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogWriter } from '../catalog/catalog-writer';
import { CatalogRepository } from '../database/catalog.repository';
import { IntegrationReplicaRepository } from '../integrations/replica/integration-replica.repository';
import type { IntegrationReplica } from '../integrations/replica/integration-replica';
import { CatalogTinyProvider } from '../tiny/catalog-tiny.port';

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

  /** The replica of an integration the event belongs to; a missing one is retried (config may not have reached us yet). */
  async integration(integrationId: string | undefined, m: EntityManager = this.dataSource.manager): Promise<IntegrationReplica | null> {
    if (!integrationId) return null;
    return this.replicas.find(m, integrationId);
  }
}
