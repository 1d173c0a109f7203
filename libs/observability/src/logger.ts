import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config';
import { REDACT_PATHS, REDACTED, maskSecrets } from './redaction';

export type { Logger } from 'pino';

/**
 * JSON logger of one service. Known secret fields are redacted by path, and every written line is
 * passed through `maskSecrets`, so tokens and webhook secrets never reach the output even inside
 * messages or error stacks.
 */
export function createLogger(service: string, level: LogLevel | string = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: { streamWrite: maskSecrets },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Nest's LoggerService on top of a pino logger; Nest's `context` becomes a field. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }
  setLogLevels(levels: NestLogLevel[]): void {
    const order: Array<[NestLogLevel, pino.Level]> = [
      ['verbose', 'trace'],
      ['debug', 'debug'],
      ['log', 'info'],
      ['warn', 'warn'],
      ['error', 'error'],
      ['fatal', 'fatal'],
    ];
    const lowest = order.find(([nest]) => levels.includes(nest));
    this.logger.level = lowest ? lowest[1] : 'silent';
  }

  private write(level: pino.Level, message: unknown, params: unknown[], mayHaveStack = false): void {
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    // Nest passes the context last and, for errors, the stack before it.
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    // Our own calls are pino-style, `logger.warn({ err, ... }, 'message')`: the string after the
    // fields is the message (Nest itself only passes a stack after a string message).
    const pinoStyle = typeof message === 'object' && message !== null && !(message instanceof Error);
    const text = pinoStyle && rest.length > 0 && typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    if (mayHaveStack && !pinoStyle && rest.length > 0 && typeof rest[0] === 'string') fields.stack = rest.shift();
    if (rest.length > 0) fields.details = rest;
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (pinoStyle) {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) }, text);
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
