import { eventClassFor, validateEvent, EventValidationError } from '@app/contracts';
import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { isObservable, lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import { AmqpEventDeserializer } from './amqp-event.deserializer';
import { connectBroker } from './connection';
import { DeadLetters } from './dead-letters';
import { InvalidMessageError, isNonRetryable } from './errors';
import { EventsContext } from './events-context';
import type { MessagingMetrics } from './metrics';
import {
  DEFAULT_EXCHANGE,
  DEFAULT_PREFETCH,
  DEFAULT_RETRY_DELAYS_MS,
  UNROUTED,
  assertEventsExchange,
  assertServiceQueues,
  bindServiceQueue,
  deadLetterQueueName,
  retryQueueName,
} from './topology';
import { installValidationMetadataCache } from './validation-cache';
import { HEADERS, describeError, republishOptions, withTraceparent, type WireHeaders } from './wire';

installValidationMetadataCache();

export interface EventsServerOptions {
  /** Consuming service name = its queue name. */
  service: string;
  url: string;
  exchange?: string;
  unrouted?: string;
  prefetch?: number;
  /** Delay before each retry; its length is the number of retries. */
  retryDelaysMs?: number[];
  /** When given, dead letters are also stored in the service schema's `dead_letters` table. */
  dataSource?: DataSource;
  metrics?: MessagingMetrics;
}

const MAX_ERROR_HEADER = 2000;

/**
 * Nest custom transport for the events exchange: one quorum queue per service, bound to every
 * @EventPattern; messages are validated against their contract class, acked after the handler
 * resolves, retried along a TTL ladder and dead-lettered with their error (docs/adr/0001, 0002).
 */
export class EventsServer extends Server implements CustomTransportStrategy {
  // Our handleMessage awaits the handler stream and owns the failure (retry / dead letter).
  override readonly propagatesEventHandlerErrors = true;
  protected override readonly logger = new Logger(EventsServer.name);
  private readonly exchange: string;
  private readonly prefetch: number;
  private readonly retryDelaysMs: number[];
  private readonly deadLetters?: DeadLetters;
  private connection?: AmqpConnectionManager;
  private channel?: ChannelWrapper;
  private readonly inFlight = new Set<Promise<void>>();
  private consumer?: { ch: ConfirmChannel; tag: string };
  private closing = false;

  constructor(private readonly options: EventsServerOptions) {
    super();
    this.exchange = options.exchange ?? DEFAULT_EXCHANGE;
    this.prefetch = options.prefetch ?? DEFAULT_PREFETCH;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    if (options.dataSource) this.deadLetters = new DeadLetters(options.dataSource, options.service);
    this.initializeSerializer({});
    this.initializeDeserializer({ deserializer: new AmqpEventDeserializer() });
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /** Event types this server consumes (its @EventPattern handlers). */
  boundTypes(): string[] {
    return [...this.getHandlers().entries()].filter(([, h]) => h.isEventHandler).map(([pattern]) => pattern);
  }

  private async start(): Promise<void> {
    this.closing = false;
    const { service } = this.options;
    this.connection = connectBroker(this.options.url, `${service} consumer`);
    this.connection.on('disconnect', ({ err }: { err?: Error }) =>
      this.logger.warn(`broker connection lost: ${err?.message ?? 'closed'}; reconnecting`),
    );
    this.channel = this.connection.createChannel({
      name: `${service} consumer`,
      confirm: true,
      json: false,
      setup: async (ch: ConfirmChannel) => {
        await assertEventsExchange(ch, { exchange: this.exchange, unrouted: this.options.unrouted ?? UNROUTED });
        await assertServiceQueues(ch, { service, retryDelaysMs: this.retryDelaysMs });
        await bindServiceQueue(ch, service, this.boundTypes(), this.exchange);
        await ch.prefetch(this.prefetch);
        if (this.closing) return;
        const { consumerTag } = await ch.consume(service, (msg) => msg && this.track(this.handleMessage(ch, msg)), {
          noAck: false,
        });
        this.consumer = { ch, tag: consumerTag };
      },
    });
    await this.channel.waitForConnect();
    this.logger.log(`consuming ${service} (${this.boundTypes().length} event types)`);
  }

  /** Stops consuming, waits for in-flight handlers, then closes the channel and connection. */
  async close(): Promise<void> {
    this.closing = true;
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer) await consumer.ch.cancel(consumer.tag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await this.channel?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
    this.channel = undefined;
    this.connection = undefined;
  }

  on(): never {
    throw new Error('EventsServer does not expose broker events');
  }

  unwrap<T>(): T {
    if (!this.connection) throw new Error('EventsServer is not listening');
    return this.connection as T;
  }

  // Nest's getHandlerByPattern tries JSON.parse on every call (a thrown exception per plain string).
  private readonly handlerCache = new Map<string, MessageHandler | null>();
  private handlerFor(type: string): MessageHandler | null {
    if (!this.handlerCache.has(type)) this.handlerCache.set(type, this.getHandlerByPattern(type));
    return this.handlerCache.get(type) ?? null;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handleMessage(ch: ConfirmChannel, msg: ConsumeMessage): Promise<void> {
    const started = Date.now();
    const headers = (msg.properties.headers ?? {}) as Record<string, unknown>;
    const attempt = Number(headers[HEADERS.attempts] ?? 0) + 1;
    let type = typeof msg.properties.type === 'string' ? (msg.properties.type as string) : 'unknown';
    try {
      let handler: MessageHandler;
      let event: unknown;
      try {
        const packet = await this.deserializer.deserialize(msg);
        type = String(packet.pattern);
        const found = this.handlerFor(type);
        if (!found) throw new InvalidMessageError(`no handler for event type ${type}`);
        const cls = eventClassFor(type);
        if (!cls) throw new InvalidMessageError(`unknown event type ${type}`);
        event = await validateEvent(cls, packet.data);
        if (msg.properties.messageId && msg.properties.messageId !== (event as { id: string }).id) {
          throw new InvalidMessageError('messageId property differs from body id');
        }
        handler = found;
      } catch (error) {
        const invalid = error instanceof EventValidationError ? new InvalidMessageError(error.message) : error;
        await this.deadLetter(ch, msg, attempt, invalid);
        this.options.metrics?.handled?.(type, 'dead-letter', Date.now() - started);
        return;
      }
      const ctx = new EventsContext([msg, attempt]);
      try {
        await withTraceparent(headers[HEADERS.traceparent] as string | undefined, async () => {
          const result: unknown = await handler(event, ctx);
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        });
      } catch (thrown) {
        const error = ctx.error ?? thrown;
        if (isNonRetryable(error) || attempt > this.retryDelaysMs.length) {
          await this.deadLetter(ch, msg, attempt, error);
          this.options.metrics?.handled?.(type, 'dead-letter', Date.now() - started);
        } else {
          await this.retry(ch, msg, attempt, error);
          this.options.metrics?.handled?.(type, 'retry', Date.now() - started);
        }
        return;
      }
      ch.ack(msg);
      this.options.metrics?.handled?.(type, 'ack', Date.now() - started);
    } catch (error) {
      // Channel gone (reconnect) or DB down while dead-lettering: the unacked message is redelivered.
      this.logger.warn(`could not settle message ${String(msg.properties.messageId)}: ${describeError(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // no hot loop while the DB is down
      try {
        ch.nack(msg, false, true);
      } catch {
        // channel already closed: the broker requeues it
      }
    }
  }

  private async retry(ch: ConfirmChannel, msg: ConsumeMessage, attempt: number, error: unknown): Promise<void> {
    const delay = this.retryDelaysMs[attempt - 1];
    await publishConfirmed(
      ch,
      '',
      retryQueueName(this.options.service, delay),
      msg.content,
      republishOptions(msg, {
        [HEADERS.attempts]: attempt,
        [HEADERS.lastError]: summary(error),
        [HEADERS.routingKey]: originalRoutingKey(msg),
      }),
    );
    ch.ack(msg);
  }

  private async deadLetter(ch: ConfirmChannel, msg: ConsumeMessage, attempts: number, error: unknown): Promise<void> {
    const text = describeError(error);
    const extra: WireHeaders = {
      [HEADERS.attempts]: attempts,
      [HEADERS.error]: text.slice(0, MAX_ERROR_HEADER),
      [HEADERS.routingKey]: originalRoutingKey(msg),
      [HEADERS.deadLetteredAt]: new Date().toISOString(),
    };
    this.logger.warn(`dead-lettering ${String(msg.properties.type)} ${String(msg.properties.messageId)}: ${summary(error)}`);
    await this.deadLetters?.record(msg, text, attempts, extra);
    await publishConfirmed(ch, '', deadLetterQueueName(this.options.service), msg.content, republishOptions(msg, extra));
    ch.ack(msg);
  }
}

function originalRoutingKey(msg: ConsumeMessage): string {
  const header = (msg.properties.headers ?? {})[HEADERS.routingKey] as unknown;
  return typeof header === 'string' ? header : msg.fields.routingKey;
}

function summary(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}`
      : typeof error === 'object' && error !== null && 'message' in error
        ? String((error as { message: unknown }).message)
        : String(error);
  return text.slice(0, MAX_ERROR_HEADER);
}

function publishConfirmed(ch: ConfirmChannel, exchange: string, routingKey: string, content: Buffer, options: Options.Publish) {
  return new Promise<void>((resolve, reject) =>
    ch.publish(exchange, routingKey, content, options, (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve())),
  );
}
