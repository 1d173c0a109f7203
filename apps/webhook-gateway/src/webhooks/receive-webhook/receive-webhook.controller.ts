import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { WebhookGatewayEnv } from '../../config';
import { maskedPath, ReceiveWebhook, type WebhookAnswer, type WebhookBody } from './receive-webhook.usecase';

export const WEBHOOK_ROUTE = '/tiny/webhooks/:integrationId/:secret/:kind';

interface Params {
  integrationId: string;
  secret: string;
  kind: string;
}

/**
 * HTTP side of POST /tiny/webhooks/:integrationId/:secret/:kind. Registered straight on fastify, in
 * its own encapsulated context, so this route alone gets its body limit, its own body parsing (JSON,
 * form-encoded, empty, or untyped) and error handler, and skips Nest's per-request pipeline on the
 * hot path (ADR 0006). Request logs of this route show the path with the secret masked.
 */
@Injectable()
export class ReceiveWebhookController implements OnModuleInit {
  private readonly logger = new Logger(ReceiveWebhookController.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly receive: ReceiveWebhook,
    private readonly env: WebhookGatewayEnv,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const bodyLimit = this.env.WEBHOOK_BODY_LIMIT_BYTES;
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      // Every content type (and none) arrives as bytes; decode() decides JSON vs form.
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
      scope.route<{ Params: Params }>({
        method: 'POST',
        url: WEBHOOK_ROUTE,
        bodyLimit,
        // @fastify/helmet builds its middleware again on every request; send() sets the same headers, computed once.
        config: { helmet: { skipRoute: true } },
        logSerializers: {
          req: (req: FastifyRequest) => ({ method: req.method, url: maskSecret(req.url) }),
        },
        errorHandler: (err: FastifyError, req: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => this.onError(err, req, reply),
        handler: (req, reply) => this.handle(req, reply),
      });
    });
  }

  private async handle(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<void> {
    const { integrationId, secret, kind } = req.params;
    const answer = await this.receive.execute({ integrationId, secret, kind, body: decode(req.body, req.headers['content-type']), remoteIp: req.ip ?? null });
    send(reply, answer);
  }

  private onError(err: FastifyError, req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): void {
    const { integrationId = '', secret = '', kind = '' } = req.params ?? {};
    if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      send(reply, this.receive.tooLarge({ integrationId, secret, kind, remoteIp: req.ip ?? null }));
      return;
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      send(reply, { status: err.statusCode, body: JSON.stringify({ error: 'bad_request', message: 'Requisição inválida' }) });
      return;
    }
    // No stack or internals in the answer; 503 so Tiny resends.
    this.logger.error(`webhook ${maskedPath(integrationId, kind)} failed: ${err.message}`);
    send(reply, { status: 503, body: JSON.stringify({ error: 'unavailable', message: 'Serviço temporariamente indisponível: reenvie mais tarde' }) });
  }
}

/** The headers helmet's defaults set (as @fastify/helmet registered globally does), computed once. */
export const HELMET_HEADERS: Readonly<Record<string, string>> = (() => {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet()({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return Object.freeze(headers);
})();

const ANSWER_HEADERS = { ...HELMET_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function send(reply: FastifyReply, answer: WebhookAnswer): void {
  void reply.code(answer.status).headers(ANSWER_HEADERS).send(answer.body);
}

export function maskSecret(url: string): string {
  return url.replace(/^(\/tiny\/webhooks\/[^/?]*\/)[^/?]*/, '$1***');
}

/** JSON body, or form fields (Tiny's form variant: envelope fields + `dados` holding JSON), or nothing. */
export function decode(body: unknown, contentType: string | undefined): WebhookBody {
  if (!Buffer.isBuffer(body)) return { type: 'empty' };
  const text = body.toString('utf8').trim();
  if (text === '') return { type: 'empty' };
  const isForm = contentType ? contentType.includes('x-www-form-urlencoded') : !/^[[{]/.test(text);
  let value: unknown;
  if (isForm) {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(text)) fields[k] = v;
    // Some senders put the whole envelope, as JSON, in `dados`.
    if (fields.tipo === undefined && typeof fields.dados === 'string') {
      const inner = tryJson(fields.dados);
      if (isRecord(inner) && 'tipo' in inner && 'dados' in inner) return { type: 'fields', value: inner };
    }
    value = fields;
  } else {
    value = tryJson(text);
    if (value === undefined) return { type: 'unreadable', reason: 'JSON inválido' };
  }
  if (!isRecord(value)) return { type: 'unreadable', reason: 'deve ser um objeto JSON' };
  if (Object.keys(value).length === 0) return { type: 'empty' };
  return { type: 'fields', value };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
