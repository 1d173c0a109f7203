import { randomUUID } from 'node:crypto';
import { Type, plainToInstance } from 'class-transformer';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, ValidateNested, validate } from 'class-validator';

/**
 * The wire format every service (Nest or not) publishes and consumes: the body is this JSON; AMQP
 * properties repeat `id` as messageId and `type` as type. See docs/asyncapi.yaml.
 */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  source: string;
  time: string;
  tenantId: string;
  integrationId?: string;
  data: T;
}

/** Base class of every event contract. Subclasses declare `static readonly type` and a typed `data`. */
export abstract class IntegrationEvent<T extends object = object> implements EventEnvelope<T> {
  @IsUUID() id: string;
  @IsString() @IsNotEmpty() type: string;
  @IsString() @IsNotEmpty() source: string;
  @IsISO8601() time: string;
  @IsString() @IsNotEmpty() tenantId: string;
  @IsOptional() @IsString() integrationId?: string;
  abstract data: T;
}

export interface EventClass<E extends IntegrationEvent = IntegrationEvent> {
  new (): E;
  readonly type: string;
}

const registry = new Map<string, EventClass>();

/** Registers an event class so consumers can validate by the AMQP `type` property alone. */
export function registerEvent<C extends EventClass>(cls: C): C {
  if (registry.has(cls.type) && registry.get(cls.type) !== cls) {
    throw new Error(`Event type ${cls.type} registered twice`);
  }
  registry.set(cls.type, cls);
  return cls;
}

export function eventClassFor(type: string): EventClass | undefined {
  return registry.get(type);
}

export function registeredEventTypes(): string[] {
  return [...registry.keys()].sort();
}

export class EventValidationError extends Error {
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`Invalid ${eventType}: ${problems.join('; ')}`);
    this.name = 'EventValidationError';
  }
}

/** Builds a new event of class `cls` with a fresh id and time. Validate it with `validateEvent` before publishing. */
export function createEvent<E extends IntegrationEvent>(
  cls: EventClass<E>,
  fields: { source: string; tenantId: string; integrationId?: string; data: E['data']; id?: string; time?: string },
): E {
  return plainToInstance(cls, {
    id: fields.id ?? randomUUID(),
    type: cls.type,
    source: fields.source,
    time: fields.time ?? new Date().toISOString(),
    tenantId: fields.tenantId,
    integrationId: fields.integrationId,
    data: fields.data,
  }) as E;
}

function flatten(errors: Awaited<ReturnType<typeof validate>>, prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`);
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Turns a plain object into an instance of `cls` and validates it, or throws EventValidationError. */
export async function validateEvent<E extends IntegrationEvent>(cls: EventClass<E>, plain: unknown): Promise<E> {
  if (typeof plain !== 'object' || plain === null) throw new EventValidationError(cls.type, ['body is not an object']);
  const instance = plainToInstance(cls, plain) as E;
  const problems = flatten(await validate(instance, { whitelist: true, forbidUnknownValues: true }));
  if ((plain as { type?: unknown }).type !== cls.type) problems.unshift(`type: expected ${cls.type}`);
  if (problems.length) throw new EventValidationError(cls.type, problems);
  return instance;
}

export { Type, ValidateNested };
