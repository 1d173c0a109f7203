import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ALL_TENANTS, ResyncRequestedV1 } from '@app/contracts';
import { Inbox } from '@app/messaging';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { IntegrationRow } from '../../database';
import { IntegrationWriter } from '../integration-writer';

export const RESYNC_CONSUMER = 'config.resync';

/** Re-publishes the current state of every integration in scope (versions unchanged: replicas that have it ignore it). */
@Controller()
export class ResyncMessageController {
  private readonly logger = new Logger(ResyncMessageController.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Inbox) private readonly inbox: Inbox,
    private readonly writer: IntegrationWriter,
  ) {}

  @EventPattern(ResyncRequestedV1.type)
  async on(@Payload() event: ResyncRequestedV1): Promise<void> {
    const where: FindOptionsWhere<IntegrationRow> = {};
    if (event.tenantId !== ALL_TENANTS) where.tenantId = event.tenantId;
    if (event.integrationId) where.id = event.integrationId;
    const count = await this.dataSource.transaction(async (m) => {
      if (!(await this.inbox.claim(m, RESYNC_CONSUMER, event.id))) return 0;
      const rows = await m.getRepository(IntegrationRow).find({ where, order: { createdAt: 'ASC' } });
      for (const row of rows) await this.writer.publish(m, row);
      return rows.length;
    });
    this.logger.log({ requestedBy: event.data.requestedBy, count }, 'integrations re-published');
  }
}
