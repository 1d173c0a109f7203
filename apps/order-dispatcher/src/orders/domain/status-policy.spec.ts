import { settingsFixture } from './fixtures';
import { initialSituacao, isCancelled, mapStatus, normaliseSituacao, reachedForwardStatus, reverseMap } from './status-policy';

describe('status policy', () => {
  const s = settingsFixture();

  it('maps Uplaces statuses case-insensitively and reverse-maps Tiny situações', () => {
    expect(mapStatus(s, 'em transporte')).toBe('enviado');
    expect(mapStatus(s, 'Aguardando retirada')).toBeNull();
    expect(reverseMap(s, 'entregue')).toBe('Entregue');
    expect(reverseMap(s, 'pronto_envio')).toBeNull();
  });

  it('accepts Tiny codes and descriptions', () => {
    expect(normaliseSituacao('Faturado (atendido)')).toBe('faturado');
    expect(normaliseSituacao('preparando_envio')).toBe('preparando_envio');
    expect(normaliseSituacao('Em aberto')).toBe('aberto');
    expect(normaliseSituacao('whatever')).toBeNull();
  });

  it('treats the forward status and anything later in the lifecycle as reached', () => {
    expect(reachedForwardStatus(s, 'Aprovado')).toBe(true);
    expect(reachedForwardStatus(s, 'Em transporte')).toBe(true);
    expect(reachedForwardStatus(s, 'Nota Fiscal emitida')).toBe(true); // faturado ranks after aprovado
    expect(reachedForwardStatus(s, 'Enviado pelo comprador')).toBe(false);
    expect(reachedForwardStatus(s, 'Aguardando retirada')).toBe(false); // unmapped is never past
    expect(reachedForwardStatus(s, 'Cancelado')).toBe(false);
  });

  it('breaks a tie on equal situação by the order of the mapping list', () => {
    const tie = settingsFixture({
      forwardStatus: 'Confirmado',
      statusMapping: [
        { uplacesStatus: 'Rascunho', tinySituacao: 'aberto' },
        { uplacesStatus: 'Confirmado', tinySituacao: 'aberto' },
        { uplacesStatus: 'Conferido', tinySituacao: 'aberto' },
      ],
    });
    expect(reachedForwardStatus(tie, 'Rascunho')).toBe(false);
    expect(reachedForwardStatus(tie, 'Conferido')).toBe(true);
  });

  it('creates with the current mapped situação, else the forward one, else aberto', () => {
    expect(initialSituacao(s, 'Em transporte')).toBe('enviado');
    expect(initialSituacao(s, 'Aguardando retirada')).toBe('aprovado');
    expect(initialSituacao(settingsFixture({ forwardStatus: 'X', statusMapping: [] }), 'X')).toBe('aberto');
  });

  it('recognises cancellation by mapping or by name', () => {
    expect(isCancelled(s, 'Cancelado')).toBe(true);
    expect(isCancelled(settingsFixture({ statusMapping: [] }), 'cancelado pelo cliente')).toBe(true);
    expect(isCancelled(s, 'Entregue')).toBe(false);
  });
});
