/** Injection token of the service's pino logger. */
export const OBSERVABILITY_LOGGER = Symbol('OBSERVABILITY_LOGGER');
