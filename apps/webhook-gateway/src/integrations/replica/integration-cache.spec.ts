import { secretMatches, sha256, type CachedIntegration } from './integration-cache';

const integration = (secrets: { secret: string; expiresAtMs: number | null }[]): CachedIntegration => ({
  integrationId: 'i',
  tenantId: 't',
  version: 1,
  usable: true,
  integratorId: '1',
  accountCnpj: null,
  skuMapping: 'codigo',
  receiptSequence: 'receipt_seq_x',
  secrets: secrets.map((s) => ({ digest: sha256(s.secret), expiresAtMs: s.expiresAtMs })),
});

describe('secretMatches', () => {
  const now = 1_000_000;
  const i = integration([
    { secret: 'current', expiresAtMs: null },
    { secret: 'previous', expiresAtMs: now + 1000 },
    { secret: 'older', expiresAtMs: now - 1 },
  ]);

  it('accepts the current secret and a previous one inside its grace period', () => {
    expect(secretMatches(i, 'current', now)).toBe(true);
    expect(secretMatches(i, 'previous', now)).toBe(true);
  });

  it('refuses an expired previous secret and anything else', () => {
    expect(secretMatches(i, 'previous', now + 1000)).toBe(false);
    expect(secretMatches(i, 'older', now)).toBe(false);
    expect(secretMatches(i, 'curren', now)).toBe(false);
    expect(secretMatches(i, '', now)).toBe(false);
  });
});
