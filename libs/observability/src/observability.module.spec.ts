import { Writable } from 'node:stream';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createLogger } from './logger';
import { ObservabilityModule } from './observability.module';
import { ReadinessRegistry } from './readiness';

const silent = createLogger('spec', 'silent', new Writable({ write: (_c, _e, done) => done() }));

async function start(checks: Array<{ name: string; check(): Promise<void> }>): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [ObservabilityModule.forRoot({ service: 'spec', readiness: checks, logger: silent })],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('ObservabilityModule', () => {
  let app: NestFastifyApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers live and ready when every check passes', async () => {
    app = await start([{ name: 'database', check: async () => undefined }]);
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(live.statusCode).toBe(200);
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok', checks: { database: 'ok' }, failing: [] });
  });

  it('answers 503 naming the failing checks', async () => {
    app = await start([
      { name: 'database', check: async () => undefined },
      { name: 'broker', check: async () => Promise.reject(new Error('ECONNREFUSED')) },
    ]);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'unavailable', failing: ['broker'], checks: { database: 'ok', broker: 'failing' } });
  });

  it('reports not ready while draining, and takes checks added later', async () => {
    app = await start([]);
    const registry = app.get(ReadinessRegistry);
    registry.add({ name: 'tiny-breaker', check: async () => Promise.reject(new Error('open')) });
    registry.markDraining();
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().failing.sort()).toEqual(['shutdown', 'tiny-breaker']);
  });

  it('exposes default metrics and the request duration histogram by route template', async () => {
    app = await start([]);
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'GET', url: '/no/such/route' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
    expect(metrics.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health\/live"[^}]*status_code="200"/);
    expect(metrics.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*status_code="404"/);
  });
});
