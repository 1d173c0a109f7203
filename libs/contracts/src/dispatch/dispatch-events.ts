import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsNumber, IsOptional, IsString, ValidateNested } from 'class-validator';
import { IntegrationEvent, registerEvent } from '../event';

/** Identifies the order on both sides; every dispatch event carries it. */
export class DispatchOrderRef {
  /** Uplaces order id; null only when a Tiny notification names an order this service never sent. */
  @IsOptional() @IsString() orderId!: string | null;
  /** Uplaces order number (= Tiny numero_pedido_ecommerce). */
  @IsString() @IsNotEmpty() orderNumber!: string;
  /** Tiny internal order id, null when unknown. */
  @IsOptional() @IsString() tinyOrderId!: string | null;
}

export class OrderSentData extends DispatchOrderRef {
  /** Tiny's own order number (`numero`). */
  @IsOptional() @IsString() tinyOrderNumber!: string | null;
  /** Tiny situação code the order was created with, e.g. `aberto`. */
  @IsString() @IsNotEmpty() tinySituacao!: string;
  /** The Uplaces status whose event sent it. */
  @IsString() @IsNotEmpty() uplacesStatus!: string;
  /** True when an earlier attempt had created it and it was found by search instead of created again. */
  @IsBoolean() recovered!: boolean;
  @IsISO8601() sentAt!: string;
}

export const FAILURE_KINDS = ['validation', 'auth', 'not-available', 'configuration', 'unexpected'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export class OrderFailedData extends DispatchOrderRef {
  /** What went wrong, in pt-BR, for the store's admin (e.g. "Produto com SKU X não encontrado no Tiny"). */
  @IsString() @IsNotEmpty() reason!: string;
  @IsIn(FAILURE_KINDS) kind!: FailureKind;
  /** Tiny's messages as returned, when Tiny refused it. */
  @IsArray() @IsString({ each: true }) tinyErrors!: string[];
  /** What the dispatcher was doing: creating the order or changing its status. */
  @IsIn(['create', 'update-status']) operation!: 'create' | 'update-status';
  @IsISO8601() failedAt!: string;
}

export class InvoiceInfo {
  @IsString() @IsNotEmpty() number!: string;
  @IsString() series!: string;
  /** NF-e access key (chave de acesso, 44 digits) when Tiny sent it. */
  @IsOptional() @IsString() accessKey!: string | null;
  @IsOptional() @IsString() danfeUrl!: string | null;
  @IsOptional() @IsString() tinyInvoiceId!: string | null;
  /** As Tiny sent it (dd/mm/yyyy), null when absent. */
  @IsOptional() @IsString() issuedOn!: string | null;
  @IsOptional() @IsNumber() amount!: number | null;
}

export class OrderInvoicedData extends DispatchOrderRef {
  @ValidateNested() @Type(() => InvoiceInfo) invoice!: InvoiceInfo;
}

export class OrderTrackingUpdatedData extends DispatchOrderRef {
  @IsString() @IsNotEmpty() trackingCode!: string;
  @IsOptional() @IsString() trackingUrl!: string | null;
  @IsOptional() @IsString() carrier!: string | null;
  @IsOptional() @IsString() shippingMethod!: string | null;
  @IsOptional() @IsString() freightService!: string | null;
}

export class OrderTinyStatusChangedData extends DispatchOrderRef {
  /** Tiny situação code (aberto, aprovado, preparando_envio, faturado, pronto_envio, enviado, entregue, nao_entregue, cancelado). */
  @IsString() @IsNotEmpty() tinySituacao!: string;
  @IsOptional() @IsString() tinyDescription!: string | null;
  /** The Uplaces status the integration's mapping gives for it; null when unmapped. */
  @IsOptional() @IsString() uplacesStatus!: string | null;
}

/** The order was created in Tiny (or found there after an unknown outcome). */
export class OrderSentV1 extends IntegrationEvent<OrderSentData> {
  static readonly type = 'dispatch.order.sent.v1';
  @ValidateNested() @Type(() => OrderSentData) data!: OrderSentData;
}

/** Tiny refused the order (or a status change) for a reason a person must fix; resend from the ops API. */
export class OrderFailedV1 extends IntegrationEvent<OrderFailedData> {
  static readonly type = 'dispatch.order.failed.v1';
  @ValidateNested() @Type(() => OrderFailedData) data!: OrderFailedData;
}

/** Tiny issued the NF-e of the order. */
export class OrderInvoicedV1 extends IntegrationEvent<OrderInvoicedData> {
  static readonly type = 'dispatch.order.invoiced.v1';
  @ValidateNested() @Type(() => OrderInvoicedData) data!: OrderInvoicedData;
}

/** Tiny registered (or changed) the tracking code of the order. */
export class OrderTrackingUpdatedV1 extends IntegrationEvent<OrderTrackingUpdatedData> {
  static readonly type = 'dispatch.order.tracking-updated.v1';
  @ValidateNested() @Type(() => OrderTrackingUpdatedData) data!: OrderTrackingUpdatedData;
}

/** The order's situação changed in Tiny (not an echo of a change this service made). */
export class OrderTinyStatusChangedV1 extends IntegrationEvent<OrderTinyStatusChangedData> {
  static readonly type = 'dispatch.order.tiny-status-changed.v1';
  @ValidateNested() @Type(() => OrderTinyStatusChangedData) data!: OrderTinyStatusChangedData;
}

registerEvent(OrderSentV1);
registerEvent(OrderFailedV1);
registerEvent(OrderInvoicedV1);
registerEvent(OrderTrackingUpdatedV1);
registerEvent(OrderTinyStatusChangedV1);
