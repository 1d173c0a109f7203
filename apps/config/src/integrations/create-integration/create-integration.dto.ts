import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class CreateIntegrationDto {
  @ApiProperty({ example: 'Integração Tiny ERP' }) @IsString() @IsNotEmpty() @MaxLength(120) name!: string;
  @ApiProperty({ description: 'Usuário da Uplaces com perfil Integração' }) @IsString() @IsNotEmpty() integrationUserId!: string;
  @ApiProperty({ description: 'Status da Uplaces em que o pedido é enviado ao Tiny', example: 'Enviado pelo comprador' })
  @IsString()
  @IsNotEmpty()
  forwardStatus!: string;
  @ApiProperty({ description: 'Identificador do integrador (Tiny, tela Gerenciar)', example: '54321' })
  @IsString()
  @Matches(/^\S{1,40}$/, { message: 'integratorId must be 1 to 40 characters without spaces' })
  integratorId!: string;
  @ApiProperty({ description: 'Token da API do Tiny (nunca é devolvido)', writeOnly: true })
  @IsString()
  @Matches(/^\S{8,200}$/, { message: 'token must be 8 to 200 characters without spaces' })
  token!: string;
  @ApiPropertyOptional({ default: 60 }) @IsOptional() @IsInt() @Min(1) @Max(10000) planLimitPerMinute?: number;
  @ApiPropertyOptional({ default: 1, description: 'Parte (0..1] do limite do Tiny que esta integração pode usar' })
  @IsOptional()
  @IsNumber()
  @Min(0.05)
  @Max(1)
  share?: number;
}
