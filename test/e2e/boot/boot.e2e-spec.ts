import { createTestDatabase, createTestVhost, spawnNode, waitFor, type SpawnedNode, type TestDatabase, type TestVhost } from '@app/testing';
import { freePort, serviceEnv, SERVICES, within } from './services';

// Each service starts from dist/ as in production, against a throwaway database and vhost.
describe('service boot', () => {
  let db: TestDatabase;
  let vhost: TestVhost;
  const children: SpawnedNode[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    vhost = await createTestVhost();
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await db?.drop();
    await vhost?.drop();
  });

  it.each(SERVICES)('$name answers health and metrics, then exits 0 on SIGTERM', async ({ name, entry }) => {
    const port = await freePort();
    const child = spawnNode(entry, { env: serviceEnv({ PORT: String(port), DATABASE_URL: db.url, AMQP_URL: vhost.url }) });
    children.push(child);
    const base = `http://127.0.0.1:${port}`;
    await child.waitForOutput(new RegExp(`"msg":"${name} listening on ${base}"`), 30_000);

    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });

    // Ready may need a moment for the first connections.
    const ready = await waitFor(
      async () => {
        const res = await fetch(`${base}/health/ready`);
        return res.status === 200 ? ((await res.json()) as { checks: Record<string, string> }) : undefined;
      },
      { timeoutMs: 15_000, what: `${name} ready` },
    );
    expect(ready.checks).toMatchObject({ database: 'ok', broker: 'ok' });

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain(`service="${name}"`);
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health\/ready"/);

    child.kill('SIGTERM');
    const exit = await within(child.exited, 10_000, `${name} shutdown`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(child.output()).toContain(`"msg":"${name} stopped"`);
  });
});
