import { Injectable } from '@nestjs/common';
import type { TinyWebhookReceipt } from '@app/contracts';
import { Inbox } from '@app/messaging';
import type { EntityManager } from 'typeorm';
import type { OrderLink } from '../orders/domain/order-link';
import { OrderHistory } from '../orders/history/order-history.repository';
import { OrderLinks } from '../orders/order-links.repository';

export interface TinyNewsEnvelope {
  id: string;
  tenantId: string;
  integrationId?: string;
  data: TinyWebhookReceipt;
}

/** What the three Tiny notification consumers share: dedupe, find the order, write its history. */
@Injectable()
export class TinyNewsSupport {
  constructor(
    private readonly inbox: Inbox,
    private readonly links: OrderLinks,
    private readonly history: OrderHistory,
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

  links_(): OrderLinks {
    return this.links;
  }
}
