import { EventValidationError, createEvent, eventClassFor, validateEvent } from '../event';
import { OrderStatusChangedData, OrderStatusChangedV1 } from './order-status-changed.event';

function sampleOrderData(overrides: Partial<OrderStatusChangedData> = {}): OrderStatusChangedData {
  return {
    orderId: 'ord-1',
    orderNumber: 'UPL-000123',
    status: 'aprovado',
    previousStatus: 'novo',
    version: 2,
    changedAt: '2026-03-15T12:00:00.000Z',
    order: {
      placedAt: '2026-03-15T11:00:00.000Z',
      customer: {
        id: 'c-77',
        type: 'PJ',
        name: 'Mercado Bom Preco Ltda',
        document: '12.345.678/0001-90',
        stateRegistration: '110042490114',
        email: 'compras@bompreco.com.br',
        phone: '11 4000-0000',
        address: { street: 'Av. Brasil', number: '1000', district: 'Centro', zipCode: '01001-000', city: 'São Paulo', state: 'SP' },
      },
      seller: { id: 's-1', name: 'Ana Vendas' },
      items: [{ sku: 'CAM-AZ-P', description: 'Camiseta Azul P', quantity: 10, unitPrice: 49.9, discount: 0 }],
      freight: { amount: 0, paidBy: 'sender' },
      payment: { method: 'boleto', installments: [{ days: 28, amount: 499 }] },
      discount: 0,
      priceListId: null,
    },
    ...overrides,
  } as OrderStatusChangedData;
}

describe('orders.order.status-changed.v1', () => {
  it('accepts a complete order and is registered by type', async () => {
    const event = createEvent(OrderStatusChangedV1, { source: 'uplaces.orders', tenantId: 't1', data: sampleOrderData() });
    const plain = JSON.parse(JSON.stringify(event)) as unknown;
    const parsed = await validateEvent(OrderStatusChangedV1, plain);
    expect(parsed.data.order.customer.address.city).toBe('São Paulo');
    expect(eventClassFor('orders.order.status-changed.v1')).toBe(OrderStatusChangedV1);
  });

  it('rejects an order without items or with a bad document', async () => {
    const data = sampleOrderData();
    const bad = { ...data, order: { ...data.order, items: [], customer: { ...data.order.customer, document: '123' } } };
    const event = JSON.parse(JSON.stringify(createEvent(OrderStatusChangedV1, { source: 's', tenantId: 't', data: bad }))) as unknown;
    await expect(validateEvent(OrderStatusChangedV1, event)).rejects.toBeInstanceOf(EventValidationError);
  });

  it('rejects a version below 1', async () => {
    const event = JSON.parse(
      JSON.stringify(createEvent(OrderStatusChangedV1, { source: 's', tenantId: 't', data: sampleOrderData({ version: 0 }) })),
    ) as unknown;
    await expect(validateEvent(OrderStatusChangedV1, event)).rejects.toThrow(/version/);
  });
});
