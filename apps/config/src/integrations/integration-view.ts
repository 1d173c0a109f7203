import type { IntegrationRow } from '../database';

/** What the API shows of an integration: never the token (only a mask) nor webhook secrets. */
export function toIntegrationView(row: IntegrationRow) {
  const testPassed = row.lastTestOk === true && row.testedAccountKey === row.accountKey;
  return {
    id: row.id,
    name: row.name,
    active: row.active,
    /** Why config deactivated it by itself (pt-BR), e.g. its user was deactivated; null otherwise. */
    inactiveReason: row.active ? null : row.inactiveReason,
    version: row.version,
    integrationUser: { id: row.integrationUserId, name: row.integrationUserName },
    forwardStatus: row.forwardStatus,
    tiny: {
      integratorId: row.integratorId,
      token: `••••${row.tokenHint}`,
      accountKey: row.accountKey,
      accountCnpj: row.accountCnpj,
      accountName: row.accountName,
      planLimitPerMinute: row.planLimitPerMinute,
      share: row.share,
    },
    lastTest: row.lastTestAt
      ? { at: row.lastTestAt.toISOString(), ok: row.lastTestOk === true, outcome: row.lastTestOutcome, message: row.lastTestMessage }
      : null,
    testPassed,
    rules: row.rules,
    statusMapping: row.statusMapping,
    seller: row.seller,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type IntegrationView = ReturnType<typeof toIntegrationView>;

/** Unique violation of "one active integration per tenant". */
export function isOneActiveViolation(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = err.driverError?.code ?? err.code;
  const constraint = err.driverError?.constraint ?? err.constraint;
  return code === '23505' && constraint === 'integrations_one_active_per_tenant';
}
