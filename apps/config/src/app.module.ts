import { type DynamicModule, Module } from '@nestjs/common';
import { amqpCheck, ObservabilityModule, postgresCheck, type Logger } from '@app/observability';
import { ConfigServiceEnv, SERVICE } from './config';
import { ConfigApiModule } from './config-api.module';

/** Root module of config. Feature modules go in `features`. */
@Module({})
export class AppModule {
  static forRoot(config: ConfigServiceEnv, logger?: Logger): DynamicModule {
    const platform = [
      ObservabilityModule.forRoot({
        service: SERVICE,
        logger,
        readiness: [postgresCheck(config.DATABASE_URL), amqpCheck(config.AMQP_URL)],
      }),
    ];
    const features: DynamicModule['imports'] = [ConfigApiModule.forRoot(config)];
    return {
      module: AppModule,
      global: true, // so every feature module can inject ConfigServiceEnv
      imports: [...platform, ...features],
      providers: [{ provide: ConfigServiceEnv, useValue: config }],
      exports: [ConfigServiceEnv],
    };
  }
}
