import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export interface SecretDigest {
  /** sha256 of the secret, hex. */
  digest: string;
  /** null = current secret; ISO end of the grace period of a rotated-out one. */
  expiresAt: string | null;
}

@Entity({ name: 'integrations' })
export class IntegrationReplicaRow {
  @PrimaryColumn({ name: 'integration_id', type: 'text' }) integrationId!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'boolean' }) deleted!: boolean;
  @Column({ name: 'integrator_id', type: 'text' }) integratorId!: string;
  @Column({ name: 'account_cnpj', type: 'text', nullable: true }) accountCnpj!: string | null;
  @Column({ name: 'sku_mapping', type: 'text' }) skuMapping!: 'codigo' | 'id';
  @Column({ name: 'secret_digests', type: 'jsonb' }) secretDigests!: SecretDigest[];
  @Column({ name: 'receipt_sequence', type: 'text' }) receiptSequence!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'received_webhooks' })
export class ReceivedWebhookRow {
  @PrimaryColumn({ name: 'integration_id', type: 'text' }) integrationId!: string;
  @PrimaryColumn({ name: 'receipt_seq', type: 'bigint' }) receiptSeq!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ name: 'entity_key', type: 'text' }) entityKey!: string;
  @Column({ name: 'delivery_key', type: 'text' }) deliveryKey!: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  /** The published event, JSON. */
  @Column({ type: 'text' }) body!: string;
}

@Entity({ name: 'webhook_rejections' })
export class WebhookRejectionRow {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'integration_id', type: 'text' }) integrationId!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'int' }) status!: number;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text' }) detail!: string;
  /** Request path with the secret masked. */
  @Column({ type: 'text' }) path!: string;
  @Column({ name: 'remote_ip', type: 'text', nullable: true }) remoteIp!: string | null;
  @Column({ name: 'rejected_at', type: 'timestamptz' }) rejectedAt!: Date;
}

export const gatewayEntities = [IntegrationReplicaRow, ReceivedWebhookRow, WebhookRejectionRow];
