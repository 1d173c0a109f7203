import { createTokenVerifier, mintDevToken } from './jwt';
import { normaliseProfile } from './actor';

describe('bearer tokens', () => {
  const verify = createTokenVerifier({ secret: 'test-secret-with-enough-length-000' });

  it('verifies a dev token into an actor', async () => {
    const token = await mintDevToken({ tenant: 't1', user: 'u1', profile: 'admin', secret: 'test-secret-with-enough-length-000' });
    await expect(verify(token)).resolves.toEqual({ tenantId: 't1', userId: 'u1', profile: 'admin' });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await mintDevToken({ tenant: 't1', profile: 'admin', secret: 'another-secret-000000000000000000' });
    await expect(verify(token)).rejects.toThrow();
  });

  it('refuses an expired token', async () => {
    const token = await mintDevToken({ tenant: 't1', profile: 'admin', secret: 'test-secret-with-enough-length-000', expiresInSeconds: -10 });
    await expect(verify(token)).rejects.toThrow();
  });

  it('normalises profile names', () => {
    expect(normaliseProfile(' Integração ')).toBe('integracao');
  });
});
