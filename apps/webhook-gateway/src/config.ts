import { IsString, MinLength } from 'class-validator';
import { IsBase64Key, ServiceEnv } from '@app/observability';

export const SERVICE = 'webhook-gateway';

/**
 * Environment of webhook-gateway (the public endpoint Tiny calls), validated at boot by loadConfig.
 * Inherited from ServiceEnv (redeclaring one here only changes its default): HOST, DATABASE_URL, AMQP_URL, LOG_LEVEL, BODY_LIMIT_BYTES, SHUTDOWN_TIMEOUT_MS.
 * Inject it by class in any provider: `constructor(private readonly env: WebhookGatewayEnv) {}`.
 */
export class WebhookGatewayEnv extends ServiceEnv {
  override PORT: number = 3002;

  /** Tiny's webhooks are small; refuse anything larger early. */
  override BODY_LIMIT_BYTES: number = 262144;

  /** AES-256-GCM key (base64 of 32 bytes) for Tiny tokens and webhook secrets at rest. */
  @IsBase64Key(32)
  ENCRYPTION_KEY!: string;

  /** HS256 secret of the bearer tokens the config and ops APIs accept. */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET!: string;
}
