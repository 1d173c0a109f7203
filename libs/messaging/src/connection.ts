import { connect, type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { assertEventsExchange, type ExchangeTopology } from './topology';

/** Reconnecting broker connection: amqp-connection-manager re-runs channel setups after every reconnect. */
export function connectBroker(url: string, name = 'uplaces'): AmqpConnectionManager {
  const manager = connect([url], {
    heartbeatIntervalInSeconds: 5,
    reconnectTimeInSeconds: 0.5,
    connectionOptions: { clientProperties: { connection_name: name } },
  });
  manager.on('connect', ({ connection }: { connection: unknown }) => coalesceFrameWrites(connection));
  return manager;
}

interface Mux {
  _readIncoming(): void;
  out: { cork(): void; uncork(): void };
  [COALESCED]?: true;
}
const COALESCED = Symbol('coalesced');

/**
 * amqplib's connection muxer flushes the frames queued by its channels once per event-loop turn, but
 * writes them to the socket one by one: one syscall per publish and per ack, the largest cost of the
 * relay and the consumer after PostgreSQL. Corking the socket for the duration of that flush sends
 * the whole turn's frames in one write. Flow control is unchanged (write() still reports a full
 * buffer, and the muxer waits for 'drain'). Returns false, changing nothing, if amqplib's internals
 * are not the expected ones.
 */
export function coalesceFrameWrites(channelModel: unknown): boolean {
  const mux = (channelModel as { connection?: { muxer?: Partial<Mux> } } | undefined)?.connection?.muxer;
  if (!mux || typeof mux._readIncoming !== 'function' || typeof mux.out?.cork !== 'function') return false;
  if (mux[COALESCED]) return true;
  const full = mux as Mux;
  const flush = full._readIncoming.bind(full);
  full._readIncoming = () => {
    full.out.cork();
    try {
      flush();
    } finally {
      full.out.uncork();
    }
  };
  full[COALESCED] = true;
  return true;
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
