import { connect, type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { assertEventsExchange, type ExchangeTopology } from './topology';

/** Reconnecting broker connection: amqp-connection-manager re-runs channel setups after every reconnect. */
export function connectBroker(url: string, name = 'uplaces'): AmqpConnectionManager {
  return connect([url], {
    heartbeatIntervalInSeconds: 5,
    reconnectTimeInSeconds: 0.5,
    connectionOptions: { clientProperties: { connection_name: name } },
  });
}

/**
 * A confirm channel for publishing that declares the events exchange on every (re)connect. Its
 * publish() resolves on the broker's confirm and republishes unconfirmed messages after a reconnect.
 */
export function createPublisherChannel(
  connection: AmqpConnectionManager,
  topology: ExchangeTopology = {},
  publishTimeoutMs = 10_000,
): ChannelWrapper {
  return connection.createChannel({
    name: 'publisher',
    confirm: true,
    json: false,
    publishTimeout: publishTimeoutMs,
    setup: (ch: ConfirmChannel) => assertEventsExchange(ch, topology),
  });
}
