import { quoteIdent } from './data-source';

/**
 * The outbox / inbox / dead-letter tables of one service schema (design: docs/adr/0001). Every service's
 * first migration runs `up` in order (and `down` to revert).
 */
export function messagingTablesSql(schema: string): { up: string[]; down: string[] } {
  const s = quoteIdent(schema);
  return {
    up: [
      `CREATE SCHEMA IF NOT EXISTS ${s}`,
      `CREATE TABLE ${s}."outbox" (
        "id" bigserial PRIMARY KEY,
        "message_id" text NOT NULL UNIQUE,
        "type" text NOT NULL,
        "routing_key" text NOT NULL,
        "body" text NOT NULL,
        "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "published_at" timestamptz
      )`,
      // The relay only ever scans unpublished rows.
      `CREATE INDEX "outbox_unpublished_idx" ON ${s}."outbox" ("id") WHERE "published_at" IS NULL`,
      `CREATE TABLE ${s}."inbox" (
        "consumer" text NOT NULL,
        "message_id" text NOT NULL,
        "handled_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("consumer", "message_id")
      )`,
      `CREATE TABLE ${s}."dead_letters" (
        "id" bigserial PRIMARY KEY,
        "message_id" text,
        "type" text,
        "routing_key" text NOT NULL,
        "body" text NOT NULL,
        "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "error" text NOT NULL,
        "attempts" integer NOT NULL,
        "dead_lettered_at" timestamptz NOT NULL DEFAULT now(),
        "replayed_at" timestamptz
      )`,
      `CREATE INDEX "dead_letters_time_idx" ON ${s}."dead_letters" ("dead_lettered_at" DESC)`,
    ],
    down: [
      `DROP TABLE IF EXISTS ${s}."dead_letters"`,
      `DROP TABLE IF EXISTS ${s}."inbox"`,
      `DROP TABLE IF EXISTS ${s}."outbox"`,
    ],
  };
}
