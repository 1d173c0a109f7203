import { Inject, Injectable, Logger } from '@nestjs/common';
import { SecretBox, type Actor } from '@app/security';
import { DataSource, type EntityManager } from 'typeorm';
import { IntegrationRow, UserRow } from '../../database';
import { integrationUserProblem } from '../../users/user-directory';
import { integrationNotFound } from '../../shared/http-errors';
import { IntegrationWriter } from '../integration-writer';
import { isOneActiveViolation } from '../integration-view';
import { describeTestFailure, successMessage, type TestOutcome } from './test-outcome';
import { TINY_ACCOUNT_PROBE, type TinyAccountProbe } from './tiny-account-probe';

export interface TestResult {
  ok: boolean;
  outcome: TestOutcome;
  message: string;
  testedAt: string;
  account: { name: string; cnpj: string } | null;
  active: boolean;
}

/**
 * Testar: calls Tiny `info` with the stored token. Success stores the account (razão social, CNPJ digits)
 * and activates the integration when no other is active for the tenant; failures are stored and told plainly.
 */
@Injectable()
export class TestConnectionUseCase {
  private readonly logger = new Logger(TestConnectionUseCase.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly writer: IntegrationWriter,
    @Inject(TINY_ACCOUNT_PROBE) private readonly probe: TinyAccountProbe,
  ) {}

  async execute(actor: Actor, id: string): Promise<TestResult> {
    const row = await this.dataSource.getRepository(IntegrationRow).findOneBy({ id, tenantId: actor.tenantId, deleted: false });
    if (!row) throw integrationNotFound();
    const testedKey = row.accountKey;
    const testedAt = new Date();
    let account: { name: string; cnpj: string } | null = null;
    let outcome: TestOutcome = 'ok';
    let message: string;
    try {
      const info = await this.probe.info(this.box.decrypt(row.tokenSealed), { planLimitPerMinute: row.planLimitPerMinute, share: row.share });
      account = { name: info.razao_social || info.fantasia, cnpj: (info.cnpj_cpf ?? '').replace(/\D/g, '') };
      message = successMessage(account.name, account.cnpj);
    } catch (err) {
      ({ outcome, message } = describeTestFailure(err));
      // Class name and Tiny code only: messages could echo request data.
      this.logger.warn({ integrationId: id, outcome, error: err instanceof Error ? err.name : 'unknown' }, 'Tiny connection test failed');
    }

    const active = await this.dataSource.transaction(async (m) => {
      const current = await this.writer.lock(m, actor.tenantId, id);
      // The token changed while we were calling Tiny: this result is about the old one.
      if (current.accountKey !== testedKey) return current.active;
      current.lastTestAt = testedAt;
      current.lastTestOk = account !== null;
      current.lastTestOutcome = outcome;
      current.lastTestMessage = message;
      if (!account) {
        await m.getRepository(IntegrationRow).save(current);
        return current.active;
      }
      const fields = ['lastTest'];
      if (current.accountCnpj !== account.cnpj || current.accountName !== account.name) fields.push('tiny.accountCnpj', 'tiny.accountName');
      current.accountCnpj = account.cnpj;
      current.accountName = account.name;
      const firstPassForToken = current.testedAccountKey !== testedKey;
      current.testedAccountKey = testedKey;
      if (!current.active && firstPassForToken && (await this.userCanAct(m, current)) && !(await this.otherActive(m, current))) {
        // A token's first passing test activates, as the guide promises ("Salve e clique em Testar!");
        // an admin who deactivated it later keeps it inactive.
        current.active = true;
        fields.push('active');
      }
      await this.writer.commit(m, actor, current, 'test', fields);
      return current.active;
    }).catch((e: unknown) => {
      if (isOneActiveViolation(e)) return false;
      throw e;
    });

    return { ok: account !== null, outcome, message, testedAt: testedAt.toISOString(), account, active };
  }

  /** Its user is still active and Integração (read FOR SHARE, as UserDirectory does). */
  private async userCanAct(m: EntityManager, row: IntegrationRow): Promise<boolean> {
    const user = await m.getRepository(UserRow).findOne({ where: { tenantId: row.tenantId, id: row.integrationUserId }, lock: { mode: 'pessimistic_read' } });
    return user !== null && integrationUserProblem(user) === null;
  }

  private async otherActive(m: EntityManager, row: IntegrationRow): Promise<boolean> {
    return m.getRepository(IntegrationRow).existsBy({ tenantId: row.tenantId, active: true, deleted: false });
  }
}
