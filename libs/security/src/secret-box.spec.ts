import { SecretBox, SecretBoxError } from './secret-box';
import { fingerprint, maskSecret, randomSecret, safeEqual } from './fingerprint';

describe('SecretBox', () => {
  const box = new SecretBox(SecretBox.generateKey());

  it('round-trips a secret and never shows it in the sealed form', () => {
    const sealed = box.encrypt('tiny-token-1234');
    expect(sealed).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(sealed).not.toContain('tiny-token-1234');
    expect(box.decrypt(sealed)).toBe('tiny-token-1234');
  });

  it('seals the same value differently each time (random IV)', () => {
    expect(box.encrypt('x')).not.toBe(box.encrypt('x'));
  });

  it('refuses a tampered ciphertext, tag or iv', () => {
    const [v, iv, tag, ct] = box.encrypt('segredo').split(':');
    const flip = (b64: string) => {
      const b = Buffer.from(b64, 'base64');
      b[0] ^= 1;
      return b.toString('base64');
    };
    expect(() => box.decrypt([v, iv, tag, flip(ct)].join(':'))).toThrow(SecretBoxError);
    expect(() => box.decrypt([v, iv, flip(tag), ct].join(':'))).toThrow(SecretBoxError);
    expect(() => box.decrypt([v, flip(iv), tag, ct].join(':'))).toThrow(SecretBoxError);
    expect(() => box.decrypt('garbage')).toThrow(SecretBoxError);
  });

  it('refuses a value sealed with another key', () => {
    const other = new SecretBox(SecretBox.generateKey());
    expect(() => other.decrypt(box.encrypt('segredo'))).toThrow(SecretBoxError);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox(Buffer.alloc(16).toString('base64'))).toThrow(SecretBoxError);
  });
});

describe('fingerprint and secrets', () => {
  it('is short, stable and does not contain the token', () => {
    const token = 'abcdef0123456789abcdef0123456789abcdef01';
    expect(fingerprint(token)).toBe(fingerprint(token));
    expect(fingerprint(token)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(token)).not.toBe(fingerprint(token + '2'));
  });

  it('makes base64url secrets of at least 128 bits and compares them safely', () => {
    const s = randomSecret();
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(safeEqual(s, s)).toBe(true);
    expect(safeEqual(s, randomSecret())).toBe(false);
    expect(safeEqual(s, s.slice(0, 10))).toBe(false);
  });

  it('masks all but the last four characters', () => {
    expect(maskSecret('abcdef0123456789')).toBe('••••6789');
  });
});
