import type { OnApplicationShutdown } from '@nestjs/common';
import { SecretBox } from '@app/security';
import { TinyClientFactory, type TinyClient, type TinyOrderInput, type TinyOrderStatusCode } from '@app/tiny';
import type { IntegrationSettings } from '../integrations/replica/integration-settings';
import { TinyOrdersPort, type TinyOrderFound } from './tiny-orders.port';

const ORDER = { priority: 'order' } as const;
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase();
const onlyDigits = (s: string) => s.replace(/\D/g, '');

/** TinyOrdersPort over @app/tiny: one client per account token (shared breaker), order priority. */
export class TinyOrdersAdapter extends TinyOrdersPort implements OnApplicationShutdown {
  constructor(
    private readonly factory: TinyClientFactory,
    private readonly secrets: SecretBox,
  ) {
    super();
  }

  private client(i: IntegrationSettings): TinyClient {
    return this.factory.forAccount(this.secrets.decrypt(i.tiny.tokenSealed), {
      planLimitPerMinute: i.tiny.planLimitPerMinute || 60,
      share: i.tiny.share,
    });
  }

  async createOrder(i: IntegrationSettings, order: TinyOrderInput): Promise<TinyOrderFound> {
    const r = await this.client(i).createOrder(order, ORDER);
    return { id: String(r.id), numero: r.numero ? String(r.numero) : null };
  }

  async findOrderByEcommerceNumber(i: IntegrationSettings, numeroEcommerce: string): Promise<TinyOrderFound | null> {
    const r = await this.client(i).searchOrders({ numeroEcommerce }, ORDER);
    const hit = r.pedidos.find((p) => String(p.numero_ecommerce) === numeroEcommerce);
    return hit ? { id: String(hit.id), numero: hit.numero ? String(hit.numero) : null } : null;
  }

  async updateOrderStatus(i: IntegrationSettings, tinyOrderId: string, situacao: TinyOrderStatusCode): Promise<void> {
    await this.client(i).updateOrderStatus(Number(tinyOrderId), situacao, ORDER);
  }

  async findContactByDocument(i: IntegrationSettings, document: string): Promise<{ id: string } | null> {
    const doc = onlyDigits(document);
    // `pesquisa` matches names/codes; the document filter is cpf_cnpj, so the text search stays empty.
    const r = await this.client(i).searchContacts({ pesquisa: '', cpf_cnpj: doc }, ORDER);
    const hit = r.contatos.find((c) => onlyDigits(String(c.cpf_cnpj ?? '')) === doc);
    return hit ? { id: String(hit.id) } : null;
  }

  async findSellerByName(i: IntegrationSettings, name: string): Promise<{ id: string; nome: string } | null> {
    const r = await this.client(i).searchSellers({ pesquisa: name }, ORDER);
    const hit = r.vendedores.find((v) => fold(v.nome) === fold(name));
    return hit ? { id: String(hit.id), nome: hit.nome } : null;
  }

  onApplicationShutdown(): void {
    this.factory.close();
  }
}
