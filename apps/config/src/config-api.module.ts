import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DeadLettersController, MessagingModule } from '@app/messaging';
import { closeSharedDataSource, runMigrations } from '@app/persistence';
import { AuthModule, SecretBox } from '@app/security';
import { ensureTinySchema, TinyClientFactory } from '@app/tiny';
import { DataSource } from 'typeorm';
import { AuditController } from './audit/audit.controller';
import { AuditLog } from './audit/audit-log';
import { configDataSource } from './database/config-data-source';
import { CreateIntegrationController } from './integrations/create-integration/create-integration.controller';
import { CreateIntegrationUseCase } from './integrations/create-integration/create-integration.usecase';
import { DeactivateIntegrationsForUser } from './integrations/deactivate-for-user/deactivate-for-user';
import { ExpiredSecretsSweeper } from './integrations/expired-secrets/expired-secrets.sweeper';
import { GetIntegrationController } from './integrations/get-integration/get-integration.controller';
import { IntegrationWriter } from './integrations/integration-writer';
import { ResyncMessageController } from './integrations/resync/resync.message-controller';
import { RotateWebhookSecretController } from './integrations/rotate-webhook-secret/rotate-webhook-secret.controller';
import { RotateWebhookSecretUseCase } from './integrations/rotate-webhook-secret/rotate-webhook-secret.usecase';
import { TestConnectionController } from './integrations/test-connection/test-connection.controller';
import { TestConnectionUseCase } from './integrations/test-connection/test-connection.usecase';
import { TINY_ACCOUNT_PROBE, type TinyAccountProbe } from './integrations/test-connection/tiny-account-probe';
import { UpdateIntegrationController } from './integrations/update-integration/update-integration.controller';
import { UpdateIntegrationUseCase } from './integrations/update-integration/update-integration.usecase';
import { WebhookUrlsController } from './integrations/webhook-urls/webhook-urls.controller';
import { OrderStatusesController } from './order-statuses/order-statuses.controller';
import { TenantStatuses } from './order-statuses/tenant-statuses';
import { UpdateRulesController } from './rules/update-rules/update-rules.controller';
import { UpdateRulesUseCase } from './rules/update-rules/update-rules.usecase';
import { CONFIG_API_OPTIONS, type ConfigApiOptions } from './shared/options';
import { ApplyUserEventMessageController } from './users/apply-user-event/apply-user-event.message-controller';
import { ApplyUserEventUseCase } from './users/apply-user-event/apply-user-event.usecase';
import { RegisterUserController } from './users/register-user/register-user.controller';
import { RegisterUserUseCase } from './users/register-user/register-user.usecase';
import { UserDirectory } from './users/user-directory';

/** The env fields config's features read (ConfigServiceEnv provides them). */
export interface ConfigApiEnv {
  DATABASE_URL: string;
  AMQP_URL: string;
  ENCRYPTION_KEY: string;
  JWT_SECRET: string;
  JWKS_URL?: string;
  PUBLIC_GATEWAY_URL: string;
  TINY_BASE_URL: string;
  WEBHOOK_SECRET_GRACE_SECONDS?: number;
  WEBHOOK_SECRET_SWEEP_INTERVAL_MS?: number;
  TINY_TEST_TIMEOUT_MS?: number;
}

const controllers = [
  RegisterUserController,
  ApplyUserEventMessageController,
  OrderStatusesController,
  CreateIntegrationController,
  GetIntegrationController,
  UpdateIntegrationController,
  TestConnectionController,
  WebhookUrlsController,
  RotateWebhookSecretController,
  UpdateRulesController,
  AuditController,
  ResyncMessageController,
  DeadLettersController,
];

const useCases = [
  RegisterUserUseCase,
  ApplyUserEventUseCase,
  CreateIntegrationUseCase,
  UpdateIntegrationUseCase,
  TestConnectionUseCase,
  RotateWebhookSecretUseCase,
  UpdateRulesUseCase,
];

const domain = [IntegrationWriter, AuditLog, UserDirectory, TenantStatuses, DeactivateIntegrationsForUser, ExpiredSecretsSweeper];

/** Closes the Tiny clients and the database on shutdown (migrations run in the DataSource provider). */
class ConfigDatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TinyClientFactory) private readonly tiny: TinyClientFactory,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.tiny.close();
    await closeSharedDataSource(this.dataSource);
  }
}

/** Everything config does: API, user directory, Testar, events. Import once from AppModule. */
@Module({})
export class ConfigApiModule {
  static forRoot(env: ConfigApiEnv, extra: { dataSource?: DataSource } = {}): DynamicModule {
    // The same DataSource as the events server's (configServiceOptions), which stores dead letters in it.
    const dataSource = extra.dataSource ?? configDataSource(env.DATABASE_URL);
    const options: ConfigApiOptions = {
      dataSource,
      encryptionKey: env.ENCRYPTION_KEY,
      jwtSecret: env.JWT_SECRET,
      jwksUrl: env.JWKS_URL,
      publicGatewayUrl: env.PUBLIC_GATEWAY_URL,
      webhookSecretGraceSeconds: env.WEBHOOK_SECRET_GRACE_SECONDS ?? 86400,
      webhookSecretSweepIntervalMs: env.WEBHOOK_SECRET_SWEEP_INTERVAL_MS ?? 60000,
      tinyBaseUrl: env.TINY_BASE_URL,
      tinyTimeoutMs: env.TINY_TEST_TIMEOUT_MS ?? 5000,
    };
    return {
      module: ConfigApiModule,
      imports: [
        AuthModule.forRoot({ secret: env.JWKS_URL ? undefined : env.JWT_SECRET, jwksUrl: env.JWKS_URL }),
        MessagingModule.forRoot({ service: 'config', url: env.AMQP_URL, dataSource }),
      ],
      controllers,
      providers: [
        { provide: CONFIG_API_OPTIONS, useValue: options },
        {
          // Migrated while the module is created, as in the other services: before the events server
          // consumes (a resync request arriving at boot found the database not yet connected).
          provide: DataSource,
          useFactory: async () => {
            await runMigrations(dataSource);
            await ensureTinySchema(dataSource);
            return dataSource;
          },
        },
        { provide: SecretBox, useValue: new SecretBox(env.ENCRYPTION_KEY) },
        {
          provide: TinyClientFactory,
          // Testar is interactive: a short timeout, and the breaker answers at once while Tiny is down.
          useFactory: () => new TinyClientFactory({ baseUrl: env.TINY_BASE_URL, db: dataSource, timeoutMs: options.tinyTimeoutMs, rateLimitRetries: 0 }),
        },
        {
          provide: TINY_ACCOUNT_PROBE,
          inject: [TinyClientFactory],
          useFactory: (factory: TinyClientFactory): TinyAccountProbe => ({
            info: (token, settings) => factory.forAccount(token, settings).info({ priority: 'order' }),
          }),
        },
        ConfigDatabaseLifecycle,
        ...useCases,
        ...domain,
      ],
      exports: [DataSource],
    };
  }
}
