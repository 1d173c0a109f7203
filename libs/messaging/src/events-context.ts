import { BaseRpcContext } from '@nestjs/microservices';
import type { ConsumeMessage } from 'amqplib';

/** Second handler argument (`@Ctx()`): the raw AMQP message and which attempt this is (1-based). */
export class EventsContext extends BaseRpcContext<[ConsumeMessage, number]> {
  /** The handler's original error, captured by EventErrorInterceptor before Nest's filter rewrites it. */
  error?: unknown;

  getMessage(): ConsumeMessage {
    return this.args[0];
  }

  getAttempt(): number {
    return this.args[1];
  }
}

/**
 * Context of a batch handler (`@EventPattern(type, { batch: n })`): every message of the batch with its
 * attempt, in the order of the events array. getMessage()/getAttempt() describe the first one.
 */
export class EventsBatchContext extends EventsContext {
  constructor(readonly entries: [ConsumeMessage, number][]) {
    super(entries[0]);
  }

  getMessages(): ConsumeMessage[] {
    return this.entries.map(([msg]) => msg);
  }
}
