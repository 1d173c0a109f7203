import { TinyAuthError, TinyCircuitOpenError, TinyNotAvailableError, TinyRateLimitedError, TinyTransientError, TinyValidationError } from '@app/tiny';
import { describeTestFailure, formatCnpj, successMessage } from './test-outcome';

describe('Testar messages', () => {
  it('names the account and its CNPJ on success', () => {
    expect(successMessage('Loja Exemplo Ltda', '12345678000190')).toBe('Conexão com o Tiny funcionando. Conta: Loja Exemplo Ltda (CNPJ 12.345.678/0001-90).');
    expect(formatCnpj('12345678901')).toBe('12345678901');
  });

  it.each([
    [new TinyAuthError('x', { code: 2 }), 'token_invalido', /^Token inválido/],
    [new TinyNotAvailableError('x', { code: 5 }), 'sem_acesso_api', /^Plano sem acesso à API/],
    [new TinyRateLimitedError('x', { code: 6 }), 'limite_excedido', /^Limite de requisições excedido/],
    [new TinyTransientError('x'), 'indisponivel', /^Tiny indisponível/],
    [new TinyCircuitOpenError('x'), 'indisponivel', /^Tiny indisponível/],
    [new TinyValidationError('x', { code: 31 }), 'erro', /motivo inesperado/],
  ])('tells %p plainly', (err, outcome, message) => {
    const d = describeTestFailure(err);
    expect(d.outcome).toBe(outcome);
    expect(d.message).toMatch(message);
  });
});
