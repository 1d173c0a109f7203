import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Only the fields present change. */
export class UpdateIntegrationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(120) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() integrationUserId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() forwardStatus?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^\S{1,40}$/, { message: 'integratorId must be 1 to 40 characters without spaces' })
  integratorId?: string;
  @ApiPropertyOptional({ writeOnly: true, description: 'Novo token; exige um novo Testar' })
  @IsOptional()
  @IsString()
  @Matches(/^\S{8,200}$/, { message: 'token must be 8 to 200 characters without spaces' })
  token?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(10000) planLimitPerMinute?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0.05) @Max(1) share?: number;
  @ApiPropertyOptional({ description: 'Ativar exige um Testar bem-sucedido com o token atual' }) @IsOptional() @IsBoolean() active?: boolean;
}
