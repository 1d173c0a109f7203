import { eventDataFixture } from '../orders/domain/fixtures';
import { customerEligibility, isValidEmail } from './customer-policy';

describe('customer criteria', () => {
  const pj = eventDataFixture('Aprovado', 1).order.customer;
  const pf = { ...pj, type: 'PF' as const, document: '529.982.247-25', stateRegistration: null };
  const all = { pj: true, pf: true, requireValidEmail: false, onlyUpdate: false };

  it('writes allowed customers and not the others', () => {
    expect(customerEligibility(all, pj).writable).toBe(true);
    expect(customerEligibility({ ...all, pj: false }, pj).writable).toBe(false);
    expect(customerEligibility({ ...all, pf: false }, pf).writable).toBe(false);
    expect(customerEligibility({ ...all, pf: false }, pj).writable).toBe(true);
  });

  it('requires a valid e-mail when told to', () => {
    expect(customerEligibility({ ...all, requireValidEmail: true }, { ...pj, email: 'x' }).writable).toBe(false);
    expect(customerEligibility({ ...all, requireValidEmail: true }, { ...pj, email: null }).writable).toBe(false);
    expect(customerEligibility({ ...all, requireValidEmail: true }, pj).writable).toBe(true);
    expect(isValidEmail(' a@b.com.br ')).toBe(true);
    expect(isValidEmail('a@b')).toBe(false);
  });

  it('with only update, needs an existing contact', () => {
    const e = customerEligibility({ ...all, onlyUpdate: true }, pj);
    expect(e).toMatchObject({ writable: true, needsExistingContact: true });
  });
});
