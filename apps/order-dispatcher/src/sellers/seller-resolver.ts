import { Injectable } from '@nestjs/common';
import type { OrderSeller } from '@app/contracts';
import { DataSource } from 'typeorm';
import type { IntegrationSettings } from '../integrations/replica/integration-settings';
import { TinyOrdersPort } from '../tiny/tiny-orders.port';

export interface TinySellerRef {
  id: string | null;
  nome: string | null;
  /** How it was resolved, for the order history. */
  source: 'map' | 'remembered' | 'search' | 'not-found';
}

/** A seller not found in Tiny is searched again after this long (it may have been registered since). */
const RETRY_NOT_FOUND_MS = 60 * 60_000;

/**
 * Resolves the Uplaces seller to Tiny's vendedor once: the integration's configured map first, then
 * vendedores.pesquisa by name; the answer is remembered in dispatch.seller_links.
 */
@Injectable()
export class SellerResolver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tiny: TinyOrdersPort,
  ) {}

  async resolve(settings: IntegrationSettings, seller: OrderSeller | null | undefined): Promise<TinySellerRef | null> {
    if (!settings.seller.include || !seller) return null;
    const mapped = settings.seller.map.find((e) => e.uplacesSellerId === seller.id);
    if (mapped && (mapped.tinyVendedorId || mapped.tinyVendedorNome)) {
      return { id: mapped.tinyVendedorId, nome: mapped.tinyVendedorNome, source: 'map' };
    }
    const rows: { tiny_vendedor_id: string | null; tiny_vendedor_nome: string | null; resolved_at: Date }[] = await this.dataSource.query(
      `SELECT tiny_vendedor_id, tiny_vendedor_nome, resolved_at FROM dispatch.seller_links WHERE integration_id = $1 AND uplaces_seller_id = $2`,
      [settings.integrationId, seller.id],
    );
    const known = rows[0];
    if (known?.tiny_vendedor_id) return { id: known.tiny_vendedor_id, nome: known.tiny_vendedor_nome, source: 'remembered' };
    if (known && Date.now() - known.resolved_at.getTime() < RETRY_NOT_FOUND_MS) return { id: null, nome: null, source: 'not-found' };

    const found = await this.tiny.findSellerByName(settings, seller.name);
    await this.dataSource.query(
      `INSERT INTO dispatch.seller_links (integration_id, uplaces_seller_id, tiny_vendedor_id, tiny_vendedor_nome, resolved_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (integration_id, uplaces_seller_id) DO UPDATE
         SET tiny_vendedor_id = EXCLUDED.tiny_vendedor_id, tiny_vendedor_nome = EXCLUDED.tiny_vendedor_nome, resolved_at = now()`,
      [settings.integrationId, seller.id, found?.id ?? null, found?.nome ?? null],
    );
    return found ? { id: found.id, nome: found.nome, source: 'search' } : { id: null, nome: null, source: 'not-found' };
  }
}
