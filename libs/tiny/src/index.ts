export * from './errors';
export * from './types';
export { TinyClient, type TinyClientOptions } from './client';
export { TinyClientFactory, type TinyClientFactoryOptions, type TinyAccountSettings } from './factory';
export {
  TinyRateBudget, ensureTinySchema, type EnsureTinySchemaOptions, type TinyBudgetSettings, type BudgetLease, type AcquireOptions,
  type SqlRunner,
} from './budget';
export { createTinyBreaker, breakerStateValue, type TinyBreaker, type TinyBreakerOptions } from './breaker';
export { tinyMetrics, type TinyMetrics } from './metrics';
export { sanitizeOrder, sanitizeContact, cleanText } from './sanitize';
export { parseTinyDate, formatTinyDate } from './normalize';
export { readEnvelope } from './parsers';
