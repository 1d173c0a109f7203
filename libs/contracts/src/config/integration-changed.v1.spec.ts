import 'reflect-metadata';
import { createEvent, EventValidationError, validateEvent } from '../event';
import { IntegrationChangedV1, type IntegrationChangedData } from './integration-changed.v1';

function data(): IntegrationChangedData {
  return {
    integrationId: '0b8f7a0e-6a55-4b8f-9d3a-2f1f2f1f2f1f',
    tenantId: 't1',
    version: 1,
    name: 'Integração Tiny ERP',
    active: true,
    deleted: false,
    integrationUser: { id: 'u1', name: 'Integração' },
    forwardStatus: 'Enviado pelo comprador',
    tiny: { integratorId: '54321', tokenSealed: 'v1:a:b:c', accountKey: 'abcd', accountCnpj: null, accountName: null, planLimitPerMinute: 60, share: 1 },
    webhook: { secrets: [{ secretSealed: 'v1:a:b:c', expiresAt: null }] },
    rules: {
      customers: { pj: true, pf: true, requireValidEmail: false, onlyUpdate: false },
      products: {
        ignoreCategories: false, keepNameAndDescription: false, keepStatus: false, ignoreBrand: false, keepPrices: false,
        stockType: 'D', deposits: [], priceListId: null, skuMapping: 'codigo',
      },
    },
    statusMapping: [{ uplacesStatus: 'Entregue', tinySituacao: 'entregue' }],
    seller: { include: false, map: [] },
  };
}

describe('config.integration.changed.v1', () => {
  it('validates the shape fixed in the plan', async () => {
    const e = createEvent(IntegrationChangedV1, { source: 'config', tenantId: 't1', data: data() });
    await expect(validateEvent(IntegrationChangedV1, JSON.parse(JSON.stringify(e)))).resolves.toBeInstanceOf(IntegrationChangedV1);
  });

  it('refuses an unknown Tiny situação and a missing sealed token', async () => {
    const bad = data();
    (bad.statusMapping[0] as { tinySituacao: string }).tinySituacao = 'despachado';
    (bad.tiny as { tokenSealed?: string }).tokenSealed = undefined;
    const e = createEvent(IntegrationChangedV1, { source: 'config', tenantId: 't1', data: bad });
    await expect(validateEvent(IntegrationChangedV1, JSON.parse(JSON.stringify(e)))).rejects.toThrow(EventValidationError);
  });
});
