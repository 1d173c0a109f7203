import { hash, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { IntegrationReplicaRow } from '../../database/entities';

/** NOTIFY channel: payload = integration id whose replica row changed (any gateway replica may have applied it). */
export const REPLICA_CHANNEL = 'gateway_integrations';
const FULL_RELOAD_MS = 60_000;

/** What the hot path needs about one integration, in memory. */
export interface CachedIntegration {
  integrationId: string;
  tenantId: string;
  version: number;
  /** active and not deleted */
  usable: boolean;
  integratorId: string;
  accountCnpj: string | null;
  skuMapping: 'codigo' | 'id';
  secrets: { digest: Buffer; expiresAtMs: number | null }[];
  receiptSequence: string;
}

export function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}

/** True when `secret` is the current secret or a previous one still inside its grace period. Constant time per digest. */
export function secretMatches(integration: CachedIntegration, secret: string, nowMs = Date.now()): boolean {
  const digest = sha256(secret);
  let ok = false;
  for (const s of integration.secrets) {
    const valid = s.expiresAtMs === null || s.expiresAtMs > nowMs;
    // Compare every digest (no early exit) so timing says nothing about which one matched.
    if (timingSafeEqual(digest, s.digest) && valid) ok = true;
  }
  return ok;
}

export function toCached(row: IntegrationReplicaRow): CachedIntegration {
  return {
    integrationId: row.integrationId,
    tenantId: row.tenantId,
    version: row.version,
    usable: row.active && !row.deleted,
    integratorId: row.integratorId,
    accountCnpj: row.accountCnpj,
    skuMapping: row.skuMapping === 'id' ? 'id' : 'codigo',
    secrets: row.secretDigests.map((s) => ({
      digest: Buffer.from(s.digest, 'hex'),
      expiresAtMs: s.expiresAt === null ? null : Date.parse(s.expiresAt),
    })),
    receiptSequence: row.receiptSequence,
  };
}

/**
 * In-memory copy of gateway.integrations so the webhook hot path runs no query to authenticate.
 * Kept fresh by LISTEN on REPLICA_CHANNEL (whichever replica consumed the config event NOTIFYs in the
 * same transaction), a full reload on (re)connect, and a slow periodic reload as a safety net.
 */
@Injectable()
export class IntegrationCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IntegrationCache.name);
  private readonly byId = new Map<string, CachedIntegration>();
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.reloadAll();
    void this.listen();
    this.timer = setInterval(() => void this.reloadAll().catch(() => undefined), FULL_RELOAD_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.retry);
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
  }

  get(integrationId: string): CachedIntegration | undefined {
    return this.byId.get(integrationId);
  }

  async reloadAll(): Promise<void> {
    const rows = await this.dataSource.getRepository(IntegrationReplicaRow).find();
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.integrationId);
      this.put(toCached(row));
    }
    for (const id of [...this.byId.keys()]) if (!seen.has(id)) this.byId.delete(id);
  }

  async reload(integrationId: string): Promise<void> {
    const row = await this.dataSource.getRepository(IntegrationReplicaRow).findOneBy({ integrationId });
    if (row) this.put(toCached(row));
    else this.byId.delete(integrationId);
  }

  /** Never goes back to an older version (a slow reload racing a newer NOTIFY). */
  private put(next: CachedIntegration): void {
    const current = this.byId.get(next.integrationId);
    if (!current || current.version <= next.version) this.byId.set(next.integrationId, next);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const o = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: o.url, application_name: 'webhook-gateway replica listener' });
    const again = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      void client.end().catch(() => undefined);
      if (!this.stopped) this.retry = setTimeout(() => void this.listen(), 1000);
    };
    this.listener = client;
    client.on('error', again);
    client.on('end', again);
    client.on('notification', (n) => {
      if (n.payload) void this.reload(n.payload).catch((e: unknown) => this.logger.warn(`replica reload failed: ${String(e)}`));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${REPLICA_CHANNEL}`);
      await this.reloadAll(); // catch up on changes made while not listening
    } catch (error) {
      this.logger.warn(`replica LISTEN failed: ${error instanceof Error ? error.message : String(error)}`);
      again();
    }
  }
}
