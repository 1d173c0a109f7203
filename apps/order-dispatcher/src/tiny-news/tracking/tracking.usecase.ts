import { Injectable } from '@nestjs/common';
import { OrderTrackingUpdatedV1, type TinyRastreioReceivedV1 } from '@app/contracts';
import { TinyNewsSupport, type OrderNewsOutcome } from '../tiny-news.support';

/** Tiny registered the tracking code: tell Uplaces (dispatch.order.tracking-updated.v1). */
@Injectable()
export class TrackingUseCase {
  constructor(private readonly support: TinyNewsSupport) {}

  execute(event: TinyRastreioReceivedV1): Promise<OrderNewsOutcome> {
    const d = event.data.dados;
    return this.support.tellUplaces({
      consumer: 'tiny-tracking',
      event,
      summary: `Código de rastreio no Tiny: ${d.codigoRastreio}`,
      publish: OrderTrackingUpdatedV1,
      data: (order) => ({
        ...order,
        trackingCode: d.codigoRastreio,
        trackingUrl: d.urlRastreio ?? null,
        carrier: d.transportadora ?? null,
        shippingMethod: d.formaEnvio ?? null,
        freightService: d.formaFrete ?? null,
      }),
    });
  }
}
