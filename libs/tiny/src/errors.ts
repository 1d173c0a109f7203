/**
 * Error taxonomy for Tiny API v2 answers. Tiny answers errors with HTTP 200 and
 * `retorno.codigo_erro`; we map each code to one class so callers decide by type, not by number.
 */
export class TinyError extends Error {
  /** Tiny `codigo_erro`, or null when the failure did not come from Tiny (network, HTTP, parse). */
  readonly code: number | null;
  /** Messages exactly as Tiny sent them (`erros[].erro`). */
  readonly messages: string[];
  /** Tiny service that failed, e.g. `pedido.incluir`. */
  readonly service: string;
  readonly retryable: boolean = false;

  constructor(message: string, opts: { code?: number | null; messages?: string[]; service?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = opts.code ?? null;
    this.messages = opts.messages ?? [];
    this.service = opts.service ?? '';
  }
}

/** 1, 2: token missing or invalid — the integration must be reconnected. */
export class TinyAuthError extends TinyError {}

/** 5, 7, 8: account without API access, out of space or blocked. */
export class TinyNotAvailableError extends TinyError {}

/** 6, 11: too many calls in the minute / too many concurrent calls. */
export class TinyRateLimitedError extends TinyError {
  override readonly retryable: boolean = true;
}

/** 32: record not found (searches return an empty result for 20 instead). */
export class TinyNotFoundError extends TinyError {}

/** 30: duplicate record (e.g. the order already exists). */
export class TinyDuplicateError extends TinyError {}

/** 3, 4, 9, 10, 21, 22, 23, 31, 33, 34 and any unknown code: the request itself is wrong. */
export class TinyValidationError extends TinyError {}

/** 35, 99, network errors, HTTP 5xx, timeouts, unparsable bodies. */
export class TinyTransientError extends TinyError {
  override readonly retryable: boolean = true;
}

/** The account's circuit breaker is open: failing fast without calling Tiny. */
export class TinyCircuitOpenError extends TinyTransientError {}

const AUTH = new Set([1, 2]);
const NOT_AVAILABLE = new Set([5, 7, 8]);
const RATE = new Set([6, 11]);
const TRANSIENT = new Set([35, 99]);

/** Builds the error for a Tiny `codigo_erro`. */
export function tinyErrorFor(code: number, messages: string[], service: string): TinyError {
  const text = `Tiny ${service} error ${code}: ${messages.join('; ') || 'no message'}`;
  const opts = { code, messages, service };
  if (AUTH.has(code)) return new TinyAuthError(text, opts);
  if (NOT_AVAILABLE.has(code)) return new TinyNotAvailableError(text, opts);
  if (RATE.has(code)) return new TinyRateLimitedError(text, opts);
  if (code === 20 || code === 32) return new TinyNotFoundError(text, opts);
  if (code === 30) return new TinyDuplicateError(text, opts);
  if (TRANSIENT.has(code)) return new TinyTransientError(text, opts);
  return new TinyValidationError(text, opts);
}

/** Errors that say nothing about Tiny's health: they must never open the breaker. */
export function isHealthNeutral(err: unknown): boolean {
  if (!(err instanceof TinyError)) return isAbort(err);
  return !(err instanceof TinyTransientError);
}

export function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError') && !(err instanceof TinyError);
}
