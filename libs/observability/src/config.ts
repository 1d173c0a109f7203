import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  MinLength,
  Max,
  Min,
  registerDecorator,
  validateSync,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Exit the process with code 1 on invalid configuration (default). When false, throws ConfigError. */
  exitOnError?: boolean;
}

type EnvClass<T> = new () => T;

/** The variable names an env class declares (every decorated property). */
function declaredNames(cls: EnvClass<object>): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))];
}

function describe(error: ValidationError, present: boolean): string {
  // Never echo the value: it may be a secret.
  if (!present) return `${error.property} is missing`;
  const reasons = Object.values(error.constraints ?? {}).map((m) => m.replace(new RegExp(`^${error.property} `), ''));
  return `${error.property} is invalid: ${[...new Set(reasons)].join(', ')}`;
}

/**
 * Reads the variables an env class declares from `env`, applies the class defaults, converts and
 * validates them. Empty strings count as missing. On failure prints one line per bad or missing
 * variable (never its value) and exits 1, or throws ConfigError when `exitOnError` is false.
 */
export function loadConfig<T extends object>(
  cls: EnvClass<T>,
  env: Record<string, string | undefined> = process.env,
  options: LoadConfigOptions = {},
): T {
  const names = declaredNames(cls);
  const plain: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') plain[name] = value.trim();
  }
  const config = plainToInstance(cls, plain, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length === 0) return Object.freeze(config);

  const problems = errors
    .sort((a, b) => a.property.localeCompare(b.property))
    .map((e) => describe(e, e.property in plain));
  if (options.exitOnError === false) throw new ConfigError(problems);
  for (const line of problems) process.stderr.write(`Configuration error: ${line}\n`);
  process.exit(1);
}

/** A URL whose protocol is one of `protocols` (e.g. postgres:, amqp:). */
export function IsUrlWithProtocol(protocols: string[], options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isUrlWithProtocol',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`, ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          try {
            const url = new URL(value);
            return protocols.includes(url.protocol) && url.hostname !== '';
          } catch {
            return false;
          }
        },
      },
    });
}

/** Base64 text that decodes to exactly `bytes` bytes (e.g. an AES-256 key). */
export function IsBase64Key(bytes: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isBase64Key',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `must be base64 of exactly ${bytes} bytes (e.g. openssl rand -base64 ${bytes})`, ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
          return Buffer.from(value, 'base64').length === bytes;
        },
      },
    });
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Variables every service reads. Each app extends it in its own `config.ts` and sets its PORT default.
 */
export class ServiceEnv {
  @Type(() => Number)
  @IsInt({ message: 'must be an integer between 1 and 65535' })
  @Min(1, { message: 'must be an integer between 1 and 65535' })
  @Max(65535, { message: 'must be an integer between 1 and 65535' })
  PORT: number = 3000;

  @IsString()
  @IsNotEmpty()
  HOST: string = '0.0.0.0';

  @IsUrlWithProtocol(['postgres:', 'postgresql:'])
  DATABASE_URL!: string;

  @IsUrlWithProtocol(['amqp:', 'amqps:'])
  AMQP_URL!: string;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** Largest accepted HTTP body. */
  @Type(() => Number)
  @IsInt({ message: 'must be a positive integer (bytes)' })
  @Min(1024, { message: 'must be at least 1024 bytes' })
  BODY_LIMIT_BYTES: number = 1024 * 1024;

  /** How long a graceful shutdown may take before the process exits anyway. */
  @Type(() => Number)
  @IsInt({ message: 'must be a positive integer (milliseconds)' })
  @Min(100, { message: 'must be at least 100 ms' })
  SHUTDOWN_TIMEOUT_MS: number = 10000;
}

/**
 * ServiceEnv plus the two secrets every Uplaces service needs: the key that seals Tiny tokens and
 * webhook secrets, and the secret of the bearer tokens its config/ops API accepts.
 */
export class SecuredServiceEnv extends ServiceEnv {
  /** AES-256-GCM key (base64 of 32 bytes) for Tiny tokens and webhook secrets at rest. */
  @IsBase64Key(32)
  ENCRYPTION_KEY!: string;

  /** HS256 secret of the bearer tokens the config and ops APIs accept. */
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET!: string;
}
