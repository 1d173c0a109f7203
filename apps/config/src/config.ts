import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { IsUrlWithProtocol, SecuredServiceEnv } from '@app/observability';

export const SERVICE = 'config';

/**
 * Environment of config (integrations, credentials, rules, status mappings), validated at boot by loadConfig.
 * Inherited from SecuredServiceEnv (ENCRYPTION_KEY, JWT_SECRET) and ServiceEnv (redeclaring one here only changes its default): HOST, DATABASE_URL, AMQP_URL, LOG_LEVEL, BODY_LIMIT_BYTES, SHUTDOWN_TIMEOUT_MS.
 * Inject it by class in any provider: `constructor(private readonly env: ConfigServiceEnv) {}`.
 */
export class ConfigServiceEnv extends SecuredServiceEnv {
  override PORT: number = 3001;

  /** Tiny API v2 base (the sandbox in development). */
  @IsUrlWithProtocol(['http:', 'https:'])
  TINY_BASE_URL: string = 'http://127.0.0.1:3100/api2';

  /** Public base URL of webhook-gateway; the notification URLs shown to admins start with it. */
  @IsUrlWithProtocol(['http:', 'https:'])
  PUBLIC_GATEWAY_URL!: string;

  /** How long a rotated-out webhook secret stays valid, so Tiny can be updated. */
  @Type(() => Number)
  @IsInt({ message: 'must be an integer (seconds)' })
  @Min(0, { message: 'must be 0 or more seconds' })
  WEBHOOK_SECRET_GRACE_SECONDS: number = 86400;

  /** How often rotated-out webhook secrets past their grace period are deleted. */
  @Type(() => Number)
  @IsInt({ message: 'must be an integer (milliseconds)' })
  @Min(100, { message: 'must be at least 100 ms' })
  WEBHOOK_SECRET_SWEEP_INTERVAL_MS: number = 60000;

  /** When set, bearer tokens are verified against this JWKS (identity provider) instead of JWT_SECRET. */
  @IsOptional()
  @IsUrlWithProtocol(['http:', 'https:'])
  JWKS_URL?: string;
}
