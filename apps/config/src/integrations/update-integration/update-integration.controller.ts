import { Body, Controller, Delete, HttpCode, Inject, Param, ParseUUIDPipe, Patch, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_PROFILE, CurrentActor, JwtAuthGuard, RequireProfile, type Actor } from '@app/security';
import { DataSource } from 'typeorm';
import { bodyPipe } from '../../shared/http-errors';
import { IntegrationWriter } from '../integration-writer';
import { UpdateIntegrationDto } from './update-integration.dto';
import { UpdateIntegrationUseCase } from './update-integration.usecase';

@ApiTags('integrations')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@RequireProfile(ADMIN_PROFILE)
@Controller('integrations/:id')
export class UpdateIntegrationController {
  constructor(
    private readonly updateIntegration: UpdateIntegrationUseCase,
    private readonly writer: IntegrationWriter,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Patch()
  @ApiOperation({ summary: 'Altera nome, usuário, status de envio, credenciais, limites ou ativação' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body(bodyPipe) body: UpdateIntegrationDto) {
    return this.updateIntegration.execute(actor, id, body);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Exclui a integração (os outros serviços deixam de usá-la)' })
  async remove(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.writer.lock(m, actor.tenantId, id);
      row.deleted = true;
      row.active = false;
      await this.writer.commit(m, actor, row, 'delete', ['deleted', 'active']);
    });
  }
}
