import type { OrderSnapshot, TinyOrderSituacao } from '@app/contracts';

export type LinkState = 'waiting' | 'pending' | 'sent' | 'failed' | 'cancelled';

/** The dispatcher's record of one Uplaces order and its Tiny twin (table dispatch.order_links). */
export interface OrderLink {
  tenantId: string;
  orderId: string;
  integrationId: string;
  orderNumber: string;
  state: LinkState;
  lastVersion: number;
  uplacesStatus: string;
  snapshot: OrderSnapshot;
  tinyOrderId: string | null;
  tinyOrderNumber: string | null;
  tinySituacao: TinyOrderSituacao | null;
  desiredSituacao: TinyOrderSituacao | null;
  pushingSituacao: TinyOrderSituacao | null;
  statusFailedFor: TinyOrderSituacao | null;
  createAttempts: number;
  attemptOpen: boolean;
  nextAttemptAt: Date | null;
  parkedReason: string | null;
  failureReason: string | null;
  failureKind: string | null;
  failedAt: Date | null;
  tinyStatusSeq: number | null;
  sentAt: Date | null;
  updatedAt: Date;
}

export type NextAction = { kind: 'none' } | { kind: 'create' } | { kind: 'update-status'; situacao: TinyOrderSituacao };

/** What the driver must do next for this order (pure; the state machine of docs/adr/0008). */
export function nextAction(link: OrderLink): NextAction {
  if (link.state === 'pending' && !link.tinyOrderId) return { kind: 'create' };
  if (link.state === 'sent' && link.tinyOrderId) {
    const want = link.desiredSituacao;
    if (want && want !== link.tinySituacao && want !== link.statusFailedFor) return { kind: 'update-status', situacao: want };
  }
  return { kind: 'none' };
}
