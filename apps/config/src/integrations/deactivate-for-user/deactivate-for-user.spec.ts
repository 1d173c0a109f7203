import { integrationUserProblem } from '../../users/user-directory';
import { deactivationReason, systemActor } from './deactivate-for-user';

describe('an integration user that can no longer act', () => {
  it.each([
    [{ name: 'Integração', profile: 'Integração', active: true }, null],
    [{ name: 'Integração', profile: ' INTEGRACAO ', active: true }, null],
    [{ name: 'Ana', profile: 'Integração', active: false }, /"Ana" foi desativado na Uplaces/],
    [{ name: 'Ana', profile: 'Vendedor', active: true }, /"Ana" não tem mais o perfil Integração \(perfil atual: "Vendedor"\)/],
    [{ name: 'Ana', profile: 'Vendedor', active: false }, /foi desativado/],
  ])('%p → %p', (user, expected) => {
    const reason = deactivationReason(user);
    if (expected === null) {
      expect(reason).toBeNull();
      expect(integrationUserProblem(user)).toBeNull();
    } else {
      expect(reason).toMatch(expected);
      expect(reason).toMatch(/^Desativada automaticamente: .* ative a integração de novo\.$/);
      // The refusal when choosing it agrees that it cannot act.
      expect(integrationUserProblem(user)).not.toBeNull();
    }
  });

  it('is changed by the "system" actor of the tenant', () => {
    expect(systemActor('t-1')).toEqual({ tenantId: 't-1', userId: 'system', profile: 'system' });
  });
});
