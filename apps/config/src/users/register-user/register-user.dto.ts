import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class RegisterUserDto {
  @ApiProperty({ description: 'Uplaces user id', example: 'u-123' }) @IsString() @IsNotEmpty() @MaxLength(100) id!: string;
  @ApiProperty({ example: 'Integração Tiny' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiPropertyOptional({ example: 'integracao@loja.com.br' }) @IsOptional() @IsEmail() email?: string;
  @ApiProperty({ description: 'Perfil como na Uplaces, ex. "Integração"', example: 'Integração' }) @IsString() @IsNotEmpty() @MaxLength(100) profile!: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}
