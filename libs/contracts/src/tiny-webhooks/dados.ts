import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

/*
 * Tiny's `dados` objects of the e-commerce webhooks (tiny-api.md §5.2), with Tiny's own field names.
 * Normalised by the gateway so consumers get one shape:
 * - every scalar is a STRING (Tiny sends ids and decimals as numbers or strings at random): ids as
 *   their digits ("700100200"), decimals with `.` ("37.00", "499", "-2.5"), text as sent;
 * - a list Tiny sent as a single object is an array;
 * - optional fields Tiny did not send are absent (not null); fields the gateway does not know are dropped.
 */

/** Decimal with `.`, optionally signed: "37.00", "499", "-2.5". */
export const TINY_DECIMAL = /^-?\d+(\.\d+)?$/;
/** Same, or "" (Tiny sends empty strings for unset prices). */
export const TINY_DECIMAL_OR_EMPTY = /^(-?\d+(\.\d+)?)?$/;

/** (a) tipo "estoque": a stock change of one mapped product or variation. */
export class TinyEstoqueDados {
  /** Tiny id of the product (or variation). */
  @IsString() @IsNotEmpty() idProduto!: string;
  /** New balance, decimal string. */
  @Matches(TINY_DECIMAL) saldo!: string;
  /** F físico, D disponível; Tiny does not always send it. */
  @IsOptional() @IsIn(['F', 'D']) tipoEstoque?: 'F' | 'D';
  /** Tiny `codigo` (SKU). */
  @IsOptional() @IsString() sku?: string;
  /** Our SKU in the mapping (what the gateway answered to the produto webhook). */
  @IsOptional() @IsString() skuMapeamento?: string;
  /** Parent's mapped SKU; empty or absent for a simple product. */
  @IsOptional() @IsString() skuMapeamentoPai?: string;
}

/** (b) tipo "precos": the prices of one mapped product or variation. */
export class TinyPrecosDados {
  @IsString() @IsNotEmpty() skuMapeamento!: string;
  @IsOptional() @IsString() idMapeamento?: string;
  @IsOptional() @IsString() skuMapeamentoPai?: string;
  @IsOptional() @IsString() nome?: string;
  @IsOptional() @IsString() codigo?: string;
  @Matches(TINY_DECIMAL) preco!: string;
  /** "" or absent = no promotional price. */
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) precoPromocional?: string;
}

export class TinyGradeItem {
  @IsString() chave!: string;
  @IsString() valor!: string;
}

export class TinyAnexo {
  @IsString() @IsNotEmpty() url!: string;
  @IsOptional() @IsString() nome?: string;
  @IsOptional() @IsString() tipo?: string;
}

export class TinyCategoriaNo {
  @IsString() id!: string;
  @IsOptional() @IsString() idPai?: string;
  @IsOptional() @IsString() descricao?: string;
  @IsOptional() @IsString() descricaoCompleta?: string;
}

export class TinySeo {
  @IsOptional() @IsString() title?: string;
  @IsOptional() @IsString() description?: string;
  @IsOptional() @IsString() keywords?: string;
  @IsOptional() @IsString() linkVideo?: string;
  @IsOptional() @IsString() slug?: string;
}

export class TinyKitItem {
  @IsString() @IsNotEmpty() id!: string;
  @Matches(TINY_DECIMAL) quantidade!: string;
}

export class TinyVariacao {
  @IsString() @IsNotEmpty() id!: string;
  /** Tiny-side mapping id of this variation: the gateway answers one mapping entry with it. */
  @IsString() @IsNotEmpty() idMapeamento!: string;
  @IsOptional() @IsString() skuMapeamento?: string;
  /** Tiny SKU of the variation; absent/empty = cannot be mapped by codigo. */
  @IsOptional() @IsString() codigo?: string;
  @IsOptional() @IsString() gtin?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) preco?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) precoPromocional?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) estoqueAtual?: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => TinyGradeItem) grade!: TinyGradeItem[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => TinyAnexo) anexos!: TinyAnexo[];
}

