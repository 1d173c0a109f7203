import { Body, Controller, Param, ParseUUIDPipe, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_PROFILE, CurrentActor, JwtAuthGuard, RequireProfile, type Actor } from '@app/security';
import { bodyPipe } from '../../shared/http-errors';
import { UpdateRulesDto } from './update-rules.dto';
import { UpdateRulesUseCase } from './update-rules.usecase';

@ApiTags('rules')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('integrations/:id/rules')
export class UpdateRulesController {
  constructor(private readonly updateRules: UpdateRulesUseCase) {}

  @Put()
  @RequireProfile(ADMIN_PROFILE)
  @ApiOperation({ summary: 'Critérios de clientes e produtos, mapeamento de status e vendedor' })
  put(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body(bodyPipe) body: UpdateRulesDto) {
    return this.updateRules.execute(actor, id, body);
  }
}
