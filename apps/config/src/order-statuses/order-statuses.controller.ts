import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ADMIN_PROFILE, CurrentActor, JwtAuthGuard, RequireProfile, type Actor } from '@app/security';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { OrderStatusRow } from '../database';
import { bodyPipe } from '../shared/http-errors';
import { TenantStatuses } from './tenant-statuses';

export class RegisterOrderStatusDto {
  @ApiProperty({ example: 'Em separação' }) @IsString() @IsNotEmpty() @MaxLength(80) name!: string;
}

@ApiTags('order-statuses')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('order-statuses')
export class OrderStatusesController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly statuses: TenantStatuses,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Status de pedido da Uplaces desta conta' })
  async list(@CurrentActor() actor: Actor) {
    return { statuses: await this.statuses.list(this.dataSource.manager, actor.tenantId) };
  }

  @Post()
  @HttpCode(201)
  @RequireProfile(ADMIN_PROFILE)
  @ApiOperation({ summary: 'Cadastra um status de pedido da Uplaces além dos cinco padrão' })
  async register(@CurrentActor() actor: Actor, @Body(bodyPipe) body: RegisterOrderStatusDto) {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(OrderStatusRow)
      .values({ tenantId: actor.tenantId, name: body.name.trim(), createdAt: new Date() })
      .orIgnore()
      .execute();
    return { statuses: await this.statuses.list(this.dataSource.manager, actor.tenantId) };
  }
}
