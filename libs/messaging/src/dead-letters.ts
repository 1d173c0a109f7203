import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import type { DataSource } from 'typeorm';
import { DeadLetterAlreadyReplayedError, DeadLetterNotFoundError } from './errors';
import { schemaOf, table } from './schema';
import { HEADERS, type WireHeaders } from './wire';

export interface DeadLetter {
  id: string;
  messageId: string | null;
  type: string | null;
  routingKey: string;
  /** The raw body as received (may be invalid JSON: that can be why it is here). */
  body: string;
  headers: Record<string, unknown>;
  error: string;
  attempts: number;
  deadLetteredAt: Date;
  replayedAt: Date | null;
}

interface DeadLetterRow {
  id: string;
  message_id: string | null;
  type: string | null;
  routing_key: string;
  body: string;
  headers: Record<string, unknown>;
  error: string;
  attempts: number;
  dead_lettered_at: Date;
  replayed_at: Date | null;
}

const toDeadLetter = (r: DeadLetterRow): DeadLetter => ({
  id: String(r.id),
  messageId: r.message_id,
  type: r.type,
  routingKey: r.routing_key,
  body: r.body,
  headers: r.headers,
  error: r.error,
  attempts: r.attempts,
  deadLetteredAt: r.dead_lettered_at,
  replayedAt: r.replayed_at,
});

/** The tenant a dead letter belongs to: its x-tenant-id header, else the body's tenantId (if it parses). */
export function tenantOfDeadLetter(d: DeadLetter): string | null {
  const h = d.headers[HEADERS.tenant];
  if (typeof h === 'string') return h;
  try {
    const body = JSON.parse(d.body) as { tenantId?: unknown };
    return typeof body.tenantId === 'string' ? body.tenantId : null;
  } catch {
    return null;
  }
}

/** Headers that describe a past failure; dropped when a dead letter is replayed. */
const FAILURE_HEADERS = new Set<string>([HEADERS.attempts, HEADERS.lastError, HEADERS.error, HEADERS.deadLetteredAt, 'x-death']);

/**
 * The service's dead letters, stored in its `dead_letters` table when the consumer gives up (the
 * `<service>.dlq` queue holds a broker-side copy). Replay republishes to the service queue.
 */
export class DeadLetters {
  private readonly schema: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly service: string,
    /** Confirm channel used for replay; optional for a consumer that only records. */
    private readonly channel?: ChannelWrapper,
  ) {
    this.schema = schemaOf(dataSource);
  }

  /**
   * One tenant's letters, newest first (see tenantOfDeadLetter): PostgreSQL picks the candidates (tenant
   * header, or no header and the id somewhere in the body), the exact test runs here, over the newest
   * 5,000 candidates.
   */
  async list({ tenantId, limit = 50, offset = 0 }: { tenantId: string; limit?: number; offset?: number }): Promise<{
    items: DeadLetter[];
    total: number;
  }> {
    const size = Math.min(Math.max(limit, 1), 500);
    const from = Math.max(offset, 0);
    const rows: DeadLetterRow[] = await this.dataSource.query(
      `SELECT * FROM ${table(this.schema, 'dead_letters')}
       WHERE headers->>$2 = $1 OR (headers->>$2 IS NULL AND strpos(body, $1) > 0) ORDER BY id DESC LIMIT 5000`,
      [tenantId, HEADERS.tenant],
    );
    const mine = rows.map(toDeadLetter).filter((d) => tenantOfDeadLetter(d) === tenantId);
    return { items: mine.slice(from, from + size), total: mine.length };
  }

  async get(id: string): Promise<DeadLetter | null> {
    const rows: DeadLetterRow[] = await this.dataSource.query(
      `SELECT * FROM ${table(this.schema, 'dead_letters')} WHERE id = $1`,
      [id],
    );
    return rows[0] ? toDeadLetter(rows[0]) : null;
  }

  /**
   * Republishes the dead letter to the service queue with a fresh attempt count, then marks it
   * replayed. Throws DeadLetterNotFoundError / DeadLetterAlreadyReplayedError.
   */
  async replay(id: string): Promise<void> {
    if (!this.channel) throw new Error('DeadLetters has no broker channel to replay with');
    if (!/^\d+$/.test(id)) throw new DeadLetterNotFoundError(id);
    await this.dataSource.transaction(async (m) => {
      const rows: DeadLetterRow[] = await m.query(
        `SELECT * FROM ${table(this.schema, 'dead_letters')} WHERE id = $1 FOR UPDATE`,
        [id],
      );
      const row = rows[0];
      if (!row) throw new DeadLetterNotFoundError(id);
      if (row.replayed_at) throw new DeadLetterAlreadyReplayedError(id);
      const headers = Object.fromEntries(Object.entries(row.headers).filter(([k]) => !FAILURE_HEADERS.has(k)));
      await this.channel!.publish('', this.service, Buffer.from(row.body), {
        persistent: true,
        contentType: 'application/json',
        messageId: row.message_id ?? undefined,
        type: row.type ?? undefined,
        timestamp: Math.floor(Date.now() / 1000),
        headers: { ...headers, [HEADERS.routingKey]: row.routing_key, [HEADERS.replayedFrom]: String(row.id) },
      });
      await m.query(`UPDATE ${table(this.schema, 'dead_letters')} SET replayed_at = now() WHERE id = $1`, [id]);
    });
  }

  /** Called by the consumer when it gives up on a message. */
  async record(msg: ConsumeMessage, error: string, attempts: number, headers: WireHeaders): Promise<void> {
    const p = msg.properties;
    const stored = { ...(p.headers ?? {}), ...headers };
    delete (stored as Record<string, unknown>)['x-death'];
    await this.dataSource.query(
      `INSERT INTO ${table(this.schema, 'dead_letters')} (message_id, type, routing_key, body, headers, error, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        (p.messageId as string | undefined) ?? null,
        (p.type as string | undefined) ?? null,
        String(headers[HEADERS.routingKey] ?? msg.fields.routingKey),
        msg.content.toString('utf8').replaceAll(String.fromCharCode(0), ''), // text columns refuse NUL
        JSON.stringify(stored),
        error,
        attempts,
      ],
    );
  }
}

