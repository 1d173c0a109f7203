import type { OrderStatusChangedData } from '@app/contracts';
import type { IntegrationSettings } from '../../integrations/replica/integration-settings';
import type { OrderLink } from './order-link';

/** Test fixtures (used by specs only). */
export function settingsFixture(patch: Partial<IntegrationSettings> = {}): IntegrationSettings {
  return {
    integrationId: 'int-1',
    tenantId: 't-1',
    version: 1,
    active: true,
    deleted: false,
    forwardStatus: 'Aprovado',
    tiny: { integratorId: '54321', tokenSealed: 'v1:x', accountKey: 'k', planLimitPerMinute: 60, share: 1 },
    customers: { pj: true, pf: true, requireValidEmail: false, onlyUpdate: false },
    statusMapping: [
      { uplacesStatus: 'Enviado pelo comprador', tinySituacao: 'aberto' },
      { uplacesStatus: 'Aprovado', tinySituacao: 'aprovado' },
      { uplacesStatus: 'Em transporte', tinySituacao: 'enviado' },
      { uplacesStatus: 'Entregue', tinySituacao: 'entregue' },
      { uplacesStatus: 'Nota Fiscal emitida', tinySituacao: 'faturado' },
      { uplacesStatus: 'Cancelado', tinySituacao: 'cancelado' },
    ],
    seller: { include: false, map: [] },
    ...patch,
  };
}

export function eventDataFixture(status: string, version: number): OrderStatusChangedData {
  return {
    orderId: 'o-1',
    orderNumber: 'UPL-1',
    status,
    previousStatus: null,
    version,
    changedAt: '2026-03-15T12:00:00.000Z',
    order: {
      placedAt: '2026-03-15T02:30:00.000Z',
      customer: {
        id: 'c-1',
        type: 'PJ',
        name: 'Mercado Bom Preco Ltda',
        document: '12.345.678/0001-95',
        stateRegistration: '110042490114',
        email: 'compras@bompreco.com.br',
        phone: '11 4000-0000',
        address: { street: 'Av. Brasil', number: '1000', district: 'Centro', zipCode: '01001-000', city: 'São Paulo', state: 'SP' },
      },
      seller: { id: 's-1', name: 'Ana Souza' },
      items: [
        { sku: 'A-1', description: 'Produto A', quantity: 2, unitPrice: 10.5, discount: 1 },
        { sku: 'B-2', description: 'Produto B', quantity: 1, unitPrice: 100, discount: 0 },
      ],
      freight: { amount: 25, paidBy: 'recipient', carrier: 'Transportadora X' },
      payment: { method: 'boleto', description: 'Boleto 28 dias', installments: [{ days: 28, dueDate: '2026-04-12', amount: 145 }] },
      discount: 2,
      priceListId: '7',
    },
  };
}

export function linkFixture(patch: Partial<OrderLink> = {}): OrderLink {
  const data = eventDataFixture('Aprovado', 1);
  return {
    tenantId: 't-1',
    orderId: 'o-1',
    integrationId: 'int-1',
    orderNumber: 'UPL-1',
    state: 'waiting',
    lastVersion: 1,
    uplacesStatus: 'Enviado pelo comprador',
    snapshot: data.order,
    tinyOrderId: null,
    tinyOrderNumber: null,
    tinySituacao: null,
    desiredSituacao: 'aberto',
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
    updatedAt: new Date(),
    ...patch,
  };
}
