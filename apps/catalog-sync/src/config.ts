import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { IsUrlWithProtocol, SecuredServiceEnv } from '@app/observability';

export const SERVICE = 'catalog-sync';

/**
 * Environment of catalog-sync (catalogue, stock and prices from Tiny), validated at boot by loadConfig.
 * Inherited from SecuredServiceEnv (ENCRYPTION_KEY, JWT_SECRET) and ServiceEnv (redeclaring one here only changes its default): HOST, DATABASE_URL, AMQP_URL, LOG_LEVEL, BODY_LIMIT_BYTES, SHUTDOWN_TIMEOUT_MS.
 * Inject it by class in any provider: `constructor(private readonly env: CatalogSyncEnv) {}`.
 */
export class CatalogSyncEnv extends SecuredServiceEnv {
  override PORT: number = 3004;

  /** Tiny API v2 base (the sandbox in development). */
  @IsUrlWithProtocol(['http:', 'https:'])
  TINY_BASE_URL: string = 'http://127.0.0.1:3100/api2';

  /** Reconciliation period per integration (ms); 0 = only on demand through the ops API. */
  @Type(() => Number) @IsInt() @Min(0)
  RECONCILE_INTERVAL_MS: number = 900_000;

  /** SKUs read per reconciliation by the rolling scan (accounts without lista.atualizacoes.estoque). */
  @Type(() => Number) @IsInt() @Min(1)
  RECONCILE_SCAN_SLICE: number = 200;

  /** produtos.pesquisa pages (100 products each) read per reconciliation for price, status and removal drift. */
  @Type(() => Number) @IsInt() @Min(1)
  RECONCILE_LIST_PAGES: number = 2;

  /** Products read in parallel by the full import (the shared Tiny budget paces them). */
  @Type(() => Number) @IsInt() @Min(1)
  IMPORT_CONCURRENCY: number = 8;

  /** An import whose process stopped heartbeating for this long is resumed by another (ms). */
  @Type(() => Number) @IsInt() @Min(500)
  IMPORT_LEASE_MS: number = 30_000;

  /** Unacked webhook events delivered at once; large, so stock webhooks commit in big groups. */
  @Type(() => Number) @IsInt() @Min(1)
  EVENTS_PREFETCH: number = 128;

  /** Tiny's rate window (ms): 60 000 in production; tests shorten it together with the sandbox's. */
  @Type(() => Number) @IsInt() @Min(100)
  TINY_WINDOW_MS: number = 60_000;
}
