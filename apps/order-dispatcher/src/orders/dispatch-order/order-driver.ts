import { Injectable, Logger } from '@nestjs/common';
import { createEvent, OrderFailedV1, OrderSentV1, type TinyOrderSituacao } from '@app/contracts';
import { OutboxPublisher } from '@app/messaging';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { CustomerWriter } from '../../customers/customer-writer';
import { IntegrationReplica } from '../../integrations/replica/integration-replica.repository';
import type { IntegrationSettings } from '../../integrations/replica/integration-settings';
import { SellerResolver } from '../../sellers/seller-resolver';
import { TinyOrdersPort } from '../../tiny/tiny-orders.port';
import { DispatchSettings } from '../dispatch-settings';
import { nextAction, type OrderLink } from '../domain/order-link';
import { initialSituacao } from '../domain/status-policy';
import { classifyTinyError, type TinyFailure } from '../domain/tiny-outcome';
import { toTinyOrder } from '../domain/tiny-order-mapper';
import { OrderHistory } from '../history/order-history.repository';
import { OrderLinks } from '../order-links.repository';
import { UpdateTinyStatus } from '../update-tiny-status/update-tiny-status';

export const SOURCE = 'order-dispatcher';

/** Thrown (message mode) when Tiny's answer is unknown or transient: the message retry ladder takes over. */
export class TransientDispatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientDispatchError';
  }
}

export type DriveMode = 'message' | 'scheduler';
export type DriveResult = 'done' | 'busy' | 'parked' | 'retry-later' | 'missing';

