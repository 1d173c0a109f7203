import 'reflect-metadata';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceEnv } from './config';
import { createLogger, type Logger, NestPinoLogger } from './logger';
import { ReadinessRegistry } from './readiness';

export interface BootstrapOptions {
  /** The app's root module (usually `AppModule.forRoot(config)`). */
  module: Type<unknown> | DynamicModule;
  /** The validated env of the service (loadConfig). */
  config: Pick<ServiceEnv, 'PORT' | 'LOG_LEVEL'> & Partial<Pick<ServiceEnv, 'HOST' | 'BODY_LIMIT_BYTES' | 'SHUTDOWN_TIMEOUT_MS'>>;
  service: string;
  /** Builds the events transport (EventsServer from @app/messaging) when the service consumes events. */
  events?: () => CustomTransportStrategy;
  /** Runs after the app is created and before it listens: plugins, Swagger (`SwaggerModule.setup`), hooks. */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
  /** Logger to use; defaults to createLogger(service, config.LOG_LEVEL). */
  logger?: Logger;
  /** Exit the process after a signal-triggered shutdown (default true; tests running in-process pass false). */
  exitOnShutdown?: boolean;
}

export interface RunningService {
  app: NestFastifyApplication;
  url: string;
  logger: Logger;
  /** Drains and closes, as on SIGTERM. Idempotent. */
  shutdown(signal?: string): Promise<void>;
}

/** Makes `close()` safe to call twice: we close the transport early to drain, Nest closes it again. */
function closeOnce(strategy: CustomTransportStrategy): CustomTransportStrategy {
  const close = strategy.close.bind(strategy);
  let closing: Promise<unknown> | undefined;
  strategy.close = () => (closing ??= Promise.resolve(close()));
  return strategy;
}

/**
 * Starts one service: fastify Nest app with the pino logger, optional events microservice,
 * listening on config.PORT. On SIGTERM/SIGINT: report not ready, stop taking messages and wait for
 * in-flight handlers, stop taking HTTP requests and wait for in-flight ones, run Nest's shutdown
 * hooks, exit 0 (1 if that takes longer than SHUTDOWN_TIMEOUT_MS).
 */
export async function bootstrapService(options: BootstrapOptions): Promise<RunningService> {
  const { config, service } = options;
  const logger = options.logger ?? createLogger(service, config.LOG_LEVEL);
  const exit = options.exitOnShutdown ?? true;
  let app: NestFastifyApplication | undefined;
  try {
    const adapter = new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES ?? 1024 * 1024, trustProxy: true });
    app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, {
      logger: new NestPinoLogger(logger),
      bufferLogs: true,
      abortOnError: false,
    });
    await options.configure?.(app);
    const strategies: CustomTransportStrategy[] = [];
    if (options.events) {
      const strategy = closeOnce(options.events());
      strategies.push(strategy);
      app.connectMicroservice({ strategy }, { inheritAppConfig: true });
    }
    await app.startAllMicroservices();
    const host = config.HOST ?? '0.0.0.0';
    await app.listen({ port: config.PORT, host });
    const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${config.PORT}`;
    logger.info({ url }, `${service} listening on ${url}`);

    const running = app;
    let shuttingDown: Promise<void> | undefined;
    const shutdown = (signal = 'shutdown'): Promise<void> =>
      (shuttingDown ??= (async () => {
        logger.info({ signal }, `${service} shutting down`);
        const timer = setTimeout(() => {
          logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'graceful shutdown timed out');
          if (exit) process.exit(1);
        }, config.SHUTDOWN_TIMEOUT_MS ?? 10000);
        timer.unref();
        try {
          running.get(ReadinessRegistry, { strict: false }).markDraining();
        } catch {
          // a module without ObservabilityModule has no readiness to flip
        }
        await Promise.all(strategies.map((s) => s.close()));
        // Stop accepting HTTP and let in-flight requests finish while their dependencies still exist.
        await running.getHttpAdapter().close();
        await running.close();
        clearTimeout(timer);
        logger.info(`${service} stopped`);
      })());

    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        shutdown(signal).then(
          () => exit && process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            if (exit) process.exit(1);
          },
        );
      });
    }
    return { app, url, logger, shutdown };
  } catch (err) {
    logger.fatal({ err }, `${service} failed to start`);
    await (app as INestApplication | undefined)?.close().catch(() => undefined);
    if (exit) process.exit(1);
    throw err;
  }
}
