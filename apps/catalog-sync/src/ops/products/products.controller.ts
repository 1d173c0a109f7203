import { Controller, Get, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import { CurrentActor, JwtAuthGuard, type Actor } from '@app/security';
import { intQuery, OpsAccess } from '../ops-access';
import { ProductsQuery, type ProductView } from './products.query';

/** Catalogue as catalog-sync holds it, per integration of the caller's tenant. */
@Controller('ops/integrations/:integrationId/products')
@UseGuards(JwtAuthGuard)
export class ProductsController {
  constructor(
    private readonly access: OpsAccess,
    private readonly query: ProductsQuery,
  ) {}

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @Param('integrationId') integrationId: string,
    @Query() q: Record<string, string | undefined>,
  ): Promise<{ items: ProductView[]; total: number; limit: number; offset: number }> {
    await this.access.integration(actor, integrationId);
    const limit = intQuery(q.limit, 50, 1, 500);
    const offset = intQuery(q.offset, 0, 0, 10_000_000);
    const page = await this.query.list({
      integrationId, sku: q.sku, tinyId: q.tinyId, status: q.status, kind: q.kind, parentTinyId: q.parentTinyId, q: q.q, limit, offset,
    });
    return { ...page, limit, offset };
  }

  @Get('by-sku/:sku')
  async bySku(@CurrentActor() actor: Actor, @Param('integrationId') integrationId: string, @Param('sku') sku: string): Promise<ProductView> {
    await this.access.integration(actor, integrationId);
    return one(await this.query.list({ integrationId, sku, limit: 1, offset: 0 }));
  }

  @Get('by-tiny-id/:tinyId')
  async byTinyId(
    @CurrentActor() actor: Actor,
    @Param('integrationId') integrationId: string,
    @Param('tinyId') tinyId: string,
  ): Promise<ProductView> {
    await this.access.integration(actor, integrationId);
    return one(await this.query.list({ integrationId, tinyId, limit: 1, offset: 0 }));
  }
}

function one(page: { items: ProductView[] }): ProductView {
  if (!page.items[0]) throw new NotFoundException('Produto não encontrado');
  return page.items[0];
}
