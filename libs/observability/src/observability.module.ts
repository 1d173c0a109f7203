import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { HealthController } from './health.controller';
import { createLogger, type Logger } from './logger';
import { httpRequestDuration, initMetrics } from './metrics';
import { type ReadinessCheck, ReadinessRegistry } from './readiness';
import { OBSERVABILITY_LOGGER } from './tokens';

export interface ObservabilityOptions {
  service: string;
  /** Checks /health/ready runs (e.g. postgresCheck, amqpCheck). Modules may add more via ReadinessRegistry. */
  readiness?: ReadinessCheck[];
  /** The service's logger; bootstrapService passes its own. Defaults to a new one at `info`. */
  logger?: Logger;
}

const START_TIME = Symbol('startTime');
type TimedRequest = { [START_TIME]?: bigint };

/**
 * /health/live, /health/ready and /metrics for one service, the shared ReadinessRegistry and the
 * pino logger (token OBSERVABILITY_LOGGER). Global, so feature modules can inject both.
 */
@Global()
@Module({})
export class ObservabilityModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly readiness: ReadinessRegistry,
    @Inject(OBSERVABILITY_LOGGER) private readonly logger: Logger,
  ) {}

  static forRoot(options: ObservabilityOptions): DynamicModule {
    initMetrics(options.service);
    const logger = options.logger ?? createLogger(options.service);
    return {
      module: ObservabilityModule,
      controllers: [HealthController],
      providers: [
        { provide: OBSERVABILITY_LOGGER, useValue: logger },
        {
          provide: ReadinessRegistry,
          useFactory: () => {
            const registry = new ReadinessRegistry();
            registry.add(...(options.readiness ?? []));
            return registry;
          },
        },
      ],
      exports: [OBSERVABILITY_LOGGER, ReadinessRegistry],
    };
  }

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (!adapter || adapter.getType() !== 'fastify') return;
    const fastify = adapter.getInstance<FastifyInstance>();
    // Fastify hooks see every request, 404s included; the route template keeps secrets and ids out of labels.
    fastify.addHook('onRequest', (request, _reply, done) => {
      (request as unknown as TimedRequest)[START_TIME] = process.hrtime.bigint();
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      const start = (request as unknown as TimedRequest)[START_TIME];
      if (start !== undefined) {
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        const route = request.routeOptions?.url ?? 'unmatched';
        httpRequestDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, seconds);
      }
      done();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.readiness.markDraining();
    await this.readiness.closeAll();
    this.logger.debug('readiness checks closed');
  }
}
