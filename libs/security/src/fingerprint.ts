import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short, stable id of a Tiny account derived from its token: the key for breakers and the shared rate
 * budget, safe to log and to publish. 16 hex chars (64 bits) of sha256; never the token itself.
 */
export function fingerprint(token: string): string {
  return createHash('sha256').update(`tiny-account:${token}`).digest('hex').slice(0, 16);
}

/** Random secret of `bytes` bytes (default 32 = 256 bits), base64url (URL-safe, no padding). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Constant-time string comparison (different lengths compare false without leaking where). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** What an API may show instead of a secret: `••••` + its last 4 characters. */
export function maskSecret(secret: string): string {
  return `••••${secret.length >= 8 ? secret.slice(-4) : ''}`;
}
