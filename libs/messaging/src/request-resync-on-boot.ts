import { Logger, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { ALL_TENANTS, createEvent, ResyncRequestedV1 } from '@app/contracts';
import type { DataSource } from 'typeorm';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.module';
import { OutboxPublisher } from './outbox-publisher';
import { schemaOf } from './schema';

export const EMPTY_REPLICA_REASON = 'empty integration replica at boot';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * A service whose replica of config's integrations is empty at boot (new database, or config published
 * before its queue existed) asks config to re-publish every integration (config.resync.requested.v1, through
 * its outbox) instead of waiting for the next change. Config answers on the exchange, to every consumer:
 * replicas ignore a version they already have (docs/adr/0005).
 *
 * Runs at onApplicationBootstrap: bootstrapService has bound the service's queue by then, so the answer
 * cannot arrive before the queue exists.
 */
export class RequestResyncOnBoot implements OnApplicationBootstrap {
  private readonly logger = new Logger(RequestResyncOnBoot.name);
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
    private readonly service: string,
    replicaTable: string,
  ) {
    this.table = `${quote(schemaOf(dataSource))}.${quote(replicaTable)}`;
  }

  /** The provider to list in a service's module; `replicaTable` is in the service's schema (MessagingModule's DataSource). */
  static forReplica(replicaTable: string): Provider {
    return {
      provide: RequestResyncOnBoot,
      inject: [MESSAGING_OPTIONS, OutboxPublisher],
      useFactory: (options: MessagingModuleOptions, outbox: OutboxPublisher) =>
        new RequestResyncOnBoot(options.dataSource, outbox, options.service, replicaTable),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      if (await this.requestIfEmpty()) this.logger.log(`${this.table} is empty: asked config to re-publish every integration`);
    } catch (error) {
      // Not fatal: the replica still fills on the next change, and the next boot asks again.
      this.logger.warn(`could not request a config resync: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Puts config.resync.requested.v1 (every tenant) on the outbox when the replica has no row; true when it did. */
  async requestIfEmpty(): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const rows: { present: boolean }[] = await m.query(`SELECT EXISTS (SELECT 1 FROM ${this.table}) AS present`);
      if (rows[0].present) return false;
      await this.outbox.add(
        m,
        createEvent(ResyncRequestedV1, {
          source: this.service,
          tenantId: ALL_TENANTS,
          data: { requestedBy: this.service, reason: EMPTY_REPLICA_REASON },
        }),
      );
      return true;
    });
  }
}
