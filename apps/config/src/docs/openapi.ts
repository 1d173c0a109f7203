import { Injectable, type OnApplicationBootstrap, type INestApplication } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModuleRef, type NestContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

function documentConfig() {
  return new DocumentBuilder()
    .setTitle('Uplaces ↔ Tiny ERP — config')
    .setDescription('Integração com o Tiny: usuário Integração, credenciais, Testar, URLs de notificação, regras e mapeamentos.')
    .setVersion('1')
    .addBearerAuth()
    .build();
}

/** Serves Swagger UI at /docs and the document at /docs-json, for an app whose routes are not yet listening. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, documentConfig()));
}

/**
 * bootstrapService (shared) creates and starts the app itself, so the docs are registered from inside the
 * module, at bootstrap (before fastify listens), with the few application parts Swagger reads.
 */
@Injectable()
export class OpenApiRegistrar implements OnApplicationBootstrap {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly adapterHost: HttpAdapterHost,
    private readonly appConfig: ApplicationConfig,
  ) {}

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // no HTTP (e.g. a standalone context)
    const container = (this.moduleRef as unknown as { container: NestContainer }).container;
    const appLike = {
      container,
      config: this.appConfig,
      getHttpAdapter: () => adapter,
      useStaticAssets: (options: unknown) => (adapter as unknown as { useStaticAssets(o: unknown): void }).useStaticAssets(options),
    } as unknown as INestApplication;
    setupOpenApi(appLike);
  }
}
