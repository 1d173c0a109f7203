import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_PROFILE, CurrentActor, JwtAuthGuard, RequireProfile, type Actor } from '@app/security';
import { DataSource } from 'typeorm';
import { UserRow } from '../../database';
import { bodyPipe } from '../../shared/http-errors';
import { RegisterUserDto } from './register-user.dto';
import { RegisterUserUseCase, toUserView } from './register-user.usecase';

@ApiTags('users')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('users')
export class RegisterUserController {
  constructor(
    private readonly registerUser: RegisterUserUseCase,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireProfile(ADMIN_PROFILE)
  @ApiOperation({ summary: 'Cadastra (ou atualiza) um usuário da Uplaces, ex. o usuário com perfil Integração' })
  register(@CurrentActor() actor: Actor, @Body(bodyPipe) body: RegisterUserDto) {
    return this.registerUser.execute(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'Usuários desta conta conhecidos pela integração' })
  async list(@CurrentActor() actor: Actor) {
    const rows = await this.dataSource.getRepository(UserRow).find({ where: { tenantId: actor.tenantId }, order: { name: 'ASC' } });
    return rows.map(toUserView);
  }
}
