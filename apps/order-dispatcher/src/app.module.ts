import { type DynamicModule, Module } from '@nestjs/common';
import { amqpCheck, ObservabilityModule, postgresCheck, type Logger } from '@app/observability';
import { OrderDispatcherEnv, SERVICE } from './config';
import { OrderDispatcherModule } from './order-dispatcher.module';

/** Root module of order-dispatcher. Feature modules go in `features`. */
@Module({})
export class AppModule {
  static forRoot(config: OrderDispatcherEnv, logger?: Logger): DynamicModule {
    const platform = [
      ObservabilityModule.forRoot({
        service: SERVICE,
        logger,
        readiness: [postgresCheck(config.DATABASE_URL), amqpCheck(config.AMQP_URL)],
      }),
    ];
    const features: DynamicModule['imports'] = [OrderDispatcherModule.forRoot(config)];
    return {
      module: AppModule,
      global: true, // so every feature module can inject OrderDispatcherEnv
      imports: [...platform, ...features],
      providers: [{ provide: OrderDispatcherEnv, useValue: config }],
      exports: [OrderDispatcherEnv],
    };
  }
}
