import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_PROFILE, CurrentActor, JwtAuthGuard, RequireProfile, type Actor } from '@app/security';
import { bodyPipe } from '../../shared/http-errors';
import { CreateIntegrationDto } from './create-integration.dto';
import { CreateIntegrationUseCase } from './create-integration.usecase';

@ApiTags('integrations')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('integrations')
export class CreateIntegrationController {
  constructor(private readonly createIntegration: CreateIntegrationUseCase) {}

  @Post()
  @HttpCode(201)
  @RequireProfile(ADMIN_PROFILE)
  @ApiOperation({ summary: 'Cria a integração com o Tiny (nome, usuário Integração, status de envio, credenciais)' })
  create(@CurrentActor() actor: Actor, @Body(bodyPipe) body: CreateIntegrationDto) {
    return this.createIntegration.execute(actor, body);
  }
}
