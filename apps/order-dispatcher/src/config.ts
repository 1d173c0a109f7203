import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IsUrlWithProtocol, SecuredServiceEnv } from '@app/observability';

export const SERVICE = 'order-dispatcher';

/**
 * Environment of order-dispatcher (orders to Tiny and back), validated at boot by loadConfig.
 * Inherited from SecuredServiceEnv (ENCRYPTION_KEY, JWT_SECRET) and ServiceEnv (redeclaring one here only changes its default): HOST, DATABASE_URL, AMQP_URL, LOG_LEVEL, BODY_LIMIT_BYTES, SHUTDOWN_TIMEOUT_MS.
 * Inject it by class in any provider: `constructor(private readonly env: OrderDispatcherEnv) {}`.
 */
export class OrderDispatcherEnv extends SecuredServiceEnv {
  override PORT: number = 3003;

  /** Tiny API v2 base (the sandbox in development). */
  @IsUrlWithProtocol(['http:', 'https:'])
  TINY_BASE_URL: string = 'http://127.0.0.1:3100/api2';

  // ---- dispatcher knobs (orders/dispatch-settings.ts) ----
  /** HTTP timeout of one Tiny call. */
  @Type(() => Number) @IsInt() @Min(100) TINY_TIMEOUT_MS: number = 30000;
  /** Length of Tiny's rate window; only tests and benches against the sandbox scale it down. */
  @Type(() => Number) @IsInt() @Min(100) TINY_WINDOW_MS: number = 60000;
  /** How long the Tiny breaker stays open before a probe (tests shorten it). */
  @Type(() => Number) @IsInt() @Min(100) TINY_BREAKER_RESET_MS: number = 30000;
  /** Retry delay of an order parked while Tiny is unavailable (breaker open, code 6). */
  @Type(() => Number) @IsInt() @Min(10) DISPATCH_PARK_MS: number = 15000;
  /** Safety-net retry of an unknown outcome, beside the message retry ladder. */
  @Type(() => Number) @IsInt() @Min(10) DISPATCH_UNKNOWN_RETRY_MS: number = 120000;
  /** How often due (parked / unknown) orders are looked for. */
  @Type(() => Number) @IsInt() @Min(10) DISPATCH_SWEEP_MS: number = 2000;
  /** Orders one process drives at once (each holds a database connection while calling Tiny). */
  @Type(() => Number) @IsInt() @Min(1) @Max(64) DISPATCH_CONCURRENCY: number = 8;
  /** Retry ladder of consumed events, comma-separated milliseconds. */
  @Matches(/^\d+(,\d+)*$/) EVENTS_RETRY_DELAYS_MS: string = '1000,5000,30000,120000';
  /** TEST ONLY: SIGKILL the process right after Tiny created this order number, before the commit. */
  @IsOptional() @IsString() DISPATCH_TEST_CRASH_AFTER_CREATE?: string;
}
