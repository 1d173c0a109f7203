import { Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '@app/security';
import type { IntegrationReplica } from '../integrations/replica/integration-replica';
import { CatalogDeps } from '../shared/catalog-deps';

/** Tenant scoping of the ops API: an integration of another tenant does not exist for the caller. */
@Injectable()
export class OpsAccess {
  constructor(private readonly deps: CatalogDeps) {}

  async integration(actor: Actor, integrationId: string): Promise<IntegrationReplica> {
    const integration = await this.deps.integration(integrationId);
    if (!integration || integration.tenantId !== actor.tenantId) throw new NotFoundException('Integração não encontrada');
    return integration;
  }
}

export function intQuery(value: string | undefined, fallback: number, min: number, max: number): number {
  const n = value === undefined ? fallback : Number(value);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