/** (c) tipo "produto": one product sent to the e-commerce (parent + variations). */
export class TinyProdutoDados {
  @IsString() @IsNotEmpty() id!: string;
  /** Tiny-side mapping id of the product: the gateway answers one mapping entry with it. */
  @IsString() @IsNotEmpty() idMapeamento!: string;
  @IsOptional() @IsString() skuMapeamento?: string;
  @IsString() @IsNotEmpty() nome!: string;
  /** Tiny SKU; absent/empty = cannot be mapped by codigo. */
  @IsOptional() @IsString() codigo?: string;
  @IsOptional() @IsString() unidade?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) preco?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) precoPromocional?: string;
  @IsOptional() @IsString() ncm?: string;
  @IsOptional() @IsString() origem?: string;
  @IsOptional() @IsString() gtin?: string;
  @IsOptional() @IsString() gtinEmbalagem?: string;
  @IsOptional() @IsString() localizacao?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) pesoLiquido?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) pesoBruto?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) estoqueMinimo?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) estoqueMaximo?: string;
  @IsOptional() @IsString() idFornecedor?: string;
  @IsOptional() @IsString() codigoFornecedor?: string;
  @IsOptional() @IsString() codigoPeloFornecedor?: string;
  @IsOptional() @IsString() unidadePorCaixa?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) estoqueAtual?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) precoCusto?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) precoCustoMedio?: string;
  /** Tiny's product situação (e.g. "A" ativo, "I" inativo). */
  @IsOptional() @IsString() situacao?: string;
  @IsOptional() @IsString() descricaoComplementar?: string;
  @IsOptional() @IsString() obs?: string;
  @IsOptional() @IsString() garantia?: string;
  @IsOptional() @IsString() cest?: string;
  @IsOptional() @IsString() sobEncomenda?: string;
  @IsOptional() @IsString() marca?: string;
  @IsOptional() @IsString() tipoEmbalagem?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) alturaEmbalagem?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) larguraEmbalagem?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) comprimentoEmbalagem?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) diametroEmbalagem?: string;
  @IsOptional() @IsString() classeProduto?: string;
  @IsOptional() @IsString() idCategoria?: string;
  @IsOptional() @IsString() descricaoCategoria?: string;
  @IsOptional() @IsString() descricaoArvoreCategoria?: string;
  @IsOptional() @IsString() diasPreparacao?: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => TinyCategoriaNo) arvoreCategoria!: TinyCategoriaNo[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => TinyVariacao) variacoes!: TinyVariacao[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => TinyAnexo) anexos!: TinyAnexo[];
  @IsOptional() @ValidateNested() @Type(() => TinySeo) seo?: TinySeo;
  @IsArray() @ValidateNested({ each: true }) @Type(() => TinyKitItem) kit!: TinyKitItem[];
}

/** (d) tipo "situacao_pedido": an order's situação changed in Tiny. */
export class TinySituacaoPedidoDados {
  @IsString() @IsNotEmpty() idVendaTiny!: string;
  /** Our order number (numero_pedido_ecommerce). */
  @IsOptional() @IsString() idPedidoEcommerce?: string;
  /** Code ("faturado") or description: not confirmed which; consumers accept both. */
  @IsString() @IsNotEmpty() situacao!: string;
  @IsOptional() @IsString() descricaoSituacao?: string;
}

/** (e) tipo "rastreio": tracking code of an order's shipment. */
export class TinyRastreioDados {
  @IsString() @IsNotEmpty() codigoRastreio!: string;
  @IsOptional() @IsString() idVendaTiny?: string;
  @IsOptional() @IsString() idPedidoEcommerce?: string;
  @IsOptional() @IsString() idNotaFiscalTiny?: string;
  @IsOptional() @IsString() idEntregaEcommerce?: string;
  @IsOptional() @IsString() urlRastreio?: string;
  @IsOptional() @IsString() transportadora?: string;
  @IsOptional() @IsString() formaEnvio?: string;
  @IsOptional() @IsString() formaFrete?: string;
}

/** (f) tipo "nota_fiscal": an invoice (NF-e) was issued for an order. */
export class TinyNotaFiscalDados {
  @IsString() @IsNotEmpty() idNotaFiscalTiny!: string;
  @IsOptional() @IsString() idPedidoEcommerce?: string;
  @IsOptional() @IsString() idVendaTiny?: string;
  @IsOptional() @IsString() numero?: string;
  @IsOptional() @IsString() serie?: string;
  @IsOptional() @IsString() chaveAcesso?: string;
  @IsOptional() @IsString() urlDanfe?: string;
  /** Tiny's own text (e.g. "15/03/2026"); format not confirmed. */
  @IsOptional() @IsString() dataEmissao?: string;
  @IsOptional() @Matches(TINY_DECIMAL_OR_EMPTY) valorNota?: string;
}
