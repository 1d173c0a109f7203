import { randomBytes } from 'node:crypto';
import { freePort } from '@app/testing';

/** The four services, their compiled entry points and default ports. */
export const SERVICES = [
  { name: 'config', entry: 'dist/apps/config/src/main.js', port: 3001 },
  { name: 'webhook-gateway', entry: 'dist/apps/webhook-gateway/src/main.js', port: 3002 },
  { name: 'order-dispatcher', entry: 'dist/apps/order-dispatcher/src/main.js', port: 3003 },
  { name: 'catalog-sync', entry: 'dist/apps/catalog-sync/src/main.js', port: 3004 },
] as const;

export const TEST_ENCRYPTION_KEY = randomBytes(32).toString('base64');
export const TEST_JWT_SECRET = `test-jwt-${randomBytes(24).toString('hex')}`;

/** A complete, valid environment for any service (each ignores what it does not declare). */
export function serviceEnv(overrides: Record<string, string>): Record<string, string> {
  return {
    LOG_LEVEL: 'info',
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    JWT_SECRET: TEST_JWT_SECRET,
    TINY_BASE_URL: 'http://127.0.0.1:3100/api2',
    PUBLIC_GATEWAY_URL: 'http://127.0.0.1:3002',
    SHUTDOWN_TIMEOUT_MS: '8000',
    ...overrides,
  };
}

export { freePort };

/** Resolves with `promise`, or rejects after `ms` naming `what`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
