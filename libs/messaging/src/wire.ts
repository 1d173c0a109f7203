import { randomFillSync } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ConsumeMessage, Options } from 'amqplib';

/** Headers our transport adds. Other publishers only need the wire format of architecture.md. */
export const HEADERS = {
  tenant: 'x-tenant-id',
  traceparent: 'traceparent',
  attempts: 'x-attempts',
  lastError: 'x-last-error',
  error: 'x-error',
  routingKey: 'x-original-routing-key',
  deadLetteredAt: 'x-dead-lettered-at',
  replayedFrom: 'x-replayed-from',
} as const;

export type WireHeaders = Record<string, string | number>;

/** AMQP properties of an event on the wire: messageId = id, type = type, JSON body, persistent. */
export function publishOptions(
  event: { id: string; type: string; tenantId: string; time?: string },
  headers: WireHeaders = {},
): Options.Publish {
  return {
    persistent: true,
    contentType: 'application/json',
    messageId: event.id,
    type: event.type,
    timestamp: Math.floor((event.time ? Date.parse(event.time) : Date.now()) / 1000),
    headers: { [HEADERS.tenant]: event.tenantId, ...headers },
  };
}

/** Copies a received message's properties for republishing (retry, DLQ, replay). */
export function republishOptions(msg: ConsumeMessage, headers: WireHeaders): Options.Publish {
  const p = msg.properties;
  const kept = Object.fromEntries(
    Object.entries((p.headers ?? {}) as Record<string, unknown>).filter(([k]) => k !== 'x-death' && k !== 'x-first-death-exchange' && k !== 'x-first-death-queue' && k !== 'x-first-death-reason'),
  );
  return {
    persistent: true,
    contentType: p.contentType as string | undefined,
    messageId: p.messageId as string | undefined,
    type: p.type as string | undefined,
    timestamp: p.timestamp as number | undefined,
    appId: p.appId as string | undefined,
    correlationId: p.correlationId as string | undefined,
    headers: { ...kept, ...headers },
  };
}

const traceStore = new AsyncLocalStorage<string>();

// Random ids come from a pooled buffer: one randomFillSync per 256 ids instead of one per id.
const pool = Buffer.alloc(24 * 256);
let poolOffset = pool.length;
function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += bytes;
  return pool.toString('hex', poolOffset - bytes, poolOffset);
}

const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$/;

/** W3C traceparent: same trace as `parent` (if valid) with a new span id, else a new trace. */
export function nextTraceparent(parent = traceStore.getStore()): string {
  const span = randomHex(8);
  const match = parent && TRACEPARENT.exec(parent);
  return match ? `00-${match[1]}-${span}-${match[2]}` : `00-${randomHex(16)}-${span}-01`;
}

/** Runs `fn` with the traceparent of the message being handled, so events it emits join the trace. */
export function withTraceparent<T>(traceparent: string | undefined, fn: () => T): T {
  return traceparent ? traceStore.run(traceparent, fn) : fn();
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null) {
    try {
      return JSON.stringify(error);
    } catch {
      return String(error);
    }
  }
  return String(error);
}
