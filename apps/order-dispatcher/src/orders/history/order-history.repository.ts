import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type HistoryKind = 'event' | 'decision' | 'tiny-call' | 'tiny-answer' | 'retry' | 'outcome' | 'tiny-news' | 'ops';

export interface HistoryEntry {
  id: string;
  at: string;
  kind: HistoryKind;
  summary: string;
  detail: unknown;
}

/** Per-order integration history: every event, decision, Tiny call and answer, retry and outcome. */
@Injectable()
export class OrderHistory {
  constructor(private readonly dataSource: DataSource) {}

  async add(
    m: EntityManager,
    tenantId: string,
    orderId: string,
    kind: HistoryKind,
    summary: string,
    detail?: unknown,
  ): Promise<void> {
    await m.query(
      `INSERT INTO dispatch.order_history (tenant_id, order_id, kind, summary, detail) VALUES ($1, $2, $3, $4, $5)`,
      [tenantId, orderId, kind, summary, detail === undefined ? null : JSON.stringify(detail)],
    );
  }

  async list(tenantId: string, orderId: string): Promise<HistoryEntry[]> {
    const rows: { id: string; at: Date; kind: HistoryKind; summary: string; detail: unknown }[] = await this.dataSource.query(
      `SELECT id, at, kind, summary, detail FROM dispatch.order_history WHERE tenant_id = $1 AND order_id = $2 ORDER BY id`,
      [tenantId, orderId],
    );
    return rows.map((r) => ({ id: String(r.id), at: r.at.toISOString(), kind: r.kind, summary: r.summary, detail: r.detail }));
  }
}
