import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntegrationReplicaRow, WebhookRejectionRow } from '../../database/entities';

export interface RejectionView {
  id: string;
  at: string;
  reason: string;
  status: number;
  kind: string;
  detail: string;
  /** The request path, secret masked as ***. */
  path: string;
  remoteIp: string | null;
}

@Injectable()
export class ListRejections {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first; null when the integration is not the caller tenant's (same answer as unknown). */
  async execute(tenantId: string, integrationId: string, page: { limit: number; offset: number }): Promise<RejectionView[] | null> {
    const integration = await this.dataSource.getRepository(IntegrationReplicaRow).findOneBy({ integrationId, tenantId });
    if (!integration) return null;
    const rows = await this.dataSource.getRepository(WebhookRejectionRow).find({
      where: { integrationId, tenantId },
      order: { id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return rows.map((r) => ({
      id: String(r.id),
      at: r.rejectedAt.toISOString(),
      reason: r.reason,
      status: r.status,
      kind: r.kind,
      detail: r.detail,
      path: r.path,
      remoteIp: r.remoteIp,
    }));
  }
}
