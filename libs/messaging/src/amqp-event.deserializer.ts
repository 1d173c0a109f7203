import type { ConsumerDeserializer, IncomingEvent } from '@nestjs/microservices';
import type { ConsumeMessage } from 'amqplib';
import { InvalidMessageError } from './errors';

/**
 * Maps the framework-neutral wire format to Nest's packet: pattern = AMQP `type` property (falling back
 * to the body's `type`), data = the parsed JSON body. No `{ pattern, data }` envelope on the wire.
 */
export class AmqpEventDeserializer implements ConsumerDeserializer {
  deserialize(msg: ConsumeMessage): IncomingEvent {
    let data: unknown;
    try {
      data = JSON.parse(msg.content.toString('utf8'));
    } catch {
      throw new InvalidMessageError('body is not JSON');
    }
    const bodyType = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
    const propertyType = msg.properties.type as unknown;
    const pattern = typeof propertyType === 'string' && propertyType ? propertyType : bodyType;
    if (typeof pattern !== 'string' || !pattern) throw new InvalidMessageError('message has no event type');
    if (bodyType !== undefined && bodyType !== pattern) {
      throw new InvalidMessageError(`type property ${pattern} differs from body type ${String(bodyType)}`);
    }
    return { pattern, data };
  }
}
