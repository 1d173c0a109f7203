import { applyOrderEvent } from '../domain/apply-order-event';
import { eventDataFixture, linkFixture, settingsFixture } from '../domain/fixtures';
import { nextAction } from '../domain/order-link';

// The decisions the use case records before driving the order (the DB side is covered by test/e2e/orders).
describe('dispatch order: what an order status event decides', () => {
  const s = settingsFixture();

  it('waits before the forward status and sends at it', () => {
    const first = applyOrderEvent(null, eventDataFixture('Enviado pelo comprador', 1), s);
    expect(first.changes?.state).toBe('waiting');
    const waiting = linkFixture();
    const second = applyOrderEvent(waiting, eventDataFixture('Aprovado', 2), s);
    expect(second.changes?.state).toBe('pending');
    expect(nextAction({ ...waiting, ...second.changes })).toEqual({ kind: 'create' });
  });

  it('ignores a version not newer than the stored one', () => {
    const d = applyOrderEvent(linkFixture({ lastVersion: 5 }), eventDataFixture('Aprovado', 5), s);
    expect(d.changes).toBeNull();
    expect(d.summary).toMatch(/ignorada/);
  });

  it('sends an order first seen past the forward status, never one cancelled before sending', () => {
    expect(applyOrderEvent(null, eventDataFixture('Em transporte', 3), s).changes?.state).toBe('pending');
    expect(applyOrderEvent(null, eventDataFixture('Cancelado', 3), s).changes?.state).toBe('cancelled');
  });

  it('turns later statuses of a sent order into a status update through the mapping', () => {
    const sent = linkFixture({ state: 'sent', tinyOrderId: '900', tinySituacao: 'aprovado', desiredSituacao: 'aprovado', lastVersion: 2 });
    const d = applyOrderEvent(sent, eventDataFixture('Em transporte', 3), s);
    expect(nextAction({ ...sent, ...d.changes })).toEqual({ kind: 'update-status', situacao: 'enviado' });
  });

  it('records and skips an unmapped status of a sent order', () => {
    const sent = linkFixture({ state: 'sent', tinyOrderId: '900', tinySituacao: 'enviado', desiredSituacao: 'enviado', lastVersion: 2 });
    const d = applyOrderEvent(sent, eventDataFixture('Aguardando retirada', 3), s);
    expect(d.summary).toMatch(/sem mapeamento/);
    expect(nextAction({ ...sent, ...d.changes })).toEqual({ kind: 'none' });
  });

  it('does not call Tiny when it already has the mapped situação (no ping-pong)', () => {
    const sent = linkFixture({ state: 'sent', tinyOrderId: '900', tinySituacao: 'entregue', desiredSituacao: 'entregue', lastVersion: 2 });
    const d = applyOrderEvent(sent, eventDataFixture('Entregue', 3), s);
    expect(nextAction({ ...sent, ...d.changes })).toEqual({ kind: 'none' });
  });

  it('does not send while the integration is inactive, and waits for a person after a failure', () => {
    expect(applyOrderEvent(null, eventDataFixture('Aprovado', 1), settingsFixture({ active: false })).changes?.state).toBe('waiting');
    expect(nextAction(linkFixture({ state: 'failed' }))).toEqual({ kind: 'none' });
  });
});
