import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { IntegrationRules, IntegrationSellerSettings, IntegrationStatusMapping } from '@app/contracts';

/** Uplaces users known to config (fed by users.user.changed.v1, or registered by an admin). */
@Entity({ name: 'users' })
export class UserRow {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  /** As Uplaces spells it, e.g. 'Integração'. */
  @Column({ type: 'text' }) profile!: string;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'text' }) source!: 'event' | 'admin';
  /** Time of the last applied event, so an older event never overwrites a newer one. */
  @Column({ name: 'event_time', type: 'timestamptz', nullable: true }) eventTime!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** Order statuses a tenant registered on top of the guide's five defaults. */
@Entity({ name: 'order_statuses' })
export class OrderStatusRow {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @PrimaryColumn({ type: 'text' }) name!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ name: 'integrations' })
export class IntegrationRow {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'boolean' }) deleted!: boolean;
  @Column({ name: 'integration_user_id', type: 'text' }) integrationUserId!: string;
  @Column({ name: 'integration_user_name', type: 'text' }) integrationUserName!: string;
  @Column({ name: 'forward_status', type: 'text' }) forwardStatus!: string;
  @Column({ name: 'integrator_id', type: 'text' }) integratorId!: string;
  @Column({ name: 'token_sealed', type: 'text' }) tokenSealed!: string;
  /** Last 4 characters, for the mask shown back (never the token). */
  @Column({ name: 'token_hint', type: 'text' }) tokenHint!: string;
  @Column({ name: 'account_key', type: 'text' }) accountKey!: string;
  @Column({ name: 'account_cnpj', type: 'text', nullable: true }) accountCnpj!: string | null;
  @Column({ name: 'account_name', type: 'text', nullable: true }) accountName!: string | null;
  @Column({ name: 'plan_limit_per_minute', type: 'int' }) planLimitPerMinute!: number;
  @Column({ type: 'double precision' }) share!: number;
  @Column({ type: 'jsonb' }) rules!: IntegrationRules;
  @Column({ name: 'status_mapping', type: 'jsonb' }) statusMapping!: IntegrationStatusMapping[];
  @Column({ type: 'jsonb' }) seller!: IntegrationSellerSettings;
  @Column({ name: 'last_test_at', type: 'timestamptz', nullable: true }) lastTestAt!: Date | null;
  @Column({ name: 'last_test_ok', type: 'boolean', nullable: true }) lastTestOk!: boolean | null;
  @Column({ name: 'last_test_outcome', type: 'text', nullable: true }) lastTestOutcome!: string | null;
  @Column({ name: 'last_test_message', type: 'text', nullable: true }) lastTestMessage!: string | null;
  /** accountKey of the token that passed the last successful test; a new token needs a new test. */
  @Column({ name: 'tested_account_key', type: 'text', nullable: true }) testedAccountKey!: string | null;
  /** Why config deactivated it by itself (pt-BR, for the admin); cleared when it is activated again. */
  @Column({ name: 'inactive_reason', type: 'text', nullable: true }) inactiveReason!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'webhook_secrets' })
export class WebhookSecretRow {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'integration_id', type: 'uuid' }) integrationId!: string;
  @Column({ name: 'secret_sealed', type: 'text' }) secretSealed!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** null = the current secret; otherwise valid until then (rotation grace period). */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
}

@Entity({ name: 'audit_entries' })
export class AuditEntryRow {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ name: 'integration_id', type: 'uuid' }) integrationId!: string;
  @Column({ name: 'actor_user_id', type: 'text' }) actorUserId!: string;
  @Column({ name: 'actor_profile', type: 'text' }) actorProfile!: string;
  @Column({ type: 'text' }) action!: string;
  /** Names of the changed fields; never values (some are secrets). */
  @Column({ type: 'jsonb' }) fields!: string[];
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'timestamptz' }) at!: Date;
}

export const configEntities = [UserRow, OrderStatusRow, IntegrationRow, WebhookSecretRow, AuditEntryRow];
