import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@app/security';
import { DataSource } from 'typeorm';
import { IntegrationWriter } from '../../integrations/integration-writer';
import { toIntegrationView, type IntegrationView } from '../../integrations/integration-view';
import { TenantStatuses } from '../../order-statuses/tenant-statuses';
import { refuse } from '../../shared/http-errors';
import { RuleViolation, validateCustomerRules, validateProductRules, validateSeller, validateStatusMapping } from './rules-validation';
import type { UpdateRulesDto } from './update-rules.dto';

/** Customer and product criteria, status mapping and seller settings (the guide's "after activation" part). */
@Injectable()
export class UpdateRulesUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly statuses: TenantStatuses,
    private readonly writer: IntegrationWriter,
  ) {}

  async execute(actor: Actor, id: string, dto: UpdateRulesDto): Promise<IntegrationView> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.writer.lock(m, actor.tenantId, id);
      const fields: string[] = [];
      try {
        if (dto.customers) {
          row.rules = { ...row.rules, customers: validateCustomerRules({ ...dto.customers }) };
          fields.push('rules.customers');
        }
        if (dto.products) {
          row.rules = { ...row.rules, products: validateProductRules({ ...dto.products, deposits: [...dto.products.deposits] }) };
          fields.push('rules.products');
        }
        if (dto.statusMapping) {
          const tenantStatuses = await this.statuses.list(m, actor.tenantId);
          row.statusMapping = validateStatusMapping(dto.statusMapping.map((e) => ({ uplacesStatus: e.uplacesStatus, tinySituacao: e.tinySituacao })), tenantStatuses);
          fields.push('statusMapping');
        }
        if (dto.seller) {
          row.seller = validateSeller({ include: dto.seller.include, map: dto.seller.map.map((e) => ({ ...e })) });
          fields.push('seller');
        }
      } catch (e) {
        if (e instanceof RuleViolation) throw refuse(e.message, e.field);
        throw e;
      }
      if (fields.length === 0) return toIntegrationView(row);
      await this.writer.commit(m, actor, row, 'update-rules', fields);
      return toIntegrationView(row);
    });
  }
}
