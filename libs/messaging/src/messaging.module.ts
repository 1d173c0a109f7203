import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { DataSource } from 'typeorm';
import { connectBroker, createPublisherChannel } from './connection';
import { DeadLetters } from './dead-letters';
import { EventErrorInterceptor } from './event-error.interceptor';
import type { EventsServerOptions } from './events-server';
import { Inbox } from './inbox';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxRelay, type RelayLogger } from './outbox-relay';
import { schemaOf } from './schema';
import { DEFAULT_EXCHANGE, UNROUTED } from './topology';

/** The events server's options (so one object can feed both) and the publisher's. */
export interface MessagingModuleOptions extends EventsServerOptions {
  dataSource: DataSource;
  relay?: { batchSize?: number; pollIntervalMs?: number; inFlight?: number; enabled?: boolean };
  logger?: RelayLogger;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const MESSAGING_CHANNEL = Symbol('MESSAGING_CHANNEL');

/** Owns the publishing connection: starts the relay after bootstrap, stops it and closes on shutdown. */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_CHANNEL) private readonly channel: { connection: AmqpConnectionManager; channel: ChannelWrapper },
    private readonly relay: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.relay?.enabled !== false) this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.channel.channel.close().catch(() => undefined);
    await this.channel.connection.close().catch(() => undefined);
  }
}

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    const schema = schemaOf(options.dataSource);
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: MESSAGING_CHANNEL,
          useFactory: () => {
            const connection = connectBroker(options.url, `${options.service} publisher`);
            const channel = createPublisherChannel(connection, {
              exchange: options.exchange ?? DEFAULT_EXCHANGE,
              unrouted: options.unrouted ?? UNROUTED,
            });
            return { connection, channel };
          },
        },
        { provide: OutboxPublisher, useValue: new OutboxPublisher(schema) },
        { provide: Inbox, useValue: new Inbox(schema, options.dataSource) },
        {
          provide: DeadLetters,
          inject: [MESSAGING_CHANNEL],
          useFactory: (c: { channel: ChannelWrapper }) => new DeadLetters(options.dataSource, options.service, c.channel),
        },
        {
          provide: OutboxRelay,
          inject: [MESSAGING_CHANNEL],
          useFactory: (c: { channel: ChannelWrapper }) =>
            new OutboxRelay({
              dataSource: options.dataSource,
              channel: c.channel,
              exchange: options.exchange,
              batchSize: options.relay?.batchSize,
              pollIntervalMs: options.relay?.pollIntervalMs,
              inFlight: options.relay?.inFlight,
              logger: options.logger,
              metrics: options.metrics,
            }),
        },
        MessagingLifecycle,
        // Keeps handlers' original errors for dead letters (applies to a hybrid app's microservice
        // when it is connected with { inheritAppConfig: true }).
        { provide: APP_INTERCEPTOR, useClass: EventErrorInterceptor },
      ],
      exports: [OutboxPublisher, Inbox, DeadLetters, OutboxRelay, MESSAGING_OPTIONS],
    };
  }
}
