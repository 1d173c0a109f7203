import type { OrderCustomer } from '@app/contracts';
import type { IntegrationSettings } from '../integrations/replica/integration-settings';

// Deliberately plain: Tiny validates the domain part again; we only refuse what is obviously not an address.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function isValidEmail(email: string | null | undefined): boolean {
  return !!email && EMAIL.test(email.trim());
}

export function digits(value: string): string {
  return value.replace(/\D/g, '');
}

export interface CustomerEligibility {
  /** Whether the integration allows this customer to be written to Tiny's contact registry. */
  writable: boolean;
  /** With "only update", an existing Tiny contact must be found first (search contatos by cpf_cnpj). */
  needsExistingContact: boolean;
  /** Why, in pt-BR (shown in the order history). */
  reason: string;
}

/**
 * The customer criteria (product.md feature 6) decide whether Tiny's contact registry may be written
 * from this order: Tiny always needs a `cliente` block on pedido.incluir, so a customer that does not
 * match is still sent, with `atualizar_cliente = "N"`. See docs/adr/0008-orders-exactly-once.md.
 */
export function customerEligibility(rules: IntegrationSettings['customers'], customer: OrderCustomer): CustomerEligibility {
  if (customer.type === 'PJ' && !rules.pj) {
    return { writable: false, needsExistingContact: false, reason: 'Clientes pessoa jurídica não são atualizados no Tiny' };
  }
  if (customer.type === 'PF' && !rules.pf) {
    return { writable: false, needsExistingContact: false, reason: 'Clientes pessoa física não são atualizados no Tiny' };
  }
  if (rules.requireValidEmail && !isValidEmail(customer.email)) {
    return { writable: false, needsExistingContact: false, reason: 'Cliente sem e-mail válido não é atualizado no Tiny' };
  }
  if (rules.onlyUpdate) {
    return { writable: true, needsExistingContact: true, reason: 'Somente atualização: o cliente precisa existir no Tiny' };
  }
  return { writable: true, needsExistingContact: false, reason: 'Cliente incluído ou atualizado no Tiny' };
}
