import { Injectable } from '@nestjs/common';
import { createEvent, OrderTinyStatusChangedV1, type TinySituacaoPedidoReceivedV1 } from '@app/contracts';
import { OutboxPublisher } from '@app/messaging';
import { DataSource } from 'typeorm';
import { IntegrationReplica } from '../../integrations/replica/integration-replica.repository';
import { SOURCE } from '../../orders/dispatch-order/order-driver';
import { normaliseSituacao, reverseMap } from '../../orders/domain/status-policy';
import { TinyNewsSupport } from '../tiny-news.support';

export type TinyStatusOutcome = 'published' | 'echo' | 'older' | 'duplicate' | 'unknown-situacao' | 'unknown-order';

/**
 * A situação changed in Tiny. Published as dispatch.order.tiny-status-changed.v1 unless it is what
 * this service set (or is setting) itself — no ping-pong — or older than one already applied.
 * Tiny's change also becomes the desired situação, so the dispatcher doesn't push the old one back.
 */
@Injectable()
export class TinyStatusUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly support: TinyNewsSupport,
    private readonly replica: IntegrationReplica,
    private readonly outbox: OutboxPublisher,
  ) {}

  async execute(event: TinySituacaoPedidoReceivedV1): Promise<TinyStatusOutcome> {
    const d = event.data.dados;
    const situacao = normaliseSituacao(d.situacao) ?? normaliseSituacao(d.descricaoSituacao);
    return this.dataSource.transaction(async (m) => {
      if (!(await this.support.claim(m, 'tiny-status', event))) return 'duplicate';
      const link = await this.support.findOrder(m, event, d.idVendaTiny, d.idPedidoEcommerce);
      if (!situacao) {
        await this.support.note(m, link, `Situação desconhecida recebida do Tiny: ${d.situacao}`, d);
        return 'unknown-situacao';
      }
      if (!link) return 'unknown-order'; // not an order this integration sent: nothing to keep in step
      if (link.tinyStatusSeq !== null && event.data.receiptSeq <= link.tinyStatusSeq) {
        await this.support.note(m, link, `Situação ${situacao} do Tiny ignorada: notificação mais antiga que a última aplicada`, d);
        return 'older';
      }
      const links = this.support.links_();
      if (situacao === link.tinySituacao || situacao === link.pushingSituacao) {
        await links.update(m, link.tenantId, link.orderId, { tinyStatusSeq: event.data.receiptSeq });
        await this.support.note(m, link, `Situação ${situacao} do Tiny é eco da alteração feita pela integração: não reenviada`, d);
        return 'echo';
      }
      await links.update(m, link.tenantId, link.orderId, {
        tinySituacao: situacao,
        desiredSituacao: situacao,
        tinyStatusSeq: event.data.receiptSeq,
        statusFailedFor: null,
      });
      const settings = await this.replica.get(link.integrationId, m);
      const uplacesStatus = settings ? reverseMap(settings, situacao) : null;
      await this.support.note(m, link, `Situação alterada no Tiny para ${situacao}`, { ...d, uplacesStatus });
      await this.outbox.add(
        m,
        createEvent(OrderTinyStatusChangedV1, {
          source: SOURCE,
          tenantId: event.tenantId,
          integrationId: event.integrationId,
          data: {
            orderId: link.orderId,
            orderNumber: link.orderNumber,
            tinyOrderId: link.tinyOrderId ?? d.idVendaTiny,
            tinySituacao: situacao,
            tinyDescription: d.descricaoSituacao ?? null,
            uplacesStatus,
          },
        }),
      );
      return 'published';
    });
  }
}
