import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BROKER = process.env.TEST_AMQP_BASE_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface TestVhost {
  url: string;
  vhost: string;
  drop(): Promise<void>;
}

async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 });
  return stdout;
}

/**
 * Creates a vhost the guest user may use. Each rabbitmqctl call costs ~1 s, so create one per test
 * FILE (beforeAll), not per test.
 */
export async function createTestVhost(): Promise<TestVhost> {
  const vhost = `test-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  await rabbitmqctl('add_vhost', vhost);
  await rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
  return {
    url: `${BROKER}/${encodeURIComponent(vhost)}`,
    vhost,
    drop: async () => void (await rabbitmqctl('delete_vhost', vhost)),
  };
}

/** Closes every client connection of `vhost` from the broker side (as a broker restart would). */
export async function closeBrokerConnections(vhost: string, reason = 'closed by test'): Promise<void> {
  await rabbitmqctl('close_all_connections', '--vhost', vhost, reason);
}

/** Number of open client connections on `vhost`. */
export async function countBrokerConnections(vhost: string): Promise<number> {
  const out = await rabbitmqctl('list_connections', '--no-table-headers', 'vhost');
  return out.split('\n').filter((line) => line.trim() === vhost).length;
}
