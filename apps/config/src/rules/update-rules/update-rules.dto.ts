import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';

export class CustomerRulesDto {
  @ApiPropertyOptional({ description: 'Pessoa Jurídica' }) @IsBoolean() pj!: boolean;
  @ApiPropertyOptional({ description: 'Pessoa Física' }) @IsBoolean() pf!: boolean;
  @ApiPropertyOptional({ description: 'Somente com e-mail válido' }) @IsBoolean() requireValidEmail!: boolean;
  @ApiPropertyOptional({ description: 'Apenas atualizar (não insere novos clientes)' }) @IsBoolean() onlyUpdate!: boolean;
}

export class ProductRulesDto {
  @ApiPropertyOptional() @IsBoolean() ignoreCategories!: boolean;
  @ApiPropertyOptional() @IsBoolean() keepNameAndDescription!: boolean;
  @ApiPropertyOptional() @IsBoolean() keepStatus!: boolean;
  @ApiPropertyOptional() @IsBoolean() ignoreBrand!: boolean;
  @ApiPropertyOptional() @IsBoolean() keepPrices!: boolean;
  @ApiPropertyOptional({ enum: ['F', 'D'], description: 'F = físico, D = disponível' }) @IsIn(['F', 'D']) stockType!: 'F' | 'D';
  @ApiPropertyOptional({ type: [String], description: 'Depósitos considerados (vazio = todos)' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  deposits!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf((_, v) => v !== null) @IsString() priceListId!: string | null;
  @ApiPropertyOptional({ enum: ['codigo', 'id'] }) @IsIn(['codigo', 'id']) skuMapping!: 'codigo' | 'id';
}

export class StatusMappingDto {
  @ApiPropertyOptional({ example: 'Em transporte' }) @IsString() @IsNotEmpty() uplacesStatus!: string;
  @ApiPropertyOptional({ example: 'enviado' }) @IsString() @IsNotEmpty() tinySituacao!: string;
}

export class SellerMapDto {
  @ApiPropertyOptional() @IsString() @IsNotEmpty() uplacesSellerId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf((_, v) => v !== null) @IsString() tinyVendedorId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @ValidateIf((_, v) => v !== null) @IsString() tinyVendedorNome!: string | null;
}

export class SellerDto {
  @ApiPropertyOptional({ description: 'Incluir o vendedor no pedido enviado ao Tiny' }) @IsBoolean() include!: boolean;
  @ApiPropertyOptional({ type: [SellerMapDto] }) @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => SellerMapDto) map!: SellerMapDto[];
}

/** Each part present replaces that part entirely. */
export class UpdateRulesDto {
  @ApiPropertyOptional({ type: CustomerRulesDto }) @IsOptional() @ValidateNested() @Type(() => CustomerRulesDto) customers?: CustomerRulesDto;
  @ApiPropertyOptional({ type: ProductRulesDto }) @IsOptional() @ValidateNested() @Type(() => ProductRulesDto) products?: ProductRulesDto;
  @ApiPropertyOptional({ type: [StatusMappingDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => StatusMappingDto)
  statusMapping?: StatusMappingDto[];
  @ApiPropertyOptional({ type: SellerDto }) @IsOptional() @ValidateNested() @Type(() => SellerDto) seller?: SellerDto;
}
