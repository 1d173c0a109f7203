import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsISO8601, IsNotEmpty, IsString, Matches, Min, ValidateIf, ValidateNested } from 'class-validator';
import { EventClass, IntegrationEvent, registerEvent } from '../event';
import {
  TinyEstoqueDados,
  TinyNotaFiscalDados,
  TinyPrecosDados,
  TinyProdutoDados,
  TinyRastreioDados,
  TinySituacaoPedidoDados,
} from './dados';

/** The `:kind` of the gateway URL, equal to Tiny's `tipo`. */
export const TINY_WEBHOOK_KINDS = ['estoque', 'precos', 'produto', 'situacao_pedido', 'nota_fiscal', 'rastreio'] as const;
export type TinyWebhookKind = (typeof TINY_WEBHOOK_KINDS)[number];

export function isTinyWebhookKind(value: unknown): value is TinyWebhookKind {
  return typeof value === 'string' && (TINY_WEBHOOK_KINDS as readonly string[]).includes(value);
}

/**
 * What every `tiny.<kind>.received.v1` carries besides `dados`. Envelope tenantId/integrationId are
 * the integration's; source is `webhook-gateway`.
 */
export class TinyWebhookReceipt {
  /**
   * Per integration, strictly increasing in acceptance order (gaps possible). Use it to ignore an
   * older notification about an entity (stock of a SKU, status of an order) after a newer one.
   */
  @IsInt() @Min(1) receiptSeq!: number;
  /** When the gateway stored it (ISO). */
  @IsISO8601() receivedAt!: string;
  /** sha256 hex of kind + canonical dados: the same Tiny notification always has the same key. */
  @Matches(/^[0-9a-f]{64}$/) deliveryKey!: string;
  /** Tiny's `versao` of the webhook, e.g. "1.0.0"; null when Tiny did not send it. */
  @ValidateIf((_, v) => v !== null) @IsString() versao!: string | null;
  /** CNPJ/CPF of the Tiny account, digits only. */
  @IsString() @IsNotEmpty() cnpj!: string;
  /** Tiny's idEcommerce (= the integration's integrator id), as a string. */
  @IsString() @IsNotEmpty() idEcommerce!: string;
}

export class TinyEstoqueReceivedData extends TinyWebhookReceipt {
  @ValidateNested() @Type(() => TinyEstoqueDados) dados!: TinyEstoqueDados;
}
export class TinyPrecosReceivedData extends TinyWebhookReceipt {
  @ValidateNested() @Type(() => TinyPrecosDados) dados!: TinyPrecosDados;
}

/** One entry of the gateway's synchronous answer to the produto webhook. */
export class TinyProdutoMapping {
  /** Tiny id of the product or variation this entry maps. */
  @IsString() @IsNotEmpty() tinyId!: string;
  /** Tiny id of the parent product for a variation; null for the product itself. */
  @ValidateIf((_, v) => v !== null) @IsString() parentTinyId!: string | null;
  @IsString() @IsNotEmpty() idMapeamento!: string;
  /** Our SKU answered to Tiny (Tiny codigo, or Tiny id under rules.products.skuMapping 'id'); null when not mapped. */
  @ValidateIf((_, v) => v !== null) @IsString() @IsNotEmpty() skuMapeamento!: string | null;
  /** pt-BR message answered to Tiny when this entry could not be mapped; null when mapped. */
  @ValidateIf((_, v) => v !== null) @IsString() error!: string | null;
}

