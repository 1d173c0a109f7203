import { Writable } from 'node:stream';
import { createLogger, NestPinoLogger } from './logger';
import { maskSecrets } from './redaction';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('test-service', 'trace', stream);
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, parsed, text: () => lines.join('\n') };
}

const HEX_TOKEN = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const SANDBOX_TOKEN = 'demo-token-0000000000000000000000000000000000';
const WEBHOOK_SECRET = 'Zk3vQ9xLr2pW8sTb';

describe('createLogger', () => {
  it('writes JSON with service and level', () => {
    const { logger, parsed } = capture();
    logger.info({ orderId: 'o-1' }, 'sent');
    expect(parsed()[0]).toMatchObject({ level: 'info', service: 'test-service', orderId: 'o-1', msg: 'sent' });
  });

  it('redacts token, secret, password and authorization fields', () => {
    const { logger, text, parsed } = capture();
    logger.info(
      {
        token: 'plain-token-value',
        integration: { secret: 'plain-secret-value', password: 'hunter2hunter2' },
        headers: { authorization: 'Bearer abc.def.ghi' },
      },
      'settings saved',
    );
    expect(text()).not.toMatch(/plain-token-value|plain-secret-value|hunter2|abc\.def\.ghi/);
    expect(parsed()[0]).toMatchObject({ token: '[redacted]', headers: { authorization: '[redacted]' } });
  });

  it('redacts secret-looking fields at any depth', () => {
    const { logger, text } = capture();
    logger.info({ a: { b: { c: { d: { tinyToken: 'deep-token-value', webhookSecret: 'deep-secret' } } } } }, 'x');
    expect(text()).not.toMatch(/deep-token-value|deep-secret/);
  });

  it('masks 32+ hex tokens and the sandbox token inside messages', () => {
    const { logger, text } = capture();
    logger.warn(`calling Tiny with token=${HEX_TOKEN} failed`);
    logger.info(`account ${SANDBOX_TOKEN} created`);
    logger.info({ note: `key ${HEX_TOKEN.toUpperCase()}` }, 'nested string');
    expect(text()).not.toContain(HEX_TOKEN);
    expect(text()).not.toContain(HEX_TOKEN.toUpperCase());
    expect(text()).not.toContain('0000000000000000000000000000000000');
    expect(text()).toContain('[redacted]');
  });

  it('masks the secret segment of webhook URLs but keeps id and kind', () => {
    const { logger, text } = capture();
    logger.info({ url: `/tiny/webhooks/int-42/${WEBHOOK_SECRET}/stock` }, `POST /tiny/webhooks/int-42/${WEBHOOK_SECRET}/stock`);
    expect(text()).not.toContain(WEBHOOK_SECRET);
    expect(text()).toContain('/tiny/webhooks/int-42/[redacted]/stock');
  });

  it('masks tokens inside error messages and stacks', () => {
    const { logger, text } = capture();
    logger.error({ err: new Error(`Tiny refused token ${HEX_TOKEN}`) }, 'call failed');
    expect(text()).not.toContain(HEX_TOKEN);
    expect(text()).toContain('Tiny refused token [redacted]');
  });

  it('keeps every line valid JSON after masking', () => {
    const { logger, lines } = capture();
    logger.info({ q: `"quoted" token="${HEX_TOKEN}" \\ back` }, `Bearer ${HEX_TOKEN}`);
    expect(() => lines.map((l) => JSON.parse(l))).not.toThrow();
  });

  it('leaves ordinary ids alone', () => {
    expect(maskSecrets('order 5f0c8f5e-7c1b-4c0a-9d3e-2f6a1b7c9d10 sku ABC-123')).toBe(
      'order 5f0c8f5e-7c1b-4c0a-9d3e-2f6a1b7c9d10 sku ABC-123',
    );
  });
});

describe('NestPinoLogger', () => {
  it('turns the Nest context into a field and masks the message', () => {
    const { logger, parsed } = capture();
    const nest = new NestPinoLogger(logger);
    nest.log(`token ${HEX_TOKEN}`, 'RoutesResolver');
    nest.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    const [info, error] = parsed();
    expect(info).toMatchObject({ level: 'info', context: 'RoutesResolver', msg: 'token [redacted]' });
    expect(error).toMatchObject({ level: 'error', context: 'ExceptionsHandler', msg: 'boom', stack: expect.stringContaining('at x') });
  });

  it('keeps the message of pino-style calls made through a Nest Logger (fields first, then text)', () => {
    const { logger, parsed } = capture();
    const nest = new NestPinoLogger(logger);
    // What `new Logger('Ctx').warn({ orderId }, 'text')` hands the logger service: the context comes last.
    nest.warn({ orderId: 'o-7' }, 'order parked', 'Ctx');
    nest.error({ err: new Error('db down') }, 'batch failed', 'Ctx');
    const [warn, error] = parsed();
    expect(warn).toMatchObject({ level: 'warn', context: 'Ctx', orderId: 'o-7', msg: 'order parked' });
    expect(warn).not.toHaveProperty('details');
    expect(error).toMatchObject({ level: 'error', context: 'Ctx', msg: 'batch failed', err: { message: 'db down' } });
    expect(error).not.toHaveProperty('stack');
  });
});
