import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebhookGatewayEnv } from '../../config';

const EVERY_MS = 10 * 60_000;
const BATCH = 5000;

/** Deletes received webhooks past retention (never inside the dedupe horizon), in small batches. */
@Injectable()
export class PruneReceivedWebhooks implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PruneReceivedWebhooks.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: WebhookGatewayEnv,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.run().catch((e: unknown) => this.logger.warn(`prune failed: ${String(e)}`)), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async run(): Promise<number> {
    const seconds = Math.max(this.env.WEBHOOK_RETENTION_DAYS * 86400, this.env.WEBHOOK_DEDUPE_HORIZON_SECONDS);
    let total = 0;
    for (;;) {
      const rows: unknown[] = await this.dataSource.query(
        `DELETE FROM gateway.received_webhooks WHERE ctid IN (
           SELECT ctid FROM gateway.received_webhooks WHERE received_at < now() - make_interval(secs => $1) LIMIT $2)
         RETURNING 1`,
        [seconds, BATCH],
      );
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  }
}
