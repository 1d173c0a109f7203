import { Injectable } from '@nestjs/common';
import type { OrderStatusChangedV1 } from '@app/contracts';
import { Inbox } from '@app/messaging';
import { DataSource } from 'typeorm';
import { IntegrationReplica } from '../../integrations/replica/integration-replica.repository';
import { applyOrderEvent } from '../domain/apply-order-event';
import { nextAction } from '../domain/order-link';
import { OrderHistory } from '../history/order-history.repository';
import { OrderLinks } from '../order-links.repository';
import { OrderDriver, type DriveResult } from './order-driver';

export class UnknownIntegrationError extends Error {
  constructor(tenantId: string, integrationId: string | undefined) {
    super(`No integration ${integrationId ?? '(single active)'} for tenant ${tenantId} in the local replica yet`);
    this.name = 'UnknownIntegrationError';
  }
}

/**
 * Records an Uplaces order status change (inbox + version guard + history) in one transaction, then
 * drives the order. The message is only a trigger: a redelivery after a crash finds the inbox claimed
 * but still drives the order, so committed work is never lost.
 */
@Injectable()
export class DispatchOrderUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly replica: IntegrationReplica,
    private readonly links: OrderLinks,
    private readonly history: OrderHistory,
    private readonly driver: OrderDriver,
  ) {}

  async execute(event: OrderStatusChangedV1): Promise<DriveResult | 'recorded'> {
    const { tenantId } = event;
    const data = event.data;
    const settings = await this.replica.forOrder(tenantId, event.integrationId);
    // The replica may lag behind config at startup: retrying (ladder) gives it time.
    if (!settings) throw new UnknownIntegrationError(tenantId, event.integrationId);

    const actionable = await this.dataSource.transaction(async (m) => {
      const link = await this.links.get(tenantId, data.orderId, m, true);
      if (!(await this.inbox.claim(m, 'dispatch-order', event.id))) return link ? nextAction(link).kind !== 'none' : false;
      await this.history.add(m, tenantId, data.orderId, 'event', `Evento recebido: status ${data.status} (versão ${data.version})`, {
        eventId: event.id, status: data.status, previousStatus: data.previousStatus ?? null, version: data.version, changedAt: data.changedAt,
      });
      const decision = applyOrderEvent(link, data, settings);
      await this.history.add(m, tenantId, data.orderId, 'decision', decision.summary);
      if (!decision.changes) return false;
      if (link) {
        await this.links.update(m, tenantId, data.orderId, decision.changes);
      } else {
        await this.links.insert(m, {
          tenantId,
          orderId: data.orderId,
          integrationId: settings.integrationId,
          orderNumber: data.orderNumber,
          state: decision.changes.state ?? 'waiting',
          lastVersion: data.version,
          uplacesStatus: data.status,
          snapshot: data.order,
          tinyOrderId: null,
          tinyOrderNumber: null,
          tinySituacao: null,
          desiredSituacao: decision.changes.desiredSituacao ?? null,
          pushingSituacao: null,
          statusFailedFor: null,
          createAttempts: 0,
          attemptOpen: false,
          nextAttemptAt: null,
          parkedReason: null,
          failureReason: null,
          failureKind: null,
          failedAt: null,
          tinyStatusSeq: null,
          sentAt: null,
        });
      }
      const after = await this.links.get(tenantId, data.orderId, m);
      return after ? nextAction(after).kind !== 'none' : false;
    });
    if (!actionable) return 'recorded';
    return this.driver.drive(tenantId, data.orderId, 'message');
  }
}
