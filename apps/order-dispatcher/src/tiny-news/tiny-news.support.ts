import { Injectable } from '@nestjs/common';
import { createEvent, type DispatchOrderRef, type EventClass, type IntegrationEvent, type TinyWebhookReceipt } from '@app/contracts';
import { Inbox, OutboxPublisher } from '@app/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { SOURCE } from '../orders/dispatch-order/order-driver';
import type { OrderLink } from '../orders/domain/order-link';
import { OrderHistory } from '../orders/history/order-history.repository';
import { OrderLinks } from '../orders/order-links.repository';

export interface TinyNewsEnvelope {
  id: string;
  tenantId: string;
  integrationId?: string;
  data: TinyWebhookReceipt;
}

export type OrderNewsOutcome = 'published' | 'duplicate' | 'unknown-order';

/** A Tiny notification that Uplaces only needs to hear about (invoice, tracking), and the event that tells it. */
export interface OrderNews<E extends IntegrationEvent<DispatchOrderRef>> {
  /** Inbox consumer name. */
  consumer: string;
  event: TinyNewsEnvelope & { data: { dados: { idVendaTiny?: string; idPedidoEcommerce?: string } } };
  /** The line added to the order's history. */
  summary: string;
  publish: EventClass<E>;
  /** The event's data, given the order the notification is about. */
  data: (order: DispatchOrderRef) => E['data'];
}

/** What the three Tiny notification consumers share: dedupe, find the order, write its history. */
@Injectable()
export class TinyNewsSupport {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly links: OrderLinks,
    private readonly history: OrderHistory,
    private readonly outbox: OutboxPublisher,
  ) {}

  /** False when this message, or the same Tiny notification resent (deliveryKey), was handled already. */
  async claim(m: EntityManager, consumer: string, event: TinyNewsEnvelope): Promise<boolean> {
    if (!(await this.inbox.claim(m, consumer, event.id))) return false;
    return this.inbox.claim(m, `${consumer}:delivery`, `${event.integrationId ?? event.tenantId}:${event.data.deliveryKey}`);
  }

  /** The order (locked) a notification talks about, by Tiny id or our order number. */
  async findOrder(m: EntityManager, event: TinyNewsEnvelope, tinyOrderId?: string, orderNumber?: string): Promise<OrderLink | null> {
    if (!event.integrationId) return null;
    const link = await this.links.findForTiny(m, event.integrationId, tinyOrderId || undefined, orderNumber || undefined);
    return link && link.tenantId === event.tenantId ? link : null;
  }

  note(m: EntityManager, link: OrderLink | null, summary: string, detail: unknown): Promise<void> {
    if (!link) return Promise.resolve();
    return this.history.add(m, link.tenantId, link.orderId, 'tiny-news', summary, detail);
  }

  /**
   * Passes the news on to Uplaces once, in one transaction: dedupe, note it in the order's history, publish
   * `news.publish` for the order (one this service sent, or else the order number Tiny names).
   */
  tellUplaces<E extends IntegrationEvent<DispatchOrderRef>>(news: OrderNews<E>): Promise<OrderNewsOutcome> {
    const { event } = news;
    const d = event.data.dados;
    return this.dataSource.transaction(async (m) => {
      if (!(await this.claim(m, news.consumer, event))) return 'duplicate';
      const link = await this.findOrder(m, event, d.idVendaTiny, d.idPedidoEcommerce);
      const orderNumber = link?.orderNumber ?? d.idPedidoEcommerce;
      if (!orderNumber) return 'unknown-order';
      await this.note(m, link, news.summary, d);
      const order = { orderId: link?.orderId ?? null, orderNumber, tinyOrderId: link?.tinyOrderId ?? d.idVendaTiny ?? null };
      await this.outbox.add(
        m,
        createEvent(news.publish, { source: SOURCE, tenantId: event.tenantId, integrationId: event.integrationId, data: news.data(order) }),
      );
      return 'published';
    });
  }

  links_(): OrderLinks {
    return this.links;
  }
}
