import { freePort, spawnNode, waitFor, type SpawnedNode } from '@app/testing';
import * as amqp from 'amqplib';
import { DEFAULT_EXCHANGE } from '../topology';
import { SCHEMA, effectCount, sample, setupHarness, type Harness } from './harness';

/** A real process, a real SIGTERM: the message in the handler finishes and is acked, the rest stay queued. */
describe('graceful shutdown (SIGTERM) of a consuming service', () => {
  let h: Harness;
  const children: SpawnedNode[] = [];
  const start = async () => {
    const child = spawnNode('dist/libs/messaging/src/int-test/drain-worker.js', {
      env: { DRAIN_DB_URL: h.db.url, DRAIN_AMQP_URL: h.vhost.url, DRAIN_SCHEMA: SCHEMA, PORT: String(await freePort()), HANDLER_MS: '1500' },
    });
    children.push(child);
    await child.waitForOutput(/^READY/, 30_000);
    return child;
  };

  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await h?.close();
  });

  it('drains the handler in flight, exits 0, and leaves the waiting messages for the next start', async () => {
    const first = await start();
    const events = [1, 2, 3].map((n) => sample(n));
    const conn = await amqp.connect(h.vhost.url);
    const ch = await conn.createConfirmChannel();
    for (const e of events) {
      ch.publish(DEFAULT_EXCHANGE, e.type, Buffer.from(JSON.stringify(e)), { persistent: true, messageId: e.id, type: e.type, contentType: 'application/json' });
    }
    await ch.waitForConfirms();
    await conn.close();

    await first.waitForOutput(/^HANDLING 1/, 10_000);
    first.kill('SIGTERM'); // mid-handler: 1.5 s of work left
    const { code } = await first.exited;
    expect(code).toBe(0);
    const out = first.output();
    expect(out).toMatch(/^DONE 1/m); // the shutdown waited for it
    expect(await effectCount(h.dataSource)).toBe(1);
    expect(out).not.toMatch(/^HANDLING [23]/m); // nothing new was taken while draining

    // The next process gets the two that waited, and the first one is not applied twice.
    const second = await start();
    await waitFor(async () => (await effectCount(h.dataSource)) === 3, { timeoutMs: 20_000, what: 'all three effects' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await effectCount(h.dataSource)).toBe(3);
    const [{ n }]: { n: string }[] = await h.dataSource.query(`SELECT count(*) AS n FROM "${SCHEMA}"."dead_letters"`);
    expect(Number(n)).toBe(0);
    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
