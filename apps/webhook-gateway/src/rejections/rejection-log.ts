import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { metricsRegistry } from '@app/observability';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { WebhookGatewayEnv } from '../config';

export const REJECTION_REASONS = [
  'unknown_integration',
  'bad_secret',
  'unknown_kind',
  'id_ecommerce_mismatch',
  'cnpj_mismatch',
  'kind_mismatch',
  'invalid_payload',
  'body_too_large',
  'rate_limited',
  'store_unavailable',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const webhooksRejected = new Counter({
  name: 'gateway_webhooks_rejected_total',
  help: 'Webhooks refused by the gateway, by reason',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export interface Rejection {
  /** Known integration (tenant) or null: refusals of unknown integrations are only counted. */
  integration: { integrationId: string; tenantId: string } | null;
  reason: RejectionReason;
  status: number;
  kind: string;
  detail: string;
  /** Request path with the secret already masked. */
  path: string;
  remoteIp: string | null;
}

const FLUSH_MS = 250;
const MAX_BUFFERED = 5000;

/**
 * Counts every refusal and keeps the last N per integration in gateway.webhook_rejections for the
 * store's admin. Writes are buffered and batched off the request path, so a flood of bad requests
 * costs one insert per flush, and a full buffer drops entries (still counted) instead of growing.
 */
@Injectable()
export class RejectionLog implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RejectionLog.name);
  private buffer: (Rejection & { at: Date })[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: WebhookGatewayEnv,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  record(r: Rejection): void {
    webhooksRejected.inc({ reason: r.reason });
    if (!r.integration || this.buffer.length >= MAX_BUFFERED) return;
    this.buffer.push({ ...r, at: new Date() });
  }

  /** Writes what is buffered (tests call it to avoid waiting for the timer). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.buffer.length === 0 || !this.dataSource.isInitialized) return;
    const batch = this.buffer;
    this.buffer = [];
    const values: unknown[] = [];
    const rows = batch.map((r, i) => {
      const n = i * 9;
      values.push(r.integration?.integrationId, r.integration?.tenantId, r.reason, r.status, r.kind.slice(0, 50), r.detail.slice(0, 2000), r.path, r.remoteIp, r.at);
      return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}, $${n + 8}, $${n + 9})`;
    });
    try {
      await this.dataSource.query(
        `INSERT INTO gateway.webhook_rejections (integration_id, tenant_id, reason, status, kind, detail, path, remote_ip, rejected_at)
         VALUES ${rows.join(', ')}`,
        values,
      );
      const keep = this.env.WEBHOOK_REJECTIONS_KEPT;
      for (const id of new Set(batch.map((r) => r.integration?.integrationId))) {
        await this.dataSource.query(
          `DELETE FROM gateway.webhook_rejections WHERE integration_id = $1 AND id <= (
             SELECT id FROM gateway.webhook_rejections WHERE integration_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
          [id, keep],
        );
      }
    } catch (error) {
      // Best effort: the log is diagnostics, the counter already has them.
      this.logger.warn(`could not write ${batch.length} rejections: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
