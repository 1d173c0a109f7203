import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { SecuredServiceEnv } from '@app/observability';

export const SERVICE = 'webhook-gateway';

/**
 * Environment of webhook-gateway (the public endpoint Tiny calls), validated at boot by loadConfig.
 * Inherited from SecuredServiceEnv (ENCRYPTION_KEY, JWT_SECRET) and ServiceEnv (redeclaring one here only changes its default): HOST, DATABASE_URL, AMQP_URL, LOG_LEVEL, BODY_LIMIT_BYTES, SHUTDOWN_TIMEOUT_MS.
 * Inject it by class in any provider: `constructor(private readonly env: WebhookGatewayEnv) {}`.
 */
export class WebhookGatewayEnv extends SecuredServiceEnv {
  override PORT: number = 3002;

  /** Tiny's webhooks are small; refuse anything larger early. */
  override BODY_LIMIT_BYTES: number = 262144;

  /** Largest webhook body; larger ones get 413 (BODY_LIMIT_BYTES caps the other routes). */
  @Type(() => Number) @IsInt() @Min(1024) WEBHOOK_BODY_LIMIT_BYTES: number = 262144;

  /** Per-integration token bucket: sustained webhooks per second and burst size; beyond it 429. */
  @Type(() => Number) @IsInt() @Min(1) WEBHOOK_RATE_PER_SECOND: number = 100;
  @Type(() => Number) @IsInt() @Min(1) WEBHOOK_RATE_BURST: number = 500;

  /** A resend of the latest notification about an entity within this window is answered 200 without a new event. */
  @Type(() => Number) @IsInt() @Min(0) WEBHOOK_DEDUPE_HORIZON_SECONDS: number = 7200;

  /** Connections of the hot-path pool (raw pg, one statement per webhook). */
  @Type(() => Number) @IsInt() @Min(1) @Max(200) WEBHOOK_PG_POOL_SIZE: number = 16;

  /**
   * Store statements in flight at once (group commit): webhooks arriving meanwhile wait and are stored
   * together by the next one. Small: each statement is one transaction and one WAL flush (one in flight
   * makes the biggest batches, see ADR 0006).
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(64) WEBHOOK_STORE_IN_FLIGHT: number = 1;

  /** Rejections kept per integration in the log the ops API shows. */
  @Type(() => Number) @IsInt() @Min(10) WEBHOOK_REJECTIONS_KEPT: number = 1000;

  /** Received webhooks older than this are deleted (never less than the dedupe horizon). */
  @Type(() => Number) @IsInt() @Min(1) WEBHOOK_RETENTION_DAYS: number = 30;
}
