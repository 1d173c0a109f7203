// Config, logs, health, metrics and bootstrap shared by every service. Thin on purpose.
export * from './config';
export * from './redaction';
export * from './logger';
export * from './metrics';
export * from './readiness';
export * from './tokens';
export * from './observability.module';
export * from './bootstrap';
