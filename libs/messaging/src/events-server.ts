import { eventClassFor, validateEvent, EventValidationError, type IntegrationEvent } from '@app/contracts';
import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type IncomingEvent, type MessageHandler } from '@nestjs/microservices';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { isObservable, lastValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import { AmqpEventDeserializer } from './amqp-event.deserializer';
import { connectBroker } from './connection';
import { DeadLetters } from './dead-letters';
import { InvalidMessageError, isNonRetryable } from './errors';
import { EventsBatchContext, EventsContext } from './events-context';
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

  /** Validated message ready for its handler. */
  private async decode(ch: ConfirmChannel, msg: ConsumeMessage, started: number): Promise<Decoded | undefined> {
    const headers = (msg.properties.headers ?? {}) as Record<string, unknown>;
    const attempt = Number(headers[HEADERS.attempts] ?? 0) + 1;
    let type = typeof msg.properties.type === 'string' ? (msg.properties.type as string) : 'unknown';
    try {
      const packet = this.deserializer.deserialize(msg) as IncomingEvent;
      type = String(packet.pattern);
      const handler = this.handlerFor(type);
      if (!handler) throw new InvalidMessageError(`no handler for event type ${type}`);
      const cls = eventClassFor(type);
      if (!cls) throw new InvalidMessageError(`unknown event type ${type}`);
      const event = await validateEvent(cls, packet.data);
      if (msg.properties.messageId && msg.properties.messageId !== event.id) {
        throw new InvalidMessageError('messageId property differs from body id');
      }
      const traceparent = headers[HEADERS.traceparent];
      return {
        ch,
        msg,
        attempt,
        type,
        event,
        handler,
        started,
        traceparent: typeof traceparent === 'string' ? traceparent : undefined,
      };
    } catch (error) {
      const invalid = error instanceof EventValidationError ? new InvalidMessageError(error.message) : error;
      await this.deadLetter(ch, msg, attempt, invalid);
      this.options.metrics?.handled?.(type, 'dead-letter', Date.now() - started);
      return undefined;
    }
  }

  private async handleMessage(ch: ConfirmChannel, msg: ConsumeMessage): Promise<void> {
    try {
      const item = await this.decode(ch, msg, Date.now());
      if (!item) return;
      const size = batchSizeOf(item.handler);
      if (size > 1) await this.enqueue(item, size);
      else await this.handleOne(item, item.event, new EventsContext([msg, item.attempt]));
    } catch (error) {
      await this.unsettled(ch, msg, error);
    }
  }

  /** Channel gone (reconnect) or DB down while dead-lettering: the unacked message is redelivered. */
  private async unsettled(ch: ConfirmChannel, msg: ConsumeMessage, error: unknown): Promise<void> {
    this.logger.warn(`could not settle message ${String(msg.properties.messageId)}: ${describeError(error)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // no hot loop while the DB is down
    try {
      ch.nack(msg, false, true);
    } catch {
      // channel already closed: the broker requeues it
    }
  }

  /** Runs the handler for one message, then acks, retries or dead-letters it. */
  private async handleOne(item: Decoded, data: unknown, ctx: EventsContext): Promise<void> {
    try {
      await invoke(item.handler, data, ctx, item.traceparent);
    } catch (thrown) {
      await this.failed(item, ctx.error ?? thrown);
      return;
    }
    item.ch.ack(item.msg);
    this.options.metrics?.handled?.(item.type, 'ack', Date.now() - item.started);
  }

  private async failed(item: Decoded, error: unknown): Promise<void> {
    if (isNonRetryable(error) || item.attempt > this.retryDelaysMs.length) {
      await this.deadLetter(item.ch, item.msg, item.attempt, error);
      this.options.metrics?.handled?.(item.type, 'dead-letter', Date.now() - item.started);
    } else {
      await this.retry(item.ch, item.msg, item.attempt, error);
      this.options.metrics?.handled?.(item.type, 'retry', Date.now() - item.started);
    }
  }

  // Batch handlers: messages delivered while the handler's previous batches run (already prefetched)
  // are gathered, up to its batch size, and handed over together (group commit). With no batch in
  // flight a message waits only for the end of the current event-loop turn.
  private readonly batches = new Map<MessageHandler, BatchQueue>();

  private enqueue(item: Decoded, size: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let queue = this.batches.get(item.handler);
      if (!queue) {
        queue = { pending: [], inFlight: 0, scheduled: false, size, concurrency: batchConcurrencyOf(item.handler) };
        this.batches.set(item.handler, queue);
      }
      queue.pending.push({ item, resolve, reject });
      if (queue.pending.length >= size) this.flush(queue);
      else if (!queue.scheduled) {
        queue.scheduled = true;
        setImmediate(() => {
          queue.scheduled = false;
          this.flush(queue);
        });
      }
    });
  }

  private flush(queue: BatchQueue): void {
    while (queue.pending.length > 0 && queue.inFlight < queue.concurrency) {
      const batch = queue.pending.splice(0, queue.size);
      queue.inFlight++;
      void this.runBatch(batch).finally(() => {
        queue.inFlight--;
        this.flush(queue);
      });
    }
  }

  /**
   * One call with every event; all acked once it resolves (its transaction committed). If it throws,
   * each message is handled again alone, so only the failing one retries or dead-letters. Settles each
   * pending message's promise with its own outcome.
   */
  private async runBatch(pending: Pending[]): Promise<void> {
    const items = pending.map((p) => p.item);
    const ctx = new EventsBatchContext(items.map((i) => [i.msg, i.attempt]));
    const alone = (p: Pending, c: EventsContext) => this.handleOne(p.item, [p.item.event], c).then(p.resolve, p.reject);
    if (items.length === 1) return alone(pending[0], ctx);
    try {
      await invoke(items[0].handler, items.map((i) => i.event), ctx, items[0].traceparent);
    } catch (thrown) {
      this.logger.warn(`batch of ${items.length} ${items[0].type} failed (${summary(ctx.error ?? thrown)}); handling each alone`);
      await Promise.all(pending.map((p) => alone(p, new EventsBatchContext([[p.item.msg, p.item.attempt]]))));
      return;
    }
    const now = Date.now();
    for (const p of pending) {
      try {
        p.item.ch.ack(p.item.msg);
        this.options.metrics?.handled?.(p.item.type, 'ack', now - p.item.started);
        p.resolve();
      } catch (error) {
        p.reject(error);
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

interface Decoded {
  ch: ConfirmChannel;
  msg: ConsumeMessage;
  attempt: number;
  type: string;
  event: IntegrationEvent;
  handler: MessageHandler;
  started: number;
  traceparent?: string;
}

interface Pending {
  item: Decoded;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * `@EventPattern(type, { batch: n })`: the handler receives arrays of up to n events, and at most
 * `batchConcurrency` (default 1) of its calls run at a time; messages arriving meanwhile form the next batch.
 */
export interface EventPatternBatchExtras {
  batch?: number;
  batchConcurrency?: number;
}

interface BatchQueue {
  pending: Pending[];
  inFlight: number;
  scheduled: boolean;
  size: number;
  concurrency: number;
}

function batchConcurrencyOf(handler: MessageHandler): number {
  const n = (handler.extras as EventPatternBatchExtras | undefined)?.batchConcurrency;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 1;
}

function batchSizeOf(handler: MessageHandler): number {
  const size = (handler.extras as EventPatternBatchExtras | undefined)?.batch;
  return typeof size === 'number' && Number.isInteger(size) && size > 1 ? size : 1;
}

async function invoke(handler: MessageHandler, data: unknown, ctx: EventsContext, traceparent: string | undefined): Promise<void> {
  await withTraceparent(traceparent, async () => {
    const result: unknown = await handler(data, ctx);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  });
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
