import { Controller, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_PROFILE, CurrentActor, JwtAuthGuard, RequireProfile, type Actor } from '@app/security';
import { TestConnectionUseCase } from './test-connection.usecase';

@ApiTags('integrations')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('integrations/:id/test')
export class TestConnectionController {
  constructor(private readonly testConnection: TestConnectionUseCase) {}

  @Post()
  @HttpCode(200)
  @RequireProfile(ADMIN_PROFILE)
  @ApiOperation({ summary: 'Testar: chama o Tiny e diz qual conta o token acessa, ou por que falhou' })
  test(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.testConnection.execute(actor, id);
  }
}
