import { defaultRules, DEFAULT_ORDER_STATUSES, DEFAULT_STATUS_MAPPING } from '../../shared/defaults';
import { RuleViolation, validateCustomerRules, validateProductRules, validateSeller, validateStatusMapping } from './rules-validation';

describe('status mapping validation', () => {
  it('accepts the guide example mapping', () => {
    expect(validateStatusMapping(DEFAULT_STATUS_MAPPING, DEFAULT_ORDER_STATUSES)).toHaveLength(5);
  });

  it('refuses a Tiny situação that does not exist, naming it', () => {
    expect(() => validateStatusMapping([{ uplacesStatus: 'Entregue', tinySituacao: 'despachado' }], DEFAULT_ORDER_STATUSES)).toThrow(
      /Situação do Tiny desconhecida: "despachado"/,
    );
  });

  it('refuses a status the tenant does not have, naming it', () => {
    try {
      validateStatusMapping([{ uplacesStatus: 'Em separação', tinySituacao: 'preparando_envio' }], DEFAULT_ORDER_STATUSES);
      throw new Error('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(RuleViolation);
      expect((e as RuleViolation).message).toContain('"Em separação"');
      expect((e as RuleViolation).field).toBe('statusMapping.0.uplacesStatus');
    }
  });

  it('accepts a status the tenant registered', () => {
    expect(validateStatusMapping([{ uplacesStatus: 'Em separação', tinySituacao: 'preparando_envio' }], [...DEFAULT_ORDER_STATUSES, 'Em separação'])).toHaveLength(1);
  });

  it('refuses mapping one status twice', () => {
    expect(() =>
      validateStatusMapping(
        [
          { uplacesStatus: 'Entregue', tinySituacao: 'entregue' },
          { uplacesStatus: 'Entregue', tinySituacao: 'faturado' },
        ],
        DEFAULT_ORDER_STATUSES,
      ),
    ).toThrow(/mais de uma vez/);
  });
});

describe('customer and product rules validation', () => {
  it('refuses customer rules that send neither PJ nor PF', () => {
    expect(() => validateCustomerRules({ pj: false, pf: false, requireValidEmail: true, onlyUpdate: false })).toThrow(/Pessoa Jurídica ou Pessoa Física/);
    expect(validateCustomerRules({ pj: true, pf: false, requireValidEmail: true, onlyUpdate: true }).pj).toBe(true);
  });

  it('accepts the default product rules and trims deposit names', () => {
    const rules = { ...defaultRules().products, deposits: [' Geral ', 'Loja'] };
    expect(validateProductRules(rules).deposits).toEqual(['Geral', 'Loja']);
  });

  it('refuses blank or repeated deposits', () => {
    expect(() => validateProductRules({ ...defaultRules().products, deposits: [''] })).toThrow(RuleViolation);
    expect(() => validateProductRules({ ...defaultRules().products, deposits: ['A', 'A '] })).toThrow(/repetidos/);
  });

  it('refuses a non-numeric price list and keepPrices together with a price list', () => {
    expect(() => validateProductRules({ ...defaultRules().products, priceListId: 'atacado' })).toThrow(/lista de preço/);
    expect(() => validateProductRules({ ...defaultRules().products, priceListId: '123', keepPrices: true })).toThrow(/manter os preços/);
  });

  it('refuses a seller map entry without Tiny id or name', () => {
    expect(() => validateSeller({ include: true, map: [{ uplacesSellerId: 's1', tinyVendedorId: null, tinyVendedorNome: null }] })).toThrow(/vendedor no Tiny/);
    expect(validateSeller({ include: true, map: [{ uplacesSellerId: 's1', tinyVendedorId: '9', tinyVendedorNome: null }] }).map).toHaveLength(1);
  });
});
