import type { OrderStatusChangedData } from '@app/contracts';
import type { IntegrationSettings } from '../../integrations/replica/integration-settings';
import type { LinkChanges } from '../order-links.repository';
import type { OrderLink } from './order-link';
import { isCancelled, mapStatus, reachedForwardStatus } from './status-policy';

export interface EventDecision {
  /** Changes to the link (or the new link's fields); null when the event is ignored. */
  changes: LinkChanges | null;
  /** pt-BR, one line for the order history. */
  summary: string;
}

/**
 * How one orders.order.status-changed.v1 changes the order's link (pure). Older versions never
 * override newer ones; the driver then acts on the resulting state.
 */
export function applyOrderEvent(link: OrderLink | null, data: OrderStatusChangedData, settings: IntegrationSettings): EventDecision {
  if (link && data.version <= link.lastVersion) {
    return { changes: null, summary: `Versão ${data.version} ignorada: já processada a versão ${link.lastVersion}` };
  }
  const mapped = mapStatus(settings, data.status);
  const base: LinkChanges = {
    lastVersion: data.version,
    uplacesStatus: data.status,
    snapshot: data.order,
    desiredSituacao: mapped,
    statusFailedFor: null,
  };
  const unmappedNote = mapped ? '' : ` (status "${data.status}" sem mapeamento para o Tiny: registrado e ignorado)`;

  if (link?.tinyOrderId) {
    if (!mapped) return { changes: { ...base, desiredSituacao: link.desiredSituacao }, summary: `Status ${data.status}${unmappedNote}` };
    if (mapped === link.tinySituacao) return { changes: base, summary: `Status ${data.status}: Tiny já está em ${mapped}` };
    return { changes: base, summary: `Status ${data.status}: situação do Tiny será alterada para ${mapped}` };
  }

  if (!settings.active || settings.deleted) {
    return { changes: { ...base, state: 'waiting' }, summary: `Integração inativa: pedido não enviado (status ${data.status})` };
  }
  if (isCancelled(settings, data.status)) {
    return { changes: { ...base, state: 'cancelled' }, summary: `Pedido cancelado antes do envio: não será enviado ao Tiny` };
  }
  if (reachedForwardStatus(settings, data.status)) {
    const late = data.status.trim().toLowerCase() !== settings.forwardStatus.trim().toLowerCase();
    const retry = link?.state === 'failed' ? ' (nova versão após falha: nova tentativa)' : '';
    return {
      changes: { ...base, state: 'pending', failureReason: null, failureKind: null },
      summary: late
        ? `Status ${data.status} já passou do status de envio "${settings.forwardStatus}": pedido será enviado${retry}`
        : `Status de envio "${settings.forwardStatus}" atingido: pedido será enviado${retry}`,
    };
  }
  if (link?.state === 'pending' || link?.state === 'failed') {
    // Already past the forward status once (e.g. an out-of-order older status): keep its course.
    return { changes: base, summary: `Status ${data.status}${unmappedNote}` };
  }
  return { changes: { ...base, state: 'waiting' }, summary: `Status ${data.status}: aguardando o status de envio "${settings.forwardStatus}"${unmappedNote}` };
}
