import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG_API_OPTIONS, type ConfigApiOptions } from '../../shared/options';
import { IntegrationWriter } from '../integration-writer';

/**
 * Deletes rotated-out webhook secrets once past their grace period, every WEBHOOK_SECRET_SWEEP_INTERVAL_MS.
 * No event: replicas already hold their expiry and the gateway refuses them from then on; the next
 * published state (any change or a resync) no longer lists them. Idempotent, so replicas may all run it.
 */
@Injectable()
export class ExpiredSecretsSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExpiredSecretsSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG_API_OPTIONS) private readonly options: ConfigApiOptions,
    private readonly writer: IntegrationWriter,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepOnce(), this.options.webhookSecretSweepIntervalMs);
    this.timer.unref();
  }

  /** Stops before the DataSource closes (module destroy runs before application shutdown). */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  sweepOnce(): Promise<void> {
    this.running ??= (async () => {
      try {
        const removed = await this.writer.deleteExpiredSecrets(this.dataSource.manager);
        if (removed > 0) this.logger.log({ removed }, 'expired webhook secrets removed');
      } catch (err) {
        // Next tick tries again (e.g. database briefly down).
        this.logger.warn({ error: err instanceof Error ? err.message : String(err) }, 'expired webhook secrets sweep failed');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
