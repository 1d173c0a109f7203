import { Injectable } from '@nestjs/common';
import type { IntegrationChangedV1 } from '@app/contracts';
import { DataSource } from 'typeorm';
import { IntegrationReplica } from './integration-replica.repository';
import { settingsFromEvent } from './integration-settings';

/** Keeps the local replica of an integration; an event whose version is not newer is ignored. */
@Injectable()
export class ApplyIntegrationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly replica: IntegrationReplica,
  ) {}

  async execute(event: IntegrationChangedV1): Promise<boolean> {
    const settings = settingsFromEvent(event.data);
    const applied = await this.dataSource.transaction((m) => this.replica.apply(m, settings));
    if (applied) {
      // Orders parked for credentials/plan problems get another chance with the new settings.
      await this.dataSource.query(
        `UPDATE dispatch.order_links SET next_attempt_at = now() WHERE integration_id = $1 AND next_attempt_at > now()`,
        [settings.integrationId],
      );
    }
    return applied;
  }
}
