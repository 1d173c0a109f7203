import { RpcException } from '@nestjs/microservices';

/**
 * Thrown by a handler when retrying cannot help (bad data, business rule): the message is dead-lettered
 * at once. Extends RpcException so its marker survives Nest's default RPC exception filter.
 */
export class NonRetryableError extends RpcException {
  readonly nonRetryable = true;
  constructor(message: string) {
    super({ status: 'error', message, nonRetryable: true });
    this.name = 'NonRetryableError';
  }
}

export function isNonRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { nonRetryable?: unknown }).nonRetryable === true;
}

/** A message that can never be handled: not JSON, unknown type, failed validation. Dead-lettered at once. */
export class InvalidMessageError extends Error {
  readonly nonRetryable = true;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

export class DeadLetterNotFoundError extends Error {
  constructor(id: string) {
    super(`Dead letter ${id} not found`);
    this.name = 'DeadLetterNotFoundError';
  }
}

export class DeadLetterAlreadyReplayedError extends Error {
  constructor(id: string) {
    super(`Dead letter ${id} was already replayed`);
    this.name = 'DeadLetterAlreadyReplayedError';
  }
}
