import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IntegrationEvent, registerEvent } from '../event';

/** Money and quantities are JSON numbers (BRL, `.` decimal); at most 4 decimal places. */
const DECIMAL = { maxDecimalPlaces: 4, allowNaN: false, allowInfinity: false } as const;

export class OrderAddress {
  @IsString() @IsNotEmpty() street!: string;
  @IsString() @IsNotEmpty() number!: string;
  @IsOptional() @IsString() complement?: string | null;
  @IsString() @IsNotEmpty() district!: string;
  /** CEP, digits only or formatted (`01001-000`). */
  @IsString() @Matches(/^\d{5}-?\d{3}$/) zipCode!: string;
  @IsString() @IsNotEmpty() city!: string;
  /** UF, two letters. */
  @IsString() @Matches(/^[A-Z]{2}$/) state!: string;
  @IsOptional() @IsString() country?: string | null;
}

export const CUSTOMER_TYPES = ['PF', 'PJ'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

export class OrderCustomer {
  /** Uplaces customer id. */
  @IsString() @IsNotEmpty() id!: string;
  /** PF = pessoa física (CPF), PJ = pessoa jurídica (CNPJ). */
  @IsIn(CUSTOMER_TYPES) type!: CustomerType;
  /** Corporate name (razão social) or the person's name. */
  @IsString() @IsNotEmpty() name!: string;
  @IsOptional() @IsString() tradeName?: string | null;
  /** CPF (11 digits) or CNPJ (14 digits); punctuation allowed. */
  @IsString() @Matches(/^(\d{3}\.?\d{3}\.?\d{3}-?\d{2}|\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2})$/) document!: string;
  /** Inscrição estadual (PJ), `ISENTO` or null. */
  @IsOptional() @IsString() @MaxLength(18) stateRegistration?: string | null;
  /** Free text: the dispatcher decides whether it is valid (customer criterion "valid e-mail"). */
  @IsOptional() @IsString() email?: string | null;
  @IsOptional() @IsString() phone?: string | null;
  @ValidateNested() @Type(() => OrderAddress) address!: OrderAddress;
}

export class OrderDeliveryAddress extends OrderAddress {
  @IsOptional() @IsString() recipientName?: string | null;
  @IsOptional() @IsString() phone?: string | null;
}

export class OrderSeller {
  /** Uplaces seller (vendedor) id. */
  @IsString() @IsNotEmpty() id!: string;
  @IsString() @IsNotEmpty() name!: string;
  @IsOptional() @IsEmail() email?: string | null;
}

export class OrderItem {
  /** The product SKU; Tiny matches items by it (`codigo`). */
  @IsString() @IsNotEmpty() @MaxLength(60) sku!: string;
  @IsString() @IsNotEmpty() description!: string;
  @IsOptional() @IsString() unit?: string | null;
  @IsNumber(DECIMAL) @Min(0.0001) quantity!: number;
  /** Price per unit before the line discount. */
  @IsNumber(DECIMAL) @Min(0) unitPrice!: number;
  /** Total discount of the line (not per unit), 0 when none. */
  @IsNumber(DECIMAL) @Min(0) discount!: number;
}

export const FREIGHT_PAYERS = ['sender', 'recipient', 'third-party', 'none'] as const;
export type FreightPayer = (typeof FREIGHT_PAYERS)[number];

export class OrderFreight {
  @IsNumber(DECIMAL) @Min(0) amount!: number;
  /** sender = CIF (remetente), recipient = FOB (destinatário), third-party, none = sem frete. */
  @IsIn(FREIGHT_PAYERS) paidBy!: FreightPayer;
  @IsOptional() @IsString() carrier?: string | null;
  @IsOptional() @IsString() shippingMethod?: string | null;
}

export class OrderInstallment {
  /** Days after the order date. */
  @IsInt() @Min(0) days!: number;
  @IsOptional() @IsISO8601() dueDate?: string | null;
  @IsNumber(DECIMAL) @Min(0) amount!: number;
}

export class OrderPayment {
  /** e.g. boleto, credito, debito, deposito, dinheiro, pix, crediario, multiplas. */
  @IsString() @IsNotEmpty() method!: string;
  /** Free text shown to the ERP user, e.g. "Boleto 28/56 dias". */
  @IsOptional() @IsString() @MaxLength(100) description?: string | null;
  @IsArray() @ValidateNested({ each: true }) @Type(() => OrderInstallment) installments!: OrderInstallment[];
}

/** The order as it is now (after this change). */
export class OrderSnapshot {
  /** When the order was placed. */
  @IsISO8601() placedAt!: string;
  @ValidateNested() @Type(() => OrderCustomer) customer!: OrderCustomer;
  @IsOptional() @ValidateNested() @Type(() => OrderDeliveryAddress) deliveryAddress?: OrderDeliveryAddress | null;
  @IsOptional() @ValidateNested() @Type(() => OrderSeller) seller?: OrderSeller | null;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => OrderItem) items!: OrderItem[];
  @ValidateNested() @Type(() => OrderFreight) freight!: OrderFreight;
  @ValidateNested() @Type(() => OrderPayment) payment!: OrderPayment;
  /** Order-level discount on top of line discounts, 0 when none. */
  @IsNumber(DECIMAL) @Min(0) discount!: number;
  @IsOptional() @IsString() notes?: string | null;
  @IsOptional() @IsString() internalNotes?: string | null;
  /** The customer's purchase order number (B2B). */
  @IsOptional() @IsString() purchaseOrderNumber?: string | null;
  /** Price list id (Tiny `id_lista_preco`) chosen for this order, if any. */
  @IsOptional() @IsString() priceListId?: string | null;
}

export class OrderStatusChangedData {
  /** Uplaces order id (stable). */
  @IsString() @IsNotEmpty() orderId!: string;
  /** Uplaces order number shown to people; becomes Tiny's numero_pedido_ecommerce (max 50). */
  @IsString() @IsNotEmpty() @MaxLength(50) orderNumber!: string;
  @IsString() @IsNotEmpty() status!: string;
  @IsOptional() @IsString() previousStatus?: string | null;
  /** Grows by at least 1 with every change of the order; consumers ignore a version <= the one they have. */
  @IsInt() @Min(1) version!: number;
  @IsISO8601() changedAt!: string;
  @ValidateNested() @Type(() => OrderSnapshot) order!: OrderSnapshot;
}

/**
 * Published by Uplaces' order service whenever an order's status changes (also on creation).
 * The event's integrationId names the Tiny integration the order belongs to.
 */
export class OrderStatusChangedV1 extends IntegrationEvent<OrderStatusChangedData> {
  static readonly type = 'orders.order.status-changed.v1';
  @ValidateNested() @Type(() => OrderStatusChangedData) data!: OrderStatusChangedData;
}
registerEvent(OrderStatusChangedV1);
