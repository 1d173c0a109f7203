import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerControlRoutes } from './control/routes';
import { fail, resultCodeOf, type TinyBody } from './quirks/envelope';
import { mergeParams, str, type Params } from './quirks/params';
import { toXml } from './quirks/xml';
import type { Sandbox } from './sandbox';
import { SERVICES } from './services';

/** Marks a JSON body that did not parse (the API answers code 3, the control API 400). */
export const MALFORMED = '__malformedJson';

function parseBody(contentType: string | undefined, raw: string): unknown {
  if (raw.trim() === '') return {};
  const ct = (contentType ?? '').toLowerCase();
  const asForm = (): Record<string, string> => Object.fromEntries(new URLSearchParams(raw));
  if (ct.includes('json')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return { [MALFORMED]: true };
    }
  }
  if (ct.includes('x-www-form-urlencoded')) return asForm();
  // Unknown or missing content type: JSON if it looks like it, else a form body.
  const t = raw.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return { [MALFORMED]: true };
    }
  }
  return asForm();
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Never answers: the client gives up (or the sandbox closes the socket on shutdown). */
function hang(reply: FastifyReply): void {
  reply.hijack();
}

function drop(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
}

async function handleApi(sandbox: Sandbox, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const rawName = (request.params as { service: string }).service;
  const service = rawName.endsWith('.php') ? rawName.slice(0, -4) : rawName;
  const params: Params = mergeParams(request.query, request.body);
  // Without formato=json Tiny answers XML; the sandbox renders the same envelope as XML.
  const asJson = str(params, 'formato').toLowerCase() === 'json';
  const send = (body: TinyBody): FastifyReply =>
    asJson
      ? reply.type('application/json; charset=utf-8').send(JSON.stringify(body))
      : reply.type('text/xml; charset=utf-8').send(toXml(body));

  const def = SERVICES.get(service);
  if (!def) {
    reply.code(404).type('text/html; charset=utf-8').send('<html><body><h1>404 Not Found</h1></body></html>');
    return;
  }
  const token = str(params, 'token');
  if (!token) {
    sandbox.unauthenticated.record(service, '1');
    send(fail(1));
    return;
  }
  const acc = sandbox.findAccount(token);
  if (!acc) {
    sandbox.unauthenticated.record(service, '2');
    send(fail(2));
    return;
  }
  reply.header('x-limit-api', String(acc.settings.planLimit));
  const record = (result: string): void => acc.stats.record(service, result);
  if (acc.settings.planLimit <= 0) {
    record('5');
    send(fail(5));
    return;
  }

  // Faults "in front of Tiny" do not consume the rate window.
  const now = Date.now();
  const fault = acc.faults.takeBefore(service, now, str(params, 'id') || undefined);
  if (fault) {
    switch (fault.kind) {
      case 'http5xx': {
        const status = fault.status ?? 503;
        record(`http${status}`);
        reply.code(status).type('text/html; charset=utf-8').send(`<html><body><h1>${status}</h1></body></html>`);
        return;
      }
      case 'timeout':
        record('timeout');
        hang(reply);
        return;
      case 'drop':
        record('drop');
        drop(request, reply);
        return;
      case 'rateLimited':
        record('6');
        send(fail(6));
        return;
      case 'maintenance':
        record('99');
        send(fail(99));
        return;
      case 'tinyError': {
        const code = fault.code ?? 35;
        record(String(code));
        send(fail(code));
        return;
      }
      default:
        break;
    }
  }

  if (str(params, MALFORMED) === 'true') {
    // Not counted against the window: Tiny rejects it before processing.
    record('3');
    send(fail(3));
    return;
  }

  const verdict = acc.limiter.tryAcquire(def.batch === true, now);
  if (verdict !== 'ok') {
    const code = verdict === 'concurrency' ? 11 : 6;
    record(String(code));
    send(fail(code));
    return;
  }
  try {
    const latency = acc.faults.latencyFor(service, now);
    if (latency > 0) await sleep(latency);
    let body: TinyBody;
    try {
      body = def.handler({ account: acc, params, now: Date.now() });
    } catch (err) {
      request.log.error({ err, service }, 'sandbox handler failed');
      body = fail(35);
    }
    if (acc.faults.takeAfter(service, Date.now())) {
      // The call WAS processed (e.g. the order exists) but the answer never comes.
      record('timeout');
      hang(reply);
      return;
    }
    record(resultCodeOf(body));
    send(body);
  } finally {
    acc.limiter.release();
  }
}

export function buildServer(sandbox: Sandbox, opts: { logger: boolean }): FastifyInstance {
  const app = Fastify({
    logger: opts.logger,
    forceCloseConnections: true,
    bodyLimit: 20 * 1024 * 1024,
    keepAliveTimeout: 5_000,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    done(null, parseBody(req.headers['content-type'], typeof body === 'string' ? body : body.toString('utf8')));
  });
  app.route({
    method: ['GET', 'POST'],
    url: '/api2/:service',
    handler: async (request, reply) => handleApi(sandbox, request, reply),
  });
  registerControlRoutes(app, sandbox);
  return app;
}
