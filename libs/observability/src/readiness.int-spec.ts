import { amqpCheck, postgresCheck } from './readiness';

const PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP = 'amqp://guest:guest@127.0.0.1:5672';

describe('readiness checks against the real PostgreSQL and RabbitMQ', () => {
  it('postgresCheck passes on a reachable database and fails on a missing one', async () => {
    const ok = postgresCheck(PG);
    const missing = postgresCheck('postgres://postgres@127.0.0.1:5432/no_such_database_for_readiness');
    try {
      await expect(ok.check()).resolves.toBeUndefined();
      await expect(ok.check()).resolves.toBeUndefined(); // reuses its connection
      await expect(missing.check()).rejects.toThrow(/no_such_database_for_readiness/);
    } finally {
      await ok.close?.();
      await missing.close?.();
    }
  });

  it('amqpCheck passes on a reachable broker and fails on a wrong vhost', async () => {
    const ok = amqpCheck(AMQP);
    const wrong = amqpCheck(`${AMQP}/no-such-vhost-for-readiness`);
    try {
      await expect(ok.check()).resolves.toBeUndefined();
      await expect(wrong.check()).rejects.toThrow();
    } finally {
      await ok.close?.();
      await wrong.close?.();
    }
  });
});
