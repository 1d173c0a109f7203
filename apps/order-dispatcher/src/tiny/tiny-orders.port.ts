import type { TinyOrderInput, TinyOrderStatusCode } from '@app/tiny';
import type { IntegrationSettings } from '../integrations/replica/integration-settings';

export interface TinyOrderFound {
  id: string;
  numero: string | null;
}

/**
 * What the dispatcher needs from Tiny, per integration. Implemented over @app/tiny (shared budget with
 * 'order' priority, breaker per account); failures are @app/tiny's typed errors.
 */
export abstract class TinyOrdersPort {
  abstract createOrder(integration: IntegrationSettings, order: TinyOrderInput): Promise<TinyOrderFound>;
  /** pedidos.pesquisa?numeroEcommerce=; only an exact numero_ecommerce match counts. */
  abstract findOrderByEcommerceNumber(integration: IntegrationSettings, numeroEcommerce: string): Promise<TinyOrderFound | null>;
  abstract updateOrderStatus(integration: IntegrationSettings, tinyOrderId: string, situacao: TinyOrderStatusCode): Promise<void>;
  /** contatos.pesquisa by cpf_cnpj (digits compared exactly). */
  abstract findContactByDocument(integration: IntegrationSettings, document: string): Promise<{ id: string } | null>;
  /** vendedores.pesquisa by name (compared case- and accent-insensitively). */
  abstract findSellerByName(integration: IntegrationSettings, name: string): Promise<{ id: string; nome: string } | null>;
}
