import { BadRequestException, NotFoundException, ValidationPipe, type ValidationError } from '@nestjs/common';

function flatten(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** 400 naming each bad field: `{ message: 'Dados inválidos: a, b', fields: [{ field, problems }] }`. */
export const bodyPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const fields = flatten(errors);
    return new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `Dados inválidos: ${fields.map((f) => f.field).join(', ')}`,
      fields,
    });
  },
});

/** A refusal the admin reads (pt-BR), with the field it concerns. */
export function refuse(message: string, field?: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, ...(field ? { fields: [{ field, problems: [message] }] } : {}) });
}

export function integrationNotFound(): NotFoundException {
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'Integração não encontrada' });
}
