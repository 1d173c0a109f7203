import { Injectable } from '@nestjs/common';
import { OrderInvoicedV1, type TinyNotaFiscalReceivedV1 } from '@app/contracts';
import { TinyNewsSupport, type OrderNewsOutcome } from '../tiny-news.support';

/** Tiny issued the NF-e: tell Uplaces (dispatch.order.invoiced.v1). */
@Injectable()
export class InvoiceUseCase {
  constructor(private readonly support: TinyNewsSupport) {}

  execute(event: TinyNotaFiscalReceivedV1): Promise<OrderNewsOutcome> {
    const d = event.data.dados;
    return this.support.tellUplaces({
      consumer: 'tiny-invoice',
      event,
      summary: `Nota fiscal emitida no Tiny: ${d.numero ?? '?'} série ${d.serie ?? '?'}`,
      publish: OrderInvoicedV1,
      data: (order) => ({
        ...order,
        invoice: {
          number: d.numero ?? '',
          series: d.serie ?? '',
          accessKey: d.chaveAcesso ?? null,
          danfeUrl: d.urlDanfe ?? null,
          tinyInvoiceId: d.idNotaFiscalTiny,
          issuedOn: d.dataEmissao ?? null,
          amount: d.valorNota ? Number(d.valorNota) : null,
        },
      }),
    });
  }
}
