import { Controller, Get, Header, HttpStatus, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OBSERVABILITY_LOGGER } from './tokens';
import type { Logger } from './logger';
import { metricsRegistry } from './metrics';
import { ReadinessRegistry, type ReadinessReport } from './readiness';

@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessRegistry,
    @Inject(OBSERVABILITY_LOGGER) private readonly logger: Logger,
  ) {}

  /** The process is up and its event loop answers; never depends on other systems. */
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when every check passes, 503 naming the failing checks otherwise (details go to the log). */
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport & { status: 'ok' | 'unavailable' }> {
    const { errors, ...report } = await this.readiness.run();
    if (!report.ready) {
      reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      this.logger.warn({ failing: report.failing, errors }, 'not ready');
    }
    return { status: report.ready ? 'ok' : 'unavailable', ...report };
  }

  @Get('metrics')
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
