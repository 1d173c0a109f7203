import { Injectable } from '@nestjs/common';
import { SecretBox } from '@app/security';
import { TinyClientFactory } from '@app/tiny';
import { DataSource } from 'typeorm';
import { IntegrationReplicaRepository } from '../integrations/replica/integration-replica.repository';
import { CatalogTinyProvider, type CatalogTiny } from './catalog-tiny.port';

/** The Tiny client of an integration: token decrypted from the replica, budget = plan limit × share. */
@Injectable()
export class TinyCatalogProvider extends CatalogTinyProvider {
  private readonly replicas = new IntegrationReplicaRepository();

  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly factory: TinyClientFactory,
  ) {
    super();
  }

  async forIntegration(integrationId: string): Promise<CatalogTiny> {
    const integration = await this.replicas.find(this.dataSource.manager, integrationId);
    if (!integration) throw new Error(`integration ${integrationId} not in the local replica`);
    const token = this.secrets.decrypt(integration.tokenSealed);
    return this.factory.forAccount(token, { planLimitPerMinute: integration.planLimitPerMinute, share: integration.share });
  }
}
