import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when a sealed value is malformed, was tampered with, or was sealed with another key. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * AES-256-GCM sealing of secrets at rest (Tiny tokens, webhook secrets).
 * Sealed form: `v1:<iv b64>:<tag b64>:<ciphertext b64>`; the key is ENCRYPTION_KEY (base64 of 32 bytes),
 * shared by every service that must read the secrets published by config.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: string | Buffer) {
    const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
    if (bytes.length !== 32) throw new SecretBoxError('ENCRYPTION_KEY must be base64 of exactly 32 bytes');
    this.key = bytes;
  }

  /** A fresh random key, base64 (for tests and `.env` examples). */
  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  static isSealed(value: string): boolean {
    return /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/.test(value);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64'), tag.toString('base64'), ct.toString('base64')].join(':');
  }

  decrypt(sealed: string): string {
    const parts = typeof sealed === 'string' ? sealed.split(':') : [];
    if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('Sealed value has an unknown format');
    const [, ivB64, tagB64, ctB64] = parts;
    const iv = Buffer.from(ivB64, 'base64');
    const tag = Buffer.from(tagB64, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('Sealed value has an unknown format');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ctB64, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      // Never echo the input: it may be (part of) a secret.
      throw new SecretBoxError('Sealed value could not be opened (tampered or wrong key)');
    }
  }
}
