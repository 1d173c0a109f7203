import {
  TinyAuthError,
  TinyCircuitOpenError,
  TinyDuplicateError,
  TinyError,
  TinyNotAvailableError,
  TinyNotFoundError,
  TinyRateLimitedError,
  TinyValidationError,
} from '@app/tiny';

/**
 * What a failed Tiny call means for the order:
 * - rejected: Tiny refused the request (validation); a person must fix something. No retry.
 * - duplicate: Tiny says the order exists; look it up.
 * - not-sent: the call never reached Tiny or Tiny refused to look at it (breaker open, code 6/11,
 *   token or plan problems); wait (parked) without using up the retry ladder.
 * - unknown: the request may have been applied (timeout, 5xx, network, 35/99): the next try searches first.
 */
export type TinyFailure =
  | { kind: 'rejected'; messages: string[]; reason: string; failureKind: 'validation' }
  | { kind: 'duplicate'; messages: string[] }
  | { kind: 'not-sent'; reason: string; retryInMs: number; cause: 'breaker' | 'rate-limit' | 'auth' | 'not-available' }
  | { kind: 'unknown'; reason: string };

export function classifyTinyError(err: unknown, delays: { parkMs: number; configMs: number }): TinyFailure {
  if (err instanceof TinyCircuitOpenError) {
    return { kind: 'not-sent', cause: 'breaker', retryInMs: delays.parkMs, reason: 'Tiny indisponível no momento; o pedido aguarda e será enviado automaticamente' };
  }
  if (err instanceof TinyRateLimitedError) {
    return { kind: 'not-sent', cause: 'rate-limit', retryInMs: delays.parkMs, reason: 'Limite de chamadas do Tiny atingido; o pedido aguarda a próxima janela' };
  }
  if (err instanceof TinyAuthError) {
    return { kind: 'not-sent', cause: 'auth', retryInMs: delays.configMs, reason: 'Token do Tiny inválido ou ausente; revise as credenciais da integração' };
  }
  if (err instanceof TinyNotAvailableError) {
    return { kind: 'not-sent', cause: 'not-available', retryInMs: delays.configMs, reason: `Conta do Tiny sem acesso à API: ${messagesOf(err)}` };
  }
  if (err instanceof TinyDuplicateError) return { kind: 'duplicate', messages: err.messages };
  if (err instanceof TinyValidationError || err instanceof TinyNotFoundError) {
    return { kind: 'rejected', failureKind: 'validation', messages: err.messages, reason: `O Tiny recusou: ${messagesOf(err)}` };
  }
  if (err instanceof TinyError) return { kind: 'unknown', reason: `Falha temporária no Tiny: ${err.message}` };
  return { kind: 'unknown', reason: `Falha inesperada ao falar com o Tiny: ${err instanceof Error ? err.message : String(err)}` };
}

function messagesOf(err: TinyError): string {
  return err.messages.length ? err.messages.join('; ') : err.message;
}
