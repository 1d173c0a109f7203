import { Controller, Header, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_PROFILE, CurrentActor, JwtAuthGuard, RequireProfile, type Actor } from '@app/security';
import { RotateWebhookSecretUseCase } from './rotate-webhook-secret.usecase';

@ApiTags('integrations')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('integrations/:id/webhook-secret/rotate')
export class RotateWebhookSecretController {
  constructor(private readonly rotate: RotateWebhookSecretUseCase) {}

  @Post()
  @HttpCode(200)
  @RequireProfile(ADMIN_PROFILE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Gera um novo segredo das URLs de notificação (o anterior vale até previousValidUntil)' })
  post(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.rotate.execute(actor, id);
  }
}
