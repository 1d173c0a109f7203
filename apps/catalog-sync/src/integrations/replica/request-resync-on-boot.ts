import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ALL_TENANTS, createEvent, ResyncRequestedV1 } from '@app/contracts';
import { SERVICE } from '../../config';
import { CatalogDeps } from '../../shared/catalog-deps';

/**
 * A fresh catalog-sync (empty replica: new database, or config events published before our queue
 * existed) asks config to re-publish every integration, instead of waiting for the next change.
 */
@Injectable()
export class RequestResyncOnBoot implements OnApplicationBootstrap {
  private readonly logger = new Logger(RequestResyncOnBoot.name);

  constructor(private readonly deps: CatalogDeps) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const rows: { n: string }[] = await this.deps.dataSource.query('SELECT count(*) AS n FROM catalog.integrations');
      if (Number(rows[0].n) > 0) return;
      await this.deps.dataSource.transaction((m) =>
        this.deps.outbox.add(
          m,
          createEvent(ResyncRequestedV1, {
            source: SERVICE,
            tenantId: ALL_TENANTS,
            data: { requestedBy: SERVICE, reason: 'empty integration replica at boot' },
          }),
        ),
      );
    } catch (err) {
      this.logger.warn({ err }, 'could not request a config resync');
    }
  }
}
