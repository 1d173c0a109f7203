import type { IntegrationChangedData, TinyOrderSituacao } from '@app/contracts';

/** What the dispatcher needs of an integration, kept in its local replica (table dispatch.integrations). */
export interface IntegrationSettings {
  integrationId: string;
  tenantId: string;
  version: number;
  active: boolean;
  deleted: boolean;
  forwardStatus: string;
  tiny: {
    integratorId: string;
    tokenSealed: string;
    accountKey: string;
    planLimitPerMinute: number;
    share: number;
  };
  customers: { pj: boolean; pf: boolean; requireValidEmail: boolean; onlyUpdate: boolean };
  statusMapping: { uplacesStatus: string; tinySituacao: TinyOrderSituacao }[];
  seller: { include: boolean; map: { uplacesSellerId: string; tinyVendedorId: string | null; tinyVendedorNome: string | null }[] };
}

export function settingsFromEvent(data: IntegrationChangedData): IntegrationSettings {
  return {
    integrationId: data.integrationId,
    tenantId: data.tenantId,
    version: data.version,
    active: data.active,
    deleted: data.deleted,
    forwardStatus: data.forwardStatus,
    tiny: {
      integratorId: data.tiny.integratorId,
      tokenSealed: data.tiny.tokenSealed,
      accountKey: data.tiny.accountKey,
      planLimitPerMinute: data.tiny.planLimitPerMinute,
      share: data.tiny.share,
    },
    customers: { ...data.rules.customers },
    statusMapping: data.statusMapping.map((m) => ({ uplacesStatus: m.uplacesStatus, tinySituacao: m.tinySituacao })),
    seller: { include: data.seller.include, map: data.seller.map.map((e) => ({ ...e })) },
  };
}
