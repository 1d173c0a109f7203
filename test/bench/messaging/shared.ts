// Pieces shared by the messaging bench's processes: the event contract, the schema, measurements.
import { IntegrationEvent, Type, ValidateNested, registerEvent } from '@app/contracts';
import { messagingTablesSql } from '@app/persistence';
import { IsInt, IsString } from 'class-validator';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';

export const SCHEMA = 'bench';
export const CONSUMER = 'bench';

export class BenchData {
  @IsString() sku!: string;
  @IsInt() n!: number;
}
export class BenchEventV1 extends IntegrationEvent<BenchData> {
  static readonly type = 'bench.item.changed.v1';
  @ValidateNested() @Type(() => BenchData) data!: BenchData;
}
registerEvent(BenchEventV1);

export class BenchInit1000000000001 implements MigrationInterface {
  name = 'BenchInit1000000000001';
  async up(q: QueryRunner) {
    for (const sql of messagingTablesSql(SCHEMA).up) await q.query(sql);
    await q.query(`CREATE TABLE "${SCHEMA}"."items" (sku text PRIMARY KEY, n int NOT NULL)`);
    await q.query(`CREATE TABLE "${SCHEMA}"."effects" (message_id text PRIMARY KEY, sku text NOT NULL)`);
  }
  async down() {}
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes on one machine. */
export const now = () => performance.timeOrigin + performance.now();

/** CPU milliseconds this process used since `from` (user + system). */
export function cpuMs(from?: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
}

/** CPU milliseconds used so far by the PostgreSQL backends serving `dataSource`'s database. */
export async function backendCpuMs(dataSource: DataSource): Promise<Map<number, number>> {
  const rows: { pid: number }[] = await dataSource.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields after the ")" of comm: state is 3rd overall, utime 14th, stime 15th; clock ticks are 10 ms here.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // backend gone or PostgreSQL on another host: not counted
    }
  }
  return ticks;
}

export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

export function percentiles(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { p50: p(0.5), p95: p(0.95), p99: p(0.99), max: s[s.length - 1] ?? NaN };
}

export const fmtLatency = (l: ReturnType<typeof percentiles>) =>
  `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms`;

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** What the consumer process reports back (as JSON in a file). */
export interface ConsumerReport {
  /** [event id, handler entered, handler's transaction committed] */
  handledAt: [string, number, number][];
  cpuMs: number;
  /** Handler invocations (events / calls = mean batch size). */
  calls: number;
  rss: number;
  maxRssKb: number;
  firstAt: number;
  lastAt: number;
}
