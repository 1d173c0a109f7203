import { Injectable } from '@nestjs/common';
import { connect, type ChannelModel } from 'amqplib';
import { DataSource } from 'typeorm';

/** One dependency /health/ready asks about. `check` resolves when healthy and rejects otherwise. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
  /** Releases what the check holds (connections); called at shutdown. */
  close?(): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `SELECT 1` on a DataSource someone else owns (e.g. the service's own). */
export function dataSourceCheck(dataSource: Pick<DataSource, 'query'>, name = 'database'): ReadinessCheck {
  return {
    name,
    async check() {
      await dataSource.query('SELECT 1');
    },
  };
}

/** `SELECT 1` over a one-connection TypeORM DataSource this check opens lazily and owns. */
export function postgresCheck(url: string, name = 'database'): ReadinessCheck {
  let dataSource: DataSource | undefined;
  let opening: Promise<DataSource> | undefined;
  const open = async (): Promise<DataSource> => {
    if (dataSource?.isInitialized) return dataSource;
    opening ??= new DataSource({
      type: 'postgres',
      url,
      poolSize: 1,
      connectTimeoutMS: 2000,
      applicationName: 'readiness',
    })
      .initialize()
      .then((ds) => (dataSource = ds))
      .finally(() => (opening = undefined));
    return opening;
  };
  return {
    name,
    async check() {
      const ds = await open();
      await ds.query('SELECT 1');
    },
    async close() {
      const ds = dataSource ?? (await opening?.catch(() => undefined));
      dataSource = undefined;
      if (ds?.isInitialized) await ds.destroy();
    },
  };
}

/** Healthy while an AMQP connection to `url` is open; reconnects on the next check after a loss. */
export function amqpCheck(url: string, name = 'broker'): ReadinessCheck {
  let connection: ChannelModel | undefined;
  let opening: Promise<ChannelModel> | undefined;
  let closed = false;
  const open = async (): Promise<ChannelModel> => {
    if (connection) return connection;
    opening ??= connect(url, { timeout: 2000 })
      .then((c) => {
        c.on('error', () => undefined); // 'close' follows; the next check reconnects
        c.on('close', () => {
          if (connection === c) connection = undefined;
        });
        if (closed) {
          void c.close().catch(() => undefined);
          throw new Error('check closed');
        }
        return (connection = c);
      })
      .finally(() => (opening = undefined));
    return opening;
  };
  return {
    name,
    async check() {
      await open();
    },
    async close() {
      closed = true;
      const c = connection ?? (await opening?.catch(() => undefined));
      connection = undefined;
      await c?.close().catch(() => undefined);
    },
  };
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'ok' | 'failing'>;
  failing: string[];
}

/**
 * The checks /health/ready runs. Modules add theirs with `add` (e.g. a breaker state); a service
 * that is shutting down reports not ready so traffic drains away before it closes.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks: ReadinessCheck[] = [];
  private draining = false;

  add(...checks: ReadinessCheck[]): void {
    this.checks.push(...checks);
  }

  names(): string[] {
    return this.checks.map((c) => c.name);
  }

  markDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async run(timeoutMs = 3000): Promise<ReadinessReport & { errors: Record<string, string> }> {
    const checks: Record<string, 'ok' | 'failing'> = {};
    const errors: Record<string, string> = {};
    if (this.draining) {
      checks['shutdown'] = 'failing';
      errors['shutdown'] = 'service is shutting down';
    }
    await Promise.all(
      this.checks.map(async (c) => {
        try {
          await withTimeout(c.check(), timeoutMs, c.name);
          checks[c.name] = 'ok';
        } catch (err) {
          checks[c.name] = 'failing';
          errors[c.name] = err instanceof Error ? err.message : String(err);
        }
      }),
    );
    const failing = Object.keys(checks).filter((n) => checks[n] === 'failing');
    return { ready: failing.length === 0, checks, failing, errors };
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.checks.map((c) => c.close?.().catch(() => undefined)));
  }
}
