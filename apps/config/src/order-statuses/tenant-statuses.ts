import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrderStatusRow } from '../database';
import { DEFAULT_ORDER_STATUSES } from '../shared/defaults';
import { refuse } from '../shared/http-errors';

/** A tenant's Uplaces order statuses: the guide's five plus those it registered. */
@Injectable()
export class TenantStatuses {
  async list(m: EntityManager, tenantId: string): Promise<string[]> {
    const extra = await m.getRepository(OrderStatusRow).find({ where: { tenantId }, order: { createdAt: 'ASC' } });
    return [...DEFAULT_ORDER_STATUSES, ...extra.map((s) => s.name).filter((n) => !DEFAULT_ORDER_STATUSES.includes(n))];
  }

  async requireStatus(m: EntityManager, tenantId: string, status: string, field: string): Promise<void> {
    const statuses = await this.list(m, tenantId);
    if (!statuses.includes(status)) {
      throw refuse(`Status da Uplaces não cadastrado: "${status}". Status disponíveis: ${statuses.join(', ')}.`, field);
    }
  }
}
