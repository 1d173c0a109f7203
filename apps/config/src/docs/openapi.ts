import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

function documentConfig() {
  return new DocumentBuilder()
    .setTitle('Uplaces ↔ Tiny ERP — config')
    .setDescription('Integração com o Tiny: usuário Integração, credenciais, Testar, URLs de notificação, regras e mapeamentos.')
    .setVersion('1')
    .addBearerAuth()
    .build();
}

/**
 * Serves Swagger UI at /docs and the document at /docs-json. Call it before the app listens
 * (bootstrapService's `configure` hook does, see configServiceOptions).
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, documentConfig()));
}
