import { type DynamicModule, Module } from '@nestjs/common';
import { amqpCheck, ObservabilityModule, postgresCheck, type Logger } from '@app/observability';
import { WebhookGatewayEnv, SERVICE } from './config';
import { GatewayModule } from './gateway.module';

/** Root module of webhook-gateway. Feature modules go in `features`. */
@Module({})
export class AppModule {
  static forRoot(config: WebhookGatewayEnv, logger?: Logger): DynamicModule {
    const platform = [
      ObservabilityModule.forRoot({
        service: SERVICE,
        logger,
        readiness: [postgresCheck(config.DATABASE_URL), amqpCheck(config.AMQP_URL)],
      }),
    ];
    const features: DynamicModule['imports'] = [GatewayModule.forRoot(config)];
    return {
      module: AppModule,
      global: true, // so every feature module can inject WebhookGatewayEnv
      imports: [...platform, ...features],
      providers: [{ provide: WebhookGatewayEnv, useValue: config }],
      exports: [WebhookGatewayEnv],
    };
  }
}
