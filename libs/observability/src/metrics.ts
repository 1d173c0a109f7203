import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The one Prometheus registry of a process; other libs register their metrics here. */
export const metricsRegistry = new Registry();

let defaultsCollected = false;

/** Starts the default process metrics once per process and labels every series with the service. */
export function initMetrics(service: string): void {
  metricsRegistry.setDefaultLabels({ service });
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route template and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});
