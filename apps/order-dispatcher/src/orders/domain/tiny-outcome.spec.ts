import {
  TinyAuthError, TinyCircuitOpenError, TinyDuplicateError, TinyRateLimitedError, TinyTransientError, TinyValidationError,
} from '@app/tiny';
import { classifyTinyError } from './tiny-outcome';

describe('what a Tiny failure means for an order', () => {
  const delays = { parkMs: 100, configMs: 1000 };

  it('fails validation errors with Tiny’s messages', () => {
    const f = classifyTinyError(new TinyValidationError('x', { code: 31, messages: ['Cidade não encontrada'] }), delays);
    expect(f).toMatchObject({ kind: 'rejected', reason: 'O Tiny recusou: Cidade não encontrada' });
  });

  it('parks without using up tries when the call never reached Tiny', () => {
    expect(classifyTinyError(new TinyCircuitOpenError('open'), delays)).toMatchObject({ kind: 'not-sent', cause: 'breaker', retryInMs: 100 });
    expect(classifyTinyError(new TinyRateLimitedError('6', { code: 6 }), delays)).toMatchObject({ kind: 'not-sent', cause: 'rate-limit' });
    expect(classifyTinyError(new TinyAuthError('2', { code: 2 }), delays)).toMatchObject({ kind: 'not-sent', retryInMs: 1000 });
  });

  it('treats timeouts and 5xx as unknown outcomes and code 30 as a duplicate', () => {
    expect(classifyTinyError(new TinyTransientError('timeout'), delays).kind).toBe('unknown');
    expect(classifyTinyError(new Error('boom'), delays).kind).toBe('unknown');
    expect(classifyTinyError(new TinyDuplicateError('30', { code: 30 }), delays).kind).toBe('duplicate');
  });
});
