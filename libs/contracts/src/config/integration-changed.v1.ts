import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsString,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IntegrationEvent, registerEvent } from '../event';

/** Tiny v2 order situações (write codes), tiny-api.md §3.1. */
export const TINY_ORDER_SITUACOES = [
  'aberto',
  'aprovado',
  'preparando_envio',
  'faturado',
  'pronto_envio',
  'enviado',
  'entregue',
  'nao_entregue',
  'cancelado',
] as const;
export type TinyOrderSituacao = (typeof TINY_ORDER_SITUACOES)[number];

export const CONFIG_WEBHOOK_KINDS = ['estoque', 'precos', 'produto', 'situacao_pedido', 'nota_fiscal', 'rastreio'] as const;
export type ConfigWebhookKind = (typeof CONFIG_WEBHOOK_KINDS)[number];

export class IntegrationUserRef {
  @IsString() @IsNotEmpty() id!: string;
  @IsString() name!: string;
}

export class IntegrationTinySettings {
  @IsString() @IsNotEmpty() integratorId!: string;
  /** SecretBox-sealed Tiny token (`v1:...`); decrypt with ENCRYPTION_KEY. */
  @IsString() @IsNotEmpty() tokenSealed!: string;
  /** fingerprint(token): key of the account's breaker and shared rate budget. */
  @IsString() @IsNotEmpty() accountKey!: string;
  /** Digits only; known after a successful Testar. */
  @ValidateIf((_, v) => v !== null) @IsString() accountCnpj!: string | null;
  @ValidateIf((_, v) => v !== null) @IsString() accountName!: string | null;
  @IsInt() @Min(0) planLimitPerMinute!: number;
  /** Share (0..1] of the account's per-minute limit this integration may use. */
  @IsNumber() @Min(0) @Max(1) share!: number;
}

export class IntegrationWebhookSecret {
  /** SecretBox-sealed secret (the path segment of the notification URLs). */
  @IsString() @IsNotEmpty() secretSealed!: string;
  /** null for the current secret; ISO time until which a rotated-out secret stays valid. */
  @ValidateIf((_, v) => v !== null) @IsISO8601() expiresAt!: string | null;
}

export class IntegrationWebhookSettings {
  /** Current secret first, then previous ones still in their grace period. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => IntegrationWebhookSecret) secrets!: IntegrationWebhookSecret[];
}

export class IntegrationCustomerRules {
  @IsBoolean() pj!: boolean;
  @IsBoolean() pf!: boolean;
  @IsBoolean() requireValidEmail!: boolean;
  @IsBoolean() onlyUpdate!: boolean;
}

export class IntegrationProductRules {
  @IsBoolean() ignoreCategories!: boolean;
  @IsBoolean() keepNameAndDescription!: boolean;
  @IsBoolean() keepStatus!: boolean;
  @IsBoolean() ignoreBrand!: boolean;
  @IsBoolean() keepPrices!: boolean;
  /** F = saldo físico, D = disponível (saldo - reservado). */
  @IsIn(['F', 'D']) stockType!: 'F' | 'D';
  /** Deposit names that count; empty = all. */
  @IsArray() @IsString({ each: true }) deposits!: string[];
  @ValidateIf((_, v) => v !== null) @IsString() priceListId!: string | null;
  /** What the gateway answers as skuMapeamento. */
  @IsIn(['codigo', 'id']) skuMapping!: 'codigo' | 'id';
}

export class IntegrationRules {
  @ValidateNested() @Type(() => IntegrationCustomerRules) customers!: IntegrationCustomerRules;
  @ValidateNested() @Type(() => IntegrationProductRules) products!: IntegrationProductRules;
}

export class IntegrationStatusMapping {
  @IsString() @IsNotEmpty() uplacesStatus!: string;
  @IsIn(TINY_ORDER_SITUACOES) tinySituacao!: TinyOrderSituacao;
}

export class IntegrationSellerMapEntry {
  @IsString() @IsNotEmpty() uplacesSellerId!: string;
  @ValidateIf((_, v) => v !== null) @IsString() tinyVendedorId!: string | null;
  @ValidateIf((_, v) => v !== null) @IsString() tinyVendedorNome!: string | null;
}

export class IntegrationSellerSettings {
  @IsBoolean() include!: boolean;
  @IsArray() @ValidateNested({ each: true }) @Type(() => IntegrationSellerMapEntry) map!: IntegrationSellerMapEntry[];
}

export class IntegrationChangedData {
  @IsString() @IsNotEmpty() integrationId!: string;
  @IsString() @IsNotEmpty() tenantId!: string;
  /** +1 per change; consumers ignore an event whose version is <= the stored one. */
  @IsInt() @Min(1) version!: number;
  @IsString() name!: string;
  @IsBoolean() active!: boolean;
  @IsBoolean() deleted!: boolean;
  @ValidateNested() @Type(() => IntegrationUserRef) integrationUser!: IntegrationUserRef;
  @IsString() @IsNotEmpty() forwardStatus!: string;
  @ValidateNested() @Type(() => IntegrationTinySettings) tiny!: IntegrationTinySettings;
  @ValidateNested() @Type(() => IntegrationWebhookSettings) webhook!: IntegrationWebhookSettings;
  @ValidateNested() @Type(() => IntegrationRules) rules!: IntegrationRules;
  @IsArray() @ValidateNested({ each: true }) @Type(() => IntegrationStatusMapping) statusMapping!: IntegrationStatusMapping[];
  @ValidateNested() @Type(() => IntegrationSellerSettings) seller!: IntegrationSellerSettings;
}

/** Full current settings of one integration, published by config on every change (and on resync). */
export class IntegrationChangedV1 extends IntegrationEvent<IntegrationChangedData> {
  static readonly type = 'config.integration.changed.v1';
  @ValidateNested() @Type(() => IntegrationChangedData) data!: IntegrationChangedData;
}
registerEvent(IntegrationChangedV1);
