import { Injectable } from '@nestjs/common';
import type { OrderCustomer } from '@app/contracts';
import { DataSource } from 'typeorm';
import type { IntegrationSettings } from '../integrations/replica/integration-settings';
import { TinyOrdersPort } from '../tiny/tiny-orders.port';
import { customerEligibility, digits } from './customer-policy';

export interface CustomerDecision {
  atualizarCliente: 'S' | 'N';
  /** pt-BR, for the order history. */
  reason: string;
  /** Tiny calls spent deciding (a contact search with "only update"). */
  tinyCalls: number;
}

const RECHECK_MISSING_MS = 60 * 60_000;

/**
 * Decides `atualizar_cliente` for the order's customer under the integration's criteria. With "only
 * update" the contact must already exist in Tiny (contatos.pesquisa by cpf_cnpj, remembered in
 * dispatch.contact_links), so the order never makes Tiny register a new customer from our data.
 */
@Injectable()
export class CustomerWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tiny: TinyOrdersPort,
  ) {}

  async decide(settings: IntegrationSettings, customer: OrderCustomer): Promise<CustomerDecision> {
    const e = customerEligibility(settings.customers, customer);
    if (!e.writable) return { atualizarCliente: 'N', reason: e.reason, tinyCalls: 0 };
    if (!e.needsExistingContact) return { atualizarCliente: 'S', reason: e.reason, tinyCalls: 0 };

    const doc = digits(customer.document);
    const rows: { tiny_contact_id: string | null; checked_at: Date }[] = await this.dataSource.query(
      `SELECT tiny_contact_id, checked_at FROM dispatch.contact_links WHERE integration_id = $1 AND document = $2`,
      [settings.integrationId, doc],
    );
    const known = rows[0];
    if (known?.tiny_contact_id) return { atualizarCliente: 'S', reason: 'Somente atualização: cliente já existe no Tiny', tinyCalls: 0 };
    if (known && Date.now() - known.checked_at.getTime() < RECHECK_MISSING_MS) {
      return { atualizarCliente: 'N', reason: 'Somente atualização: cliente não existe no Tiny, não será cadastrado', tinyCalls: 0 };
    }
    const found = await this.tiny.findContactByDocument(settings, doc);
    await this.dataSource.query(
      `INSERT INTO dispatch.contact_links (integration_id, document, tiny_contact_id, checked_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (integration_id, document) DO UPDATE SET tiny_contact_id = EXCLUDED.tiny_contact_id, checked_at = now()`,
      [settings.integrationId, doc, found?.id ?? null],
    );
    return found
      ? { atualizarCliente: 'S', reason: 'Somente atualização: cliente já existe no Tiny', tinyCalls: 1 }
      : { atualizarCliente: 'N', reason: 'Somente atualização: cliente não existe no Tiny, não será cadastrado', tinyCalls: 1 };
  }
}
