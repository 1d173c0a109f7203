import type { DataSource } from 'typeorm';

/** The messaging tables live in the DataSource's schema (one schema per service). */
export function schemaOf(dataSource: DataSource): string {
  return (dataSource.options as { schema?: string }).schema ?? 'public';
}

export function table(schema: string, name: 'outbox' | 'inbox' | 'dead_letters'): string {
  return `"${schema.replace(/"/g, '""')}"."${name}"`;
}

/** NOTIFY channel the outbox relay LISTENs on. */
export function outboxChannel(schema: string): string {
  return `outbox_${schema}`;
}
