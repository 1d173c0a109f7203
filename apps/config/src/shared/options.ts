import type { DataSource } from 'typeorm';

/** What the config feature modules need from the app (validated env + shared infrastructure). */
export interface ConfigApiOptions {
  dataSource: DataSource;
  encryptionKey: string;
  jwtSecret?: string;
  jwksUrl?: string;
  publicGatewayUrl: string;
  webhookSecretGraceSeconds: number;
  /** Period of the sweep that deletes expired previous webhook secrets (ms). */
  webhookSecretSweepIntervalMs: number;
  tinyBaseUrl: string;
  /** Per-call timeout of Testar (ms). */
  tinyTimeoutMs?: number;
}

export const CONFIG_API_OPTIONS = Symbol('CONFIG_API_OPTIONS');
