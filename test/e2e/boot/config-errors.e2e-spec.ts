import { spawnNode } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { serviceEnv, SERVICES, within } from './services';

const valid = serviceEnv({
  PORT: '1', // never reached: every case below fails validation first
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
});

async function failingStart(entry: string, env: Record<string, string>) {
  const child = spawnNode(entry, { env });
  const exit = await within(child.exited, 10_000, 'exit on bad configuration');
  return { exit, output: child.output() };
}

describe('service configuration errors', () => {
  const config = SERVICES[0].entry;

  it('exits 1 at once naming a missing DATABASE_URL', async () => {
    const { exit, output } = await failingStart(config, { ...valid, DATABASE_URL: '' });
    expect(exit.code).toBe(1);
    expect(output).toContain('Configuration error: DATABASE_URL is missing');
    expect(output).not.toContain('listening on');
  });

  it('exits 1 naming a PORT that is not a number', async () => {
    const { exit, output } = await failingStart(config, { ...valid, PORT: 'abc' });
    expect(exit.code).toBe(1);
    expect(output).toContain('Configuration error: PORT is invalid: must be an integer between 1 and 65535');
  });

  it('exits 1 naming a too short ENCRYPTION_KEY without printing it', async () => {
    const short = randomBytes(16).toString('base64');
    const { exit, output } = await failingStart(config, { ...valid, ENCRYPTION_KEY: short });
    expect(exit.code).toBe(1);
    expect(output).toContain('Configuration error: ENCRYPTION_KEY is invalid: must be base64 of exactly 32 bytes');
    expect(output).not.toContain(short);
  });

  it.each(SERVICES)('$name names each of its required variables when the environment is empty', async ({ name, entry }) => {
    const empty = Object.fromEntries(
      ['DATABASE_URL', 'AMQP_URL', 'ENCRYPTION_KEY', 'JWT_SECRET', 'PUBLIC_GATEWAY_URL', 'PORT'].map((k) => [k, '']),
    );
    const { exit, output } = await failingStart(entry, empty);
    expect(exit.code).toBe(1);
    const named = output
      .split('\n')
      .filter((l) => l.startsWith('Configuration error:'))
      .map((l) => l.replace(/^Configuration error: (\w+) .*$/, '$1'));
    const required = ['AMQP_URL', 'DATABASE_URL', 'ENCRYPTION_KEY', 'JWT_SECRET'];
    expect(named).toEqual(name === 'config' ? [...required, 'PUBLIC_GATEWAY_URL'] : required);
  });
});
