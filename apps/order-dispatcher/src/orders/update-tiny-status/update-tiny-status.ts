import { Injectable } from '@nestjs/common';
import type { TinyOrderSituacao } from '@app/contracts';
import type { EntityManager } from 'typeorm';
import type { IntegrationSettings } from '../../integrations/replica/integration-settings';
import { TinyOrdersPort } from '../../tiny/tiny-orders.port';
import type { OrderLink } from '../domain/order-link';
import { OrderHistory } from '../history/order-history.repository';
import { OrderLinks } from '../order-links.repository';

/**
 * One status step of a sent order: pedido.alterar.situacao (Tiny internal id) to the mapped situação.
 * `pushing_situacao` is committed before the call so Tiny's webhook echo of it is recognised as ours.
 * Run by OrderDriver under the order's lock; a failure is returned for the driver to classify.
 */
@Injectable()
export class UpdateTinyStatus {
  constructor(
    private readonly links: OrderLinks,
    private readonly history: OrderHistory,
    private readonly tiny: TinyOrdersPort,
  ) {}

  async execute(
    m: EntityManager,
    link: OrderLink,
    settings: IntegrationSettings,
    situacao: TinyOrderSituacao,
    unknownRetryMs: number,
  ): Promise<{ ok: true } | { ok: false; error: unknown }> {
    const { tenantId, orderId } = link;
    await m.transaction(async (t) => {
      await this.links.update(t, tenantId, orderId, { pushingSituacao: situacao, nextAttemptAt: new Date(Date.now() + unknownRetryMs) });
      await this.history.add(t, tenantId, orderId, 'tiny-call', `pedido.alterar.situacao → ${situacao}`, {
        service: 'pedido.alterar.situacao', id: link.tinyOrderId, situacao,
      });
    });
    try {
      await this.tiny.updateOrderStatus(settings, link.tinyOrderId!, situacao);
    } catch (error) {
      return { ok: false, error };
    }
    await m.transaction(async (t) => {
      await this.links.update(t, tenantId, orderId, {
        tinySituacao: situacao,
        pushingSituacao: null,
        statusFailedFor: null,
        nextAttemptAt: null,
        parkedReason: null,
      });
      await this.history.add(t, tenantId, orderId, 'outcome', `Situação no Tiny alterada para ${situacao}`, { situacao });
    });
    return { ok: true };
  }
}