export class TinyProdutoReceivedData extends TinyWebhookReceipt {
  @ValidateNested() @Type(() => TinyProdutoDados) dados!: TinyProdutoDados;
  /** Exactly what the gateway answered Tiny: the product first, then one entry per variation. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => TinyProdutoMapping) mappings!: TinyProdutoMapping[];
}
export class TinySituacaoPedidoReceivedData extends TinyWebhookReceipt {
  @ValidateNested() @Type(() => TinySituacaoPedidoDados) dados!: TinySituacaoPedidoDados;
}
export class TinyNotaFiscalReceivedData extends TinyWebhookReceipt {
  @ValidateNested() @Type(() => TinyNotaFiscalDados) dados!: TinyNotaFiscalDados;
}
export class TinyRastreioReceivedData extends TinyWebhookReceipt {
  @ValidateNested() @Type(() => TinyRastreioDados) dados!: TinyRastreioDados;
}

/** A Tiny stock webhook, accepted and stored by the gateway. Consumed by catalog-sync. */
export class TinyEstoqueReceivedV1 extends IntegrationEvent<TinyEstoqueReceivedData> {
  static readonly type = 'tiny.estoque.received.v1';
  @ValidateNested() @Type(() => TinyEstoqueReceivedData) data!: TinyEstoqueReceivedData;
}
registerEvent(TinyEstoqueReceivedV1);

/** A Tiny price webhook. Consumed by catalog-sync. */
export class TinyPrecosReceivedV1 extends IntegrationEvent<TinyPrecosReceivedData> {
  static readonly type = 'tiny.precos.received.v1';
  @ValidateNested() @Type(() => TinyPrecosReceivedData) data!: TinyPrecosReceivedData;
}
registerEvent(TinyPrecosReceivedV1);

/** A Tiny product webhook with the mappings the gateway answered. Consumed by catalog-sync. */
export class TinyProdutoReceivedV1 extends IntegrationEvent<TinyProdutoReceivedData> {
  static readonly type = 'tiny.produto.received.v1';
  @ValidateNested() @Type(() => TinyProdutoReceivedData) data!: TinyProdutoReceivedData;
}
registerEvent(TinyProdutoReceivedV1);

/** A Tiny order-situação webhook. Consumed by order-dispatcher. */
export class TinySituacaoPedidoReceivedV1 extends IntegrationEvent<TinySituacaoPedidoReceivedData> {
  static readonly type = 'tiny.situacao_pedido.received.v1';
  @ValidateNested() @Type(() => TinySituacaoPedidoReceivedData) data!: TinySituacaoPedidoReceivedData;
}
registerEvent(TinySituacaoPedidoReceivedV1);

/** A Tiny invoice (NF-e) webhook. Consumed by order-dispatcher. */
export class TinyNotaFiscalReceivedV1 extends IntegrationEvent<TinyNotaFiscalReceivedData> {
  static readonly type = 'tiny.nota_fiscal.received.v1';
  @ValidateNested() @Type(() => TinyNotaFiscalReceivedData) data!: TinyNotaFiscalReceivedData;
}
registerEvent(TinyNotaFiscalReceivedV1);

/** A Tiny tracking-code webhook. Consumed by order-dispatcher. */
export class TinyRastreioReceivedV1 extends IntegrationEvent<TinyRastreioReceivedData> {
  static readonly type = 'tiny.rastreio.received.v1';
  @ValidateNested() @Type(() => TinyRastreioReceivedData) data!: TinyRastreioReceivedData;
}
registerEvent(TinyRastreioReceivedV1);

/** Event class per webhook kind. */
export const TINY_WEBHOOK_EVENTS: { readonly [K in TinyWebhookKind]: EventClass } = {
  estoque: TinyEstoqueReceivedV1,
  precos: TinyPrecosReceivedV1,
  produto: TinyProdutoReceivedV1,
  situacao_pedido: TinySituacaoPedidoReceivedV1,
  nota_fiscal: TinyNotaFiscalReceivedV1,
  rastreio: TinyRastreioReceivedV1,
};

/** Any of the six, for code that handles them together. */
export type TinyWebhookReceivedV1 =
  | TinyEstoqueReceivedV1
  | TinyPrecosReceivedV1
  | TinyProdutoReceivedV1
  | TinySituacaoPedidoReceivedV1
  | TinyNotaFiscalReceivedV1
  | TinyRastreioReceivedV1;