/** Limits how many orders one process drives at once (each holds a pooled connection). */
class Semaphore {
  private free: number;
  private readonly waiters: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiters.push(r));
    try {
      return await fn();
    } finally {
      const next = this.waiters.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/**
 * Moves one order towards its desired Tiny state, one step at a time, holding a session advisory lock
 * keyed by the order so two consumers or replicas never act on the same order together.
 * Exactly once (docs/adr/0008): the create attempt is committed before pedido.incluir; an attempt whose
 * outcome is unknown makes the next try search pedidos by numeroEcommerce before creating.
 */
@Injectable()
export class OrderDriver {
  private readonly logger = new Logger(OrderDriver.name);
  private readonly gate: Semaphore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly links: OrderLinks,
    private readonly history: OrderHistory,
    private readonly replica: IntegrationReplica,
    private readonly tiny: TinyOrdersPort,
    private readonly customers: CustomerWriter,
    private readonly sellers: SellerResolver,
    private readonly outbox: OutboxPublisher,
    private readonly settings: DispatchSettings,
    private readonly statusStep: UpdateTinyStatus,
  ) {
    this.gate = new Semaphore(settings.concurrency);
  }

  drive(tenantId: string, orderId: string, mode: DriveMode): Promise<DriveResult> {
    return this.gate.run(() => this.driveLocked(tenantId, orderId, mode));
  }

  private async driveLocked(tenantId: string, orderId: string, mode: DriveMode): Promise<DriveResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const key = `${tenantId}/${orderId}`;
    let locked = false;
    try {
      const [{ ok }]: { ok: boolean }[] = await runner.query(
        `SELECT pg_try_advisory_lock(hashtext('dispatch.order'), hashtext($1)) AS ok`,
        [key],
      );
      if (!ok) return 'busy'; // another consumer is driving it and will see our changes (see nextStep)
      locked = true;
      for (let step = 0; step < 6; step++) {
        const next = await this.nextStep(runner, tenantId, orderId, key);
        if (!next) {
          locked = false; // released inside nextStep's transaction
          return 'done';
        }
        const { link, settings } = next;
        const action = nextAction(link);
        const result =
          action.kind === 'create'
            ? await this.create(runner.manager, link, settings, mode)
            : action.kind === 'update-status'
              ? await this.updateStatus(runner.manager, link, settings, action.situacao, mode)
              : 'continue';
        if (result !== 'continue') return result;
      }
      return 'done';
    } finally {
      if (locked) await runner.query(`SELECT pg_advisory_unlock(hashtext('dispatch.order'), hashtext($1))`, [key]).catch(() => undefined);
      await runner.release();
    }
  }

  /**
   * Reads the link under its row lock; when there is nothing to do, releases the advisory lock before
   * the row lock, so an event committed meanwhile (it waits on the row lock) finds the order free.
   */
  private async nextStep(
    runner: QueryRunner,
    tenantId: string,
    orderId: string,
    key: string,
  ): Promise<{ link: OrderLink; settings: IntegrationSettings } | null> {
    await runner.startTransaction();
    try {
      const link = await this.links.get(tenantId, orderId, runner.manager, true);
      const settings = link ? await this.replica.get(link.integrationId, runner.manager) : null;
      if (link && settings && nextAction(link).kind !== 'none') {
        await runner.commitTransaction();
        return { link, settings };
      }
      if (link?.nextAttemptAt) {
        await this.links.update(runner.manager, tenantId, orderId, { nextAttemptAt: null, parkedReason: null });
      }
      await runner.query(`SELECT pg_advisory_unlock(hashtext('dispatch.order'), hashtext($1))`, [key]);
      await runner.commitTransaction();
      return null;
    } catch (err) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    }
  }

  private tx<T>(m: EntityManager, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return m.transaction(fn);
  }

  private async create(
    m: EntityManager,
    link: OrderLink,
    settings: IntegrationSettings,
    mode: DriveMode,
  ): Promise<'continue' | DriveResult> {
    const { tenantId, orderId } = link;
    // 1. A previous attempt may have created it: look before creating again.
    if (link.attemptOpen) {
      let found;
      try {
        found = await this.tiny.findOrderByEcommerceNumber(settings, link.orderNumber);
      } catch (err) {
        return this.onFailure(m, link, classifyTinyError(err, this.delays()), mode, 'search');
      }
      if (found) {
        await this.tx(m, async (t) => {
          await this.history.add(t, tenantId, orderId, 'tiny-answer', `Pedido encontrado no Tiny (id ${found.id}) após tentativa sem resposta; não será criado de novo`, {
            service: 'pedidos.pesquisa', numeroEcommerce: link.orderNumber, found,
          });
          await this.markSent(t, link, settings, found.id, found.numero, true);
        });
        return 'continue';
      }
      await this.tx(m, (t) =>
        this.history.add(t, tenantId, orderId, 'tiny-answer', 'Pedido não está no Tiny; será criado', {
          service: 'pedidos.pesquisa', numeroEcommerce: link.orderNumber, found: null,
        }),
      );
    }

    // 2. Customer and seller decisions (may search Tiny once per customer/seller).
    let customer, seller;
    try {
      customer = await this.customers.decide(settings, link.snapshot.customer);
      seller = await this.sellers.resolve(settings, link.snapshot.seller);
    } catch (err) {
      return this.onFailure(m, link, classifyTinyError(err, this.delays()), mode, 'lookup');
    }
    const situacao = link.desiredSituacao ?? initialSituacao(settings, link.uplacesStatus);
    const pedido = toTinyOrder(link.snapshot, {
      orderNumber: link.orderNumber,
      integratorId: settings.tiny.integratorId,
      situacao,
      atualizarCliente: customer.atualizarCliente,
      seller: seller && (seller.id || seller.nome) ? { id: seller.id, nome: seller.nome } : null,
    });

    // 3. Record the attempt (committed) before the call.
    const attempt = link.createAttempts + 1;
    await this.tx(m, async (t) => {
      await this.links.update(t, tenantId, orderId, {
        createAttempts: attempt,
        attemptOpen: true,
        pushingSituacao: situacao,
        // If this process dies mid-call, the scheduler picks the order up again after this.
        nextAttemptAt: new Date(Date.now() + this.settings.unknownRetryMs),
      });
      await this.history.add(t, tenantId, orderId, 'decision', customer.reason, { atualizar_cliente: customer.atualizarCliente });
      if (settings.seller.include) {
        await this.history.add(t, tenantId, orderId, 'decision',
          seller?.id || seller?.nome ? `Vendedor do Tiny: ${seller.nome ?? seller.id} (${seller.source})` : 'Vendedor não encontrado no Tiny; pedido enviado sem vendedor',
          seller);
      }
      await this.history.add(t, tenantId, orderId, 'tiny-call', `Tentativa ${attempt}: pedido.incluir (situação ${situacao})`, { service: 'pedido.incluir', pedido });
    });

    let created;
    try {
      created = await this.tiny.createOrder(settings, pedido);
    } catch (err) {
      return this.onFailure(m, link, classifyTinyError(err, this.delays()), mode, 'create');
    }
    if (this.settings.crashAfterCreateFor === link.orderNumber) process.kill(process.pid, 'SIGKILL');

    await this.tx(m, async (t) => {
      await this.history.add(t, tenantId, orderId, 'tiny-answer', `Pedido criado no Tiny: id ${created.id}, número ${created.numero ?? '-'}`, {
        service: 'pedido.incluir', result: created,
      });
      await this.markSent(t, { ...link, createAttempts: attempt }, settings, created.id, created.numero, false, situacao);
    });
    return 'continue';
  }

  private async markSent(
    t: EntityManager,
    link: OrderLink,
    settings: IntegrationSettings,
    tinyOrderId: string,
    tinyOrderNumber: string | null,
    recovered: boolean,
    situacao?: TinyOrderSituacao,
  ): Promise<void> {
    // When recovered we don't know which situação the lost attempt used: the recorded push is the best guess.
    const tinySituacao = situacao ?? link.pushingSituacao ?? link.desiredSituacao ?? initialSituacao(settings, link.uplacesStatus);
    const sentAt = new Date();
    await this.links.update(t, link.tenantId, link.orderId, {
      state: 'sent',
      tinyOrderId,
      tinyOrderNumber,
      tinySituacao,
      pushingSituacao: null,
      attemptOpen: false,
      nextAttemptAt: null,
      parkedReason: null,
      failureReason: null,
      failureKind: null,
      sentAt,
    });
    await this.history.add(t, link.tenantId, link.orderId, 'outcome', recovered ? 'Enviado (recuperado)' : 'Enviado ao Tiny', {
      tinyOrderId, tinyOrderNumber, situacao: tinySituacao,
    });
    await this.outbox.add(
      t,
      createEvent(OrderSentV1, {
        source: SOURCE,
        tenantId: link.tenantId,
        integrationId: link.integrationId,
        data: {
          orderId: link.orderId,
          orderNumber: link.orderNumber,
          tinyOrderId,
          tinyOrderNumber,
          tinySituacao,
          uplacesStatus: link.uplacesStatus,
          recovered,
          sentAt: sentAt.toISOString(),
        },
      }),
    );
  }

  private async updateStatus(
    m: EntityManager,
    link: OrderLink,
    settings: IntegrationSettings,
    situacao: TinyOrderSituacao,
    mode: DriveMode,
  ): Promise<'continue' | DriveResult> {
    const r = await this.statusStep.execute(m, link, settings, situacao, this.settings.unknownRetryMs);
    if (!r.ok) return this.onFailure(m, link, classifyTinyError(r.error, this.delays()), mode, 'status');
    return 'continue';
  }

  /**
   * One failed Tiny call. `op`: the search before a create, a customer/seller lookup, pedido.incluir,
   * or pedido.alterar.situacao. Only an unknown pedido.incluir leaves the create attempt open: before
   * that call nothing existed in Tiny (no earlier attempt, or the search found none).
   */
  private async onFailure(
    m: EntityManager,
    link: OrderLink,
    failure: TinyFailure,
    mode: DriveMode,
    op: 'search' | 'lookup' | 'create' | 'status',
  ): Promise<'continue' | DriveResult> {
    const { tenantId, orderId } = link;
    const service = { search: 'pedidos.pesquisa', lookup: 'contatos/vendedores.pesquisa', create: 'pedido.incluir', status: 'pedido.alterar.situacao' }[op];
    const attemptOpen = op === 'create' ? false : link.attemptOpen;
    switch (failure.kind) {
      case 'duplicate': {
        if (op !== 'create' || link.attemptOpen) {
          return this.fail(m, link, 'Tiny indicou duplicidade mas o pedido não foi encontrado pela busca', failure.messages, attemptOpen);
        }
        // Tiny says it exists: the next step searches for it.
        await this.tx(m, async (t) => {
          await this.links.update(t, tenantId, orderId, { attemptOpen: true });
          await this.history.add(t, tenantId, orderId, 'tiny-answer', 'Tiny indicou pedido em duplicidade; buscando o existente', {
            service, messages: failure.messages,
          });
        });
        return 'continue';
      }
      case 'rejected':
        if (op === 'status') return this.failStatus(m, link, failure.reason, failure.messages);
        return this.fail(m, link, failure.reason, failure.messages, attemptOpen);
      case 'not-sent':
        await this.tx(m, async (t) => {
          await this.links.update(t, tenantId, orderId, {
            attemptOpen,
            pushingSituacao: null,
            nextAttemptAt: new Date(Date.now() + failure.retryInMs),
            parkedReason: failure.reason,
          });
          await this.history.add(t, tenantId, orderId, 'retry', `Aguardando: ${failure.reason}`, { service, cause: failure.cause, retryInMs: failure.retryInMs });
        });
        return 'parked';
      case 'unknown': {
        const retryInMs = mode === 'message' ? this.settings.unknownRetryMs : this.backoff(link);
        await this.tx(m, async (t) => {
          await this.links.update(t, tenantId, orderId, {
            attemptOpen: op === 'create' ? true : link.attemptOpen,
            nextAttemptAt: new Date(Date.now() + retryInMs),
            parkedReason: failure.reason,
          });
          await this.history.add(t, tenantId, orderId, 'retry', `Resultado incerto, nova tentativa: ${failure.reason}`, {
            service, outcomeUnknown: op === 'create',
          });
        });
        if (mode === 'message') throw new TransientDispatchError(failure.reason);
        return 'retry-later';
      }
    }
  }

  private backoff(link: OrderLink): number {
    const n = Math.min(link.createAttempts, 6);
    return Math.min(this.settings.unknownRetryMs, 1000 * 2 ** n);
  }

  private delays() {
    return { parkMs: this.settings.parkMs, configMs: this.settings.configRetryMs };
  }

  private async fail(
    m: EntityManager,
    link: OrderLink,
    reason: string,
    tinyErrors: string[],
    attemptOpen: boolean,
  ): Promise<DriveResult> {
    const failedAt = new Date();
    await this.tx(m, async (t) => {
      await this.links.update(t, link.tenantId, link.orderId, {
        state: 'failed',
        attemptOpen,
        pushingSituacao: null,
        nextAttemptAt: null,
        parkedReason: null,
        failureReason: reason,
        failureKind: 'validation',
        failedAt,
      });
      await this.history.add(t, link.tenantId, link.orderId, 'outcome', `Falhou: ${reason}`, { tinyErrors });
      await this.outbox.add(t, this.failedEvent(link, reason, tinyErrors, 'create', failedAt));
    });
    return 'done';
  }

  private async failStatus(m: EntityManager, link: OrderLink, reason: string, tinyErrors: string[]): Promise<'continue'> {
    const failedAt = new Date();
    await this.tx(m, async (t) => {
      await this.links.update(t, link.tenantId, link.orderId, {
        statusFailedFor: link.desiredSituacao,
        pushingSituacao: null,
        nextAttemptAt: null,
        parkedReason: null,
        failureReason: reason,
        failureKind: 'validation',
        failedAt,
      });
      await this.history.add(t, link.tenantId, link.orderId, 'outcome', `Situação não alterada: ${reason}`, { tinyErrors });
      await this.outbox.add(t, this.failedEvent(link, reason, tinyErrors, 'update-status', failedAt));
    });
    return 'continue';
  }

  private failedEvent(link: OrderLink, reason: string, tinyErrors: string[], operation: 'create' | 'update-status', failedAt: Date) {
    return createEvent(OrderFailedV1, {
      source: SOURCE,
      tenantId: link.tenantId,
      integrationId: link.integrationId,
      data: {
        orderId: link.orderId,
        orderNumber: link.orderNumber,
        tinyOrderId: link.tinyOrderId,
        reason,
        kind: 'validation',
        tinyErrors,
        operation,
        failedAt: failedAt.toISOString(),
      },
    });
  }
}
