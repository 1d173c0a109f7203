import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { IsBase64Key, IsUrlWithProtocol, ServiceEnv } from '@app/observability';

export const SERVICE = 'config';

/**
 * Environment of config (integrations, credentials, rules, status mappings), validated at boot by loadConfig.
 * Inherited from ServiceEnv (redeclaring one here only changes its default): HOST, DATABASE_URL, AMQP_URL, LOG_LEVEL, BODY_LIMIT_BYTES, SHUTDOWN_TIMEOUT_MS.
 * Inject it by class in any provider: `constructor(private readonly env: ConfigServiceEnv) {}`.
 */
export class ConfigServiceEnv extends ServiceEnv {
  override PORT: number = 3001;

  /** AES-256-GCM key (base64 of 32 bytes) for Tiny tokens and webhook secrets at rest. */
  @IsBase64Key(32)
  ENCRYPTION_KEY!: string;

  /** HS256 secret of the bearer tokens the config and ops APIs accept. */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET!: string;

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
