import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { isTinyWebhookKind, TINY_WEBHOOK_EVENTS, type TinyProdutoDados } from '@app/contracts';
import { nextTraceparent, OutboxRelay } from '@app/messaging';
import { metricsRegistry } from '@app/observability';
import { Counter } from 'prom-client';
import { SERVICE, WebhookGatewayEnv } from '../../config';
import { IntegrationCache, secretMatches, sha256, type CachedIntegration } from '../../integrations/replica/integration-cache';
import { RejectionLog, type RejectionReason } from '../../rejections/rejection-log';
import { mapProduct, toTinyAnswer } from '../map-product/map-product';
import { deliveryKey, entityKey } from './delivery';
import { normaliseDados, parseEnvelope, type FieldProblem } from './tiny-payload';
import { TokenBuckets } from './token-bucket';
import { StoreUnavailableError, WebhookStore } from './webhook-store';

export const webhooksAccepted = new Counter({
  name: 'gateway_webhooks_accepted_total',
  help: 'Webhooks stored and queued for publishing, by kind',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});
export const webhooksDuplicated = new Counter({
  name: 'gateway_webhooks_duplicates_total',
  help: 'Tiny resends answered 200 without a new event, by kind',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

/** The request body as the controller decoded it (JSON, or form fields with `dados` as JSON text). */
export type WebhookBody = { type: 'empty' } | { type: 'fields'; value: Record<string, unknown> } | { type: 'unreadable'; reason: string };

export interface ReceiveWebhookCommand {
  integrationId: string;
  secret: string;
  kind: string;
  body: WebhookBody;
  remoteIp: string | null;
}

export interface WebhookAnswer {
  status: number;
  /** JSON text. */
  body: string;
}

// One body for unknown integration, inactive integration, wrong secret and unknown kind: reveals nothing.
const NOT_FOUND = JSON.stringify({ error: 'not_found', message: 'Endereço de notificação não encontrado' });
const PING = JSON.stringify({ status: 'ok' });
const RELAY_WAKE_MS = 20;

export function maskedPath(integrationId: string, kind: string): string {
  return `/tiny/webhooks/${integrationId}/***/${kind}`;
}

/**
 * Tiny's e-commerce webhook: authenticate from the in-memory replica, validate, store durably with its
 * receipt number and outbox row in ONE statement, then answer (200 only after the commit).
 */
@Injectable()
export class ReceiveWebhook {
  private readonly logger = new Logger(ReceiveWebhook.name);
  private readonly buckets: TokenBuckets;
  private wakeTimer?: NodeJS.Timeout;

  constructor(
    private readonly cache: IntegrationCache,
    private readonly store: WebhookStore,
    private readonly rejections: RejectionLog,
    private readonly relay: OutboxRelay,
    private readonly env: WebhookGatewayEnv,
  ) {
    this.buckets = new TokenBuckets(env.WEBHOOK_RATE_PER_SECOND, env.WEBHOOK_RATE_BURST);
  }

  async execute(cmd: ReceiveWebhookCommand): Promise<WebhookAnswer> {
    const integration = this.cache.get(cmd.integrationId);
    if (!integration || !integration.usable) {
      sha256(cmd.secret); // same work as a known integration: timing says nothing
      return this.refuse(cmd, integration?.usable === false ? integration : null, 'unknown_integration', 404, 'integração desconhecida ou inativa', NOT_FOUND);
    }
    if (!secretMatches(integration, cmd.secret)) {
      return this.refuse(cmd, integration, 'bad_secret', 404, 'segredo da URL inválido ou expirado', NOT_FOUND);
    }
    if (!isTinyWebhookKind(cmd.kind)) {
      return this.refuse(cmd, integration, 'unknown_kind', 404, `tipo de notificação desconhecido na URL`, NOT_FOUND);
    }
    const kind = cmd.kind;
    if (!this.buckets.take(integration.integrationId)) {
      return this.refuse(cmd, integration, 'rate_limited', 429, 'muitas notificações por segundo', error('rate_limited', 'Muitas notificações: tente novamente em instantes'));
    }
    if (cmd.body.type === 'empty') return { status: 200, body: PING }; // Tiny checking the URL
    if (cmd.body.type === 'unreadable') return this.invalid(cmd, integration, [{ field: 'body', problem: cmd.body.reason }]);

    const parsed = parseEnvelope(cmd.body.value);
    if (!parsed.envelope) return this.invalid(cmd, integration, parsed.problems);
    const envelope = parsed.envelope;
    if (envelope.idEcommerce !== integration.integratorId) {
      return this.refuse(cmd, integration, 'id_ecommerce_mismatch', 403, `idEcommerce ${envelope.idEcommerce} não é o desta integração`, error('forbidden', 'idEcommerce não corresponde a esta integração'));
    }
    if (integration.accountCnpj && envelope.cnpj !== integration.accountCnpj) {
      return this.refuse(cmd, integration, 'cnpj_mismatch', 403, `cnpj ${envelope.cnpj} não é o da conta testada`, error('forbidden', 'cnpj não corresponde à conta desta integração'));
    }
    if (envelope.tipo !== kind) {
      return this.refuse(cmd, integration, 'kind_mismatch', 400, `tipo "${envelope.tipo}" enviado para a URL de ${kind}`, invalidBody([{ field: 'tipo', problem: `deve ser "${kind}" nesta URL` }]));
    }
    const { dados, problems } = normaliseDados(kind, envelope.dados);
    if (!dados) return this.invalid(cmd, integration, problems);

    const mappings = kind === 'produto' ? mapProduct(dados as unknown as TinyProdutoDados, integration.skuMapping) : undefined;
    const answer: WebhookAnswer = mappings ? { status: 200, body: JSON.stringify(toTinyAnswer(mappings)) } : { status: 200, body: PING };

    const receivedAt = new Date().toISOString();
    const eventId = randomUUID();
    const type = TINY_WEBHOOK_EVENTS[kind].type;
    const key = deliveryKey(kind, dados);
    const head = `${JSON.stringify({ id: eventId, type, source: SERVICE, time: receivedAt, tenantId: integration.tenantId, integrationId: integration.integrationId }).slice(0, -1)},"data":{"receiptSeq":`;
    const rest = { receivedAt, deliveryKey: key, versao: envelope.versao, cnpj: envelope.cnpj, idEcommerce: envelope.idEcommerce, dados, ...(mappings ? { mappings } : {}) };
    let seq: number | null;
    try {
      seq = await this.store.store({
        integrationId: integration.integrationId,
        sequence: `gateway.${integration.receiptSequence}`,
        kind,
        entityKey: entityKey(kind, dados),
        deliveryKey: key,
        eventId,
        eventType: type,
        receivedAt,
        dedupeHorizonSeconds: this.env.WEBHOOK_DEDUPE_HORIZON_SECONDS,
        bodyHead: head,
        bodyTail: `,${JSON.stringify(rest).slice(1)}}`,
        headers: JSON.stringify({ traceparent: nextTraceparent(), 'x-tenant-id': integration.tenantId }),
      });
    } catch (e) {
      if (!(e instanceof StoreUnavailableError)) throw e;
      this.logger.warn(e.message);
      return this.refuse(cmd, integration, 'store_unavailable', 503, 'banco de dados indisponível; o Tiny reenviará', error('unavailable', 'Serviço temporariamente indisponível: reenvie mais tarde'));
    }
    if (seq === null) {
      webhooksDuplicated.inc({ kind });
      return answer;
    }
    webhooksAccepted.inc({ kind });
    this.wakeRelay();
    return answer;
  }

  /**
   * Wakes the in-process outbox relay at most every RELAY_WAKE_MS: under load it then publishes
   * batches of many rows per transaction instead of one transaction per webhook (ADR 0006).
   */
  private wakeRelay(): void {
    if (this.wakeTimer) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.relay.wake();
    }, RELAY_WAKE_MS);
  }

  /** 413 decided by the HTTP layer before the body was read. */
  tooLarge(cmd: Omit<ReceiveWebhookCommand, 'body'>): WebhookAnswer {
    const integration = this.cache.get(cmd.integrationId);
    const known = integration && secretMatches(integration, cmd.secret) ? integration : null;
    const limit = this.env.WEBHOOK_BODY_LIMIT_BYTES;
    return this.refuse({ ...cmd, body: { type: 'empty' } }, known, 'body_too_large', 413, `corpo maior que ${limit} bytes`, error('payload_too_large', `Corpo da notificação maior que ${limit} bytes`));
  }

  private invalid(cmd: ReceiveWebhookCommand, integration: CachedIntegration, problems: FieldProblem[]): WebhookAnswer {
    const detail = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
    return this.refuse(cmd, integration, 'invalid_payload', 400, detail, invalidBody(problems));
  }

  private refuse(
    cmd: ReceiveWebhookCommand,
    integration: CachedIntegration | null,
    reason: RejectionReason,
    status: number,
    detail: string,
    body: string,
  ): WebhookAnswer {
    this.rejections.record({
      integration: integration ? { integrationId: integration.integrationId, tenantId: integration.tenantId } : null,
      reason,
      status,
      kind: cmd.kind,
      detail,
      path: maskedPath(cmd.integrationId, cmd.kind),
      remoteIp: cmd.remoteIp,
    });
    return { status, body };
  }
}

function error(code: string, message: string): string {
  return JSON.stringify({ error: code, message });
}

function invalidBody(problems: FieldProblem[]): string {
  return JSON.stringify({ error: 'invalid_payload', message: 'Notificação inválida', fields: problems });
}

