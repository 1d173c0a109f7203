import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrderLink } from './domain/order-link';

interface LinkRow {
  tenant_id: string;
  order_id: string;
  integration_id: string;
  order_number: string;
  state: OrderLink['state'];
  last_version: number;
  uplaces_status: string;
  snapshot: OrderLink['snapshot'];
  tiny_order_id: string | null;
  tiny_order_number: string | null;
  tiny_situacao: OrderLink['tinySituacao'];
  desired_situacao: OrderLink['desiredSituacao'];
  pushing_situacao: OrderLink['pushingSituacao'];
  status_failed_for: OrderLink['statusFailedFor'];
  create_attempts: number;
  attempt_open: boolean;
  next_attempt_at: Date | null;
  parked_reason: string | null;
  failure_reason: string | null;
  failure_kind: string | null;
  failed_at: Date | null;
  tiny_status_seq: string | null;
  sent_at: Date | null;
  updated_at: Date;
}

const toLink = (r: LinkRow): OrderLink => ({
  tenantId: r.tenant_id,
  orderId: r.order_id,
  integrationId: r.integration_id,
  orderNumber: r.order_number,
  state: r.state,
  lastVersion: r.last_version,
  uplacesStatus: r.uplaces_status,
  snapshot: r.snapshot,
  tinyOrderId: r.tiny_order_id,
  tinyOrderNumber: r.tiny_order_number,
  tinySituacao: r.tiny_situacao,
  desiredSituacao: r.desired_situacao,
  pushingSituacao: r.pushing_situacao,
  statusFailedFor: r.status_failed_for,
  createAttempts: r.create_attempts,
  attemptOpen: r.attempt_open,
  nextAttemptAt: r.next_attempt_at,
  parkedReason: r.parked_reason,
  failureReason: r.failure_reason,
  failureKind: r.failure_kind,
  failedAt: r.failed_at,
  tinyStatusSeq: r.tiny_status_seq === null ? null : Number(r.tiny_status_seq),
  sentAt: r.sent_at,
  updatedAt: r.updated_at,
});

/** Column names of the fields `update` may change. */
const COLUMNS: Partial<Record<keyof OrderLink, string>> = {
  integrationId: 'integration_id',
  orderNumber: 'order_number',
  state: 'state',
  lastVersion: 'last_version',
  uplacesStatus: 'uplaces_status',
  snapshot: 'snapshot',
  tinyOrderId: 'tiny_order_id',
  tinyOrderNumber: 'tiny_order_number',
  tinySituacao: 'tiny_situacao',
  desiredSituacao: 'desired_situacao',
  pushingSituacao: 'pushing_situacao',
  statusFailedFor: 'status_failed_for',
  createAttempts: 'create_attempts',
  attemptOpen: 'attempt_open',
  nextAttemptAt: 'next_attempt_at',
  parkedReason: 'parked_reason',
  failureReason: 'failure_reason',
  failureKind: 'failure_kind',
  failedAt: 'failed_at',
  tinyStatusSeq: 'tiny_status_seq',
  sentAt: 'sent_at',
};

export type LinkChanges = Partial<Omit<OrderLink, 'tenantId' | 'orderId' | 'updatedAt'>>;

@Injectable()
export class OrderLinks {
  constructor(private readonly dataSource: DataSource) {}

  async get(tenantId: string, orderId: string, m: EntityManager = this.dataSource.manager, lock = false): Promise<OrderLink | null> {
    const rows: LinkRow[] = await m.query(
      `SELECT * FROM dispatch.order_links WHERE tenant_id = $1 AND order_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenantId, orderId],
    );
    return rows[0] ? toLink(rows[0]) : null;
  }

  /** The link of a Tiny notification: by Tiny order id, else by our order number. */
  async findForTiny(
    m: EntityManager,
    integrationId: string,
    tinyOrderId: string | undefined,
    orderNumber: string | undefined,
  ): Promise<OrderLink | null> {
    const rows: LinkRow[] = await m.query(
      `SELECT * FROM dispatch.order_links
        WHERE integration_id = $1 AND (($2::text IS NOT NULL AND tiny_order_id = $2) OR ($3::text IS NOT NULL AND order_number = $3))
        ORDER BY (tiny_order_id = $2) DESC NULLS LAST LIMIT 1 FOR UPDATE`,
      [integrationId, tinyOrderId ?? null, orderNumber ?? null],
    );
    return rows[0] ? toLink(rows[0]) : null;
  }

  async insert(m: EntityManager, link: Omit<OrderLink, 'updatedAt'>): Promise<void> {
    await m.query(
      `INSERT INTO dispatch.order_links (tenant_id, order_id, integration_id, order_number, state, last_version, uplaces_status,
         snapshot, desired_situacao, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        link.tenantId, link.orderId, link.integrationId, link.orderNumber, link.state, link.lastVersion, link.uplacesStatus,
        JSON.stringify(link.snapshot), link.desiredSituacao, link.nextAttemptAt,
      ],
    );
  }

  async update(m: EntityManager, tenantId: string, orderId: string, changes: LinkChanges): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [tenantId, orderId];
    for (const [key, value] of Object.entries(changes)) {
      const column = COLUMNS[key as keyof OrderLink];
      if (!column) throw new Error(`order_links: unknown field ${key}`);
      values.push(key === 'snapshot' ? JSON.stringify(value) : value);
      sets.push(`${column} = $${values.length}`);
    }
    if (!sets.length) return;
    await m.query(
      `UPDATE dispatch.order_links SET ${sets.join(', ')}, updated_at = now() WHERE tenant_id = $1 AND order_id = $2`,
      values,
    );
  }

  /** Orders whose retry time has come (parked, unknown outcomes, lost triggers). */
  async due(limit: number): Promise<{ tenantId: string; orderId: string }[]> {
    const rows: { tenant_id: string; order_id: string }[] = await this.dataSource.query(
      `SELECT tenant_id, order_id FROM dispatch.order_links
        WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= now() AND state IN ('pending', 'sent')
        ORDER BY next_attempt_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, orderId: r.order_id }));
  }

  async listFailed(tenantId: string, limit: number, offset: number): Promise<OrderLink[]> {
    const rows: LinkRow[] = await this.dataSource.query(
      `SELECT * FROM dispatch.order_links WHERE tenant_id = $1 AND (state = 'failed' OR status_failed_for IS NOT NULL)
        ORDER BY failed_at DESC NULLS LAST LIMIT $2 OFFSET $3`,
      [tenantId, limit, offset],
    );
    return rows.map(toLink);
  }
}
