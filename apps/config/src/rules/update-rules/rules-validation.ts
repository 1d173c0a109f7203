import {
  TINY_ORDER_SITUACOES,
  type IntegrationCustomerRules,
  type IntegrationProductRules,
  type IntegrationSellerSettings,
  type IntegrationStatusMapping,
} from '@app/contracts';

/** A rule the admin must fix: pt-BR message and the field it concerns. */
export class RuleViolation extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

const SITUACOES: readonly string[] = TINY_ORDER_SITUACOES;

/** Every mapped Uplaces status must be the tenant's, every target a Tiny situação, each status mapped once. */
export function validateStatusMapping(mapping: { uplacesStatus: string; tinySituacao: string }[], tenantStatuses: string[]): IntegrationStatusMapping[] {
  const seen = new Set<string>();
  mapping.forEach((entry, i) => {
    if (!tenantStatuses.includes(entry.uplacesStatus)) {
      throw new RuleViolation(`Status da Uplaces não cadastrado: "${entry.uplacesStatus}". Cadastre-o antes de mapeá-lo.`, `statusMapping.${i}.uplacesStatus`);
    }
    if (!SITUACOES.includes(entry.tinySituacao)) {
      throw new RuleViolation(
        `Situação do Tiny desconhecida: "${entry.tinySituacao}". Use uma destas: ${SITUACOES.join(', ')}.`,
        `statusMapping.${i}.tinySituacao`,
      );
    }
    if (seen.has(entry.uplacesStatus)) {
      throw new RuleViolation(`O status "${entry.uplacesStatus}" foi mapeado mais de uma vez.`, `statusMapping.${i}.uplacesStatus`);
    }
    seen.add(entry.uplacesStatus);
  });
  return mapping as IntegrationStatusMapping[];
}

export function validateCustomerRules(rules: IntegrationCustomerRules): IntegrationCustomerRules {
  if (!rules.pj && !rules.pf) {
    throw new RuleViolation('Escolha ao menos um tipo de cliente para enviar ao Tiny: Pessoa Jurídica ou Pessoa Física.', 'customers');
  }
  return rules;
}

export function validateProductRules(rules: IntegrationProductRules): IntegrationProductRules {
  const deposits = rules.deposits.map((d) => d.trim());
  if (deposits.some((d) => d === '')) throw new RuleViolation('O nome de um depósito não pode ficar em branco.', 'products.deposits');
  if (new Set(deposits).size !== deposits.length) throw new RuleViolation('Há depósitos repetidos na lista.', 'products.deposits');
  if (rules.priceListId !== null && !/^\d+$/.test(rules.priceListId)) {
    throw new RuleViolation('A lista de preço deve ser o número (id) da lista no Tiny.', 'products.priceListId');
  }
  if (rules.keepPrices && rules.priceListId !== null) {
    throw new RuleViolation('Não é possível manter os preços e ao mesmo tempo usar uma lista de preço do Tiny.', 'products.priceListId');
  }
  return { ...rules, deposits };
}

export function validateSeller(seller: IntegrationSellerSettings): IntegrationSellerSettings {
  const seen = new Set<string>();
  seller.map.forEach((m, i) => {
    if (seen.has(m.uplacesSellerId)) throw new RuleViolation(`O vendedor "${m.uplacesSellerId}" aparece mais de uma vez.`, `seller.map.${i}.uplacesSellerId`);
    seen.add(m.uplacesSellerId);
    if (!m.tinyVendedorId && !m.tinyVendedorNome) {
      throw new RuleViolation(`Informe o id ou o nome do vendedor no Tiny para "${m.uplacesSellerId}".`, `seller.map.${i}`);
    }
  });
  return seller;
}
