import { Injectable } from '@nestjs/common';
import { createEvent, OrderTrackingUpdatedV1, type TinyRastreioReceivedV1 } from '@app/contracts';
import { OutboxPublisher } from '@app/messaging';
import { DataSource } from 'typeorm';
import { SOURCE } from '../../orders/dispatch-order/order-driver';
import { TinyNewsSupport } from '../tiny-news.support';

/** Tiny registered the tracking code: tell Uplaces (dispatch.order.tracking-updated.v1). */
@Injectable()
export class TrackingUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly support: TinyNewsSupport,
    private readonly outbox: OutboxPublisher,
  ) {}

  async execute(event: TinyRastreioReceivedV1): Promise<'published' | 'duplicate' | 'unknown-order'> {
    const d = event.data.dados;
    return this.dataSource.transaction(async (m) => {
      if (!(await this.support.claim(m, 'tiny-tracking', event))) return 'duplicate';
      const link = await this.support.findOrder(m, event, d.idVendaTiny, d.idPedidoEcommerce);
      const orderNumber = link?.orderNumber ?? d.idPedidoEcommerce;
      if (!orderNumber) return 'unknown-order';
      await this.support.note(m, link, `Código de rastreio no Tiny: ${d.codigoRastreio}`, d);
      await this.outbox.add(
        m,
        createEvent(OrderTrackingUpdatedV1, {
          source: SOURCE,
          tenantId: event.tenantId,
          integrationId: event.integrationId,
          data: {
            orderId: link?.orderId ?? null,
            orderNumber,
            tinyOrderId: link?.tinyOrderId ?? d.idVendaTiny ?? null,
            trackingCode: d.codigoRastreio,
            trackingUrl: d.urlRastreio ?? null,
            carrier: d.transportadora ?? null,
            shippingMethod: d.formaEnvio ?? null,
            freightService: d.formaFrete ?? null,
          },
        }),
      );
      return 'published';
    });
  }
}
