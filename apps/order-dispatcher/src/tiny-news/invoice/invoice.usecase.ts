import { Injectable } from '@nestjs/common';
import { createEvent, OrderInvoicedV1, type TinyNotaFiscalReceivedV1 } from '@app/contracts';
import { OutboxPublisher } from '@app/messaging';
import { DataSource } from 'typeorm';
import { SOURCE } from '../../orders/dispatch-order/order-driver';
import { TinyNewsSupport } from '../tiny-news.support';

/** Tiny issued the NF-e: tell Uplaces (dispatch.order.invoiced.v1). */
@Injectable()
export class InvoiceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly support: TinyNewsSupport,
    private readonly outbox: OutboxPublisher,
  ) {}

  async execute(event: TinyNotaFiscalReceivedV1): Promise<'published' | 'duplicate' | 'unknown-order'> {
    const d = event.data.dados;
    return this.dataSource.transaction(async (m) => {
      if (!(await this.support.claim(m, 'tiny-invoice', event))) return 'duplicate';
      const link = await this.support.findOrder(m, event, d.idVendaTiny, d.idPedidoEcommerce);
      const orderNumber = link?.orderNumber ?? d.idPedidoEcommerce;
      if (!orderNumber) return 'unknown-order';
      await this.support.note(m, link, `Nota fiscal emitida no Tiny: ${d.numero ?? '?'} série ${d.serie ?? '?'}`, d);
      await this.outbox.add(
        m,
        createEvent(OrderInvoicedV1, {
          source: SOURCE,
          tenantId: event.tenantId,
          integrationId: event.integrationId,
          data: {
            orderId: link?.orderId ?? null,
            orderNumber,
            tinyOrderId: link?.tinyOrderId ?? d.idVendaTiny ?? null,
            invoice: {
              number: d.numero ?? '',
              series: d.serie ?? '',
              accessKey: d.chaveAcesso ?? null,
              danfeUrl: d.urlDanfe ?? null,
              tinyInvoiceId: d.idNotaFiscalTiny,
              issuedOn: d.dataEmissao ?? null,
              amount: d.valorNota ? Number(d.valorNota) : null,
            },
          },
        }),
      );
      return 'published';
    });
  }
}
