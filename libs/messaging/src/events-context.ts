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
