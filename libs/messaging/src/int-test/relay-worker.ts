// An outbox relay in its own process, for kill tests (compiled to dist/, run with spawnNode).
// Env: RELAY_DB_URL, RELAY_AMQP_URL, RELAY_SCHEMA; RELAY_PAUSE_AFTER_PUBLISH=1 makes it print
// "PUBLISHED <ids>" once the broker confirmed a batch and then wait, before marking the rows, for the
// test to SIGKILL it. Without the flag it relays until SIGTERM.
import 'reflect-metadata';
import { createDataSource } from '@app/persistence';
import { connectBroker, createPublisherChannel } from '../connection';
import { OutboxRelay } from '../outbox-relay';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main() {
  // Never outlive a test that forgot to kill us.
  setTimeout(() => process.exit(3), 60_000);
  const dataSource = createDataSource({ url: env('RELAY_DB_URL'), schema: env('RELAY_SCHEMA'), poolSize: 2 });
  await dataSource.initialize();
  const connection = connectBroker(env('RELAY_AMQP_URL'), 'relay worker');
  const channel = createPublisherChannel(connection);
  await channel.waitForConnect();
  const pause = process.env.RELAY_PAUSE_AFTER_PUBLISH === '1';
  const relay = new OutboxRelay({
    dataSource,
    channel,
    pollIntervalMs: 100,
    afterPublish: pause
      ? (ids) => {
          console.log(`PUBLISHED ${ids.join(',')}`); // stdout to a pipe is synchronous: the test sees it
          return new Promise<void>(() => undefined); // the rows stay locked and unmarked until SIGKILL
        }
      : undefined,
  });
  relay.start();
  console.log('READY');
  process.once('SIGTERM', () => {
    void (async () => {
      await relay.stop();
      await channel.close();
      await connection.close();
      await dataSource.destroy();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
