export { MessagingModule, MessagingLifecycle, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.module';
export { EventsServer, type EventsServerOptions, type EventPatternBatchExtras } from './events-server';
export { EventsContext, EventsBatchContext } from './events-context';
export { EventErrorInterceptor } from './event-error.interceptor';
export { AmqpEventDeserializer } from './amqp-event.deserializer';
export { OutboxPublisher } from './outbox-publisher';
export { OutboxRelay, type OutboxRelayOptions, type RelayLogger } from './outbox-relay';
export { Inbox } from './inbox';
export { RequestResyncOnBoot, EMPTY_REPLICA_REASON } from './request-resync-on-boot';
export { DeadLetters, type DeadLetter } from './dead-letters';
export { DeadLettersController } from './dead-letters.controller';
export {
  NonRetryableError,
  InvalidMessageError,
  DeadLetterNotFoundError,
  DeadLetterAlreadyReplayedError,
  isNonRetryable,
} from './errors';
export type { MessagingMetrics } from './metrics';
export { connectBroker, createPublisherChannel, coalesceFrameWrites } from './connection';
export { installValidationMetadataCache } from './validation-cache';
export {
  DEFAULT_EXCHANGE,
  UNROUTED,
  DEFAULT_PREFETCH,
  DEFAULT_RETRY_DELAYS_MS,
  assertEventsExchange,
  assertServiceQueues,
  bindServiceQueue,
  retryQueueName,
  deadLetterQueueName,
  type ExchangeTopology,
  type ServiceTopology,
} from './topology';
export { HEADERS, publishOptions, nextTraceparent, withTraceparent } from './wire';
