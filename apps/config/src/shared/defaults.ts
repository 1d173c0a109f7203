import type { IntegrationRules, IntegrationSellerSettings, IntegrationStatusMapping } from '@app/contracts';

/** The guide's five Uplaces order statuses every tenant has. */
export const DEFAULT_ORDER_STATUSES = ['Enviado pelo comprador', 'Em transporte', 'Entregue', 'Nota Fiscal emitida', 'Cancelado'];

/** The guide's example mapping (Uplaces status → Tiny situação). */
export const DEFAULT_STATUS_MAPPING: IntegrationStatusMapping[] = [
  { uplacesStatus: 'Enviado pelo comprador', tinySituacao: 'aberto' },
  { uplacesStatus: 'Em transporte', tinySituacao: 'enviado' },
  { uplacesStatus: 'Entregue', tinySituacao: 'entregue' },
  { uplacesStatus: 'Nota Fiscal emitida', tinySituacao: 'faturado' },
  { uplacesStatus: 'Cancelado', tinySituacao: 'cancelado' },
];

export function defaultRules(): IntegrationRules {
  return {
    customers: { pj: true, pf: true, requireValidEmail: false, onlyUpdate: false },
    products: {
      ignoreCategories: false,
      keepNameAndDescription: false,
      keepStatus: false,
      ignoreBrand: false,
      keepPrices: false,
      stockType: 'D',
      deposits: [],
      priceListId: null,
      skuMapping: 'codigo',
    },
  };
}

export function defaultSeller(): IntegrationSellerSettings {
  return { include: false, map: [] };
}

export const DEFAULT_PLAN_LIMIT_PER_MINUTE = 60;
export const INTEGRATION_PROFILE = 'integracao';
