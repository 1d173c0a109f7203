import type { Channel } from 'amqplib';

export const DEFAULT_EXCHANGE = 'uplaces.events';
/** Alternate exchange (fanout) of the events exchange and the queue that keeps what nobody routed. */
export const UNROUTED = 'uplaces.unrouted';
export const DEFAULT_RETRY_DELAYS_MS = [1000, 5000, 30000, 120000];
export const DEFAULT_PREFETCH = 32;

export interface ExchangeTopology {
  exchange?: string;
  unrouted?: string;
}

export interface ServiceTopology {
  service: string;
  retryDelaysMs?: number[];
}

/** Retry queues are named by their delay, so changing the ladder never conflicts with a declared queue. */
export function retryQueueName(service: string, delayMs: number): string {
  return `${service}.retry.${delayMs}ms`;
}

export function deadLetterQueueName(service: string): string {
  return `${service}.dlq`;
}

/** Declares the events topic exchange with its alternate exchange and unrouted queue. Idempotent. */
export async function assertEventsExchange(ch: Channel, { exchange = DEFAULT_EXCHANGE, unrouted = UNROUTED }: ExchangeTopology = {}) {
  await ch.assertExchange(unrouted, 'fanout', { durable: true });
  await ch.assertQueue(unrouted, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await ch.bindQueue(unrouted, unrouted, '');
  await ch.assertExchange(exchange, 'topic', { durable: true, alternateExchange: unrouted });
}

/**
 * Declares a consuming service's queues: the quorum work queue `<service>`, one retry queue per delay
 * (TTL, then dead-lettered back to `<service>` through the default exchange) and `<service>.dlq`.
 */
export async function assertServiceQueues(ch: Channel, { service, retryDelaysMs = DEFAULT_RETRY_DELAYS_MS }: ServiceTopology) {
  await ch.assertQueue(service, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  for (const delay of new Set(retryDelaysMs)) {
    await ch.assertQueue(retryQueueName(service, delay), {
      durable: true,
      arguments: { 'x-message-ttl': delay, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': service },
    });
  }
  await ch.assertQueue(deadLetterQueueName(service), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
}

/** Binds the service queue to each event type (routing key = type). */
export async function bindServiceQueue(ch: Channel, service: string, types: Iterable<string>, exchange = DEFAULT_EXCHANGE) {
  for (const type of types) await ch.bindQueue(service, exchange, type);
}
