import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DispatchSettings } from '../dispatch-settings';
import { OrderLinks } from '../order-links.repository';
import { OrderDriver } from './order-driver';

/**
 * Drives orders whose retry time has come: parked while Tiny was unavailable (breaker open, code 6),
 * unknown outcomes left by a crash, and any trigger lost between replicas. Parked orders are retried
 * here, not by the message ladder, so waiting never uses up their tries.
 */
@Injectable()
export class DueOrdersScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DueOrdersScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly links: OrderLinks,
    private readonly driver: OrderDriver,
    private readonly settings: DispatchSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.warn(`sweep failed: ${(err as Error).message}`))
        .finally(() => this.schedule());
    }, this.settings.sweepMs);
    this.timer.unref();
  }

  /** One pass; exposed for tests. */
  async sweep(): Promise<number> {
    const due = await this.links.due(this.settings.concurrency * 4);
    await Promise.all(
      due.map((o) =>
        this.driver.drive(o.tenantId, o.orderId, 'scheduler').catch((err: unknown) => {
          this.logger.warn(`order ${o.orderId}: ${(err as Error).message}`);
        }),
      ),
    );
    return due.length;
  }
}
