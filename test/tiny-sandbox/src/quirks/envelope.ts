// Every v2 answer is HTTP 200 with a `retorno` envelope; errors carry status "Erro" and codigo_erro.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface TinyBody {
  retorno: JsonObject;
}

export const MESSAGES: Record<number, string> = {
  1: 'token não informado',
  2: 'token invalido',
  3: 'JSON mal formado ou com erros',
  4: 'Erro de processamento de JSON',
  5: 'API bloqueada ou sem acesso',
  6: 'API Bloqueada - Excedido o número de acessos a API',
  9: 'Números de sequência em duplicidade',
  10: 'Parâmetro não informado',
  11: 'API Bloqueada - Excedido o número de acessos simultâneos a API',
  20: 'A Consulta não retornou registros',
  22: 'O JSON tem mais registros que o permitido por lote de envio (20)',
  23: 'A página que você está tentando obter não existe',
  30: 'Registro em duplicidade',
  31: 'Erros de validação',
  32: 'Registro não localizado',
  35: 'Ocorreu um erro inesperado, tente novamente mais tarde',
  99: 'Sistema em manutenção',
};

/** status_processamento for a top-level error: 1 = not processed (auth, format, limits), 2 = processed with errors. */
function processingFor(code: number): number {
  return code <= 6 || code === 11 || code === 99 ? 1 : 2;
}

export function ok(fields: JsonObject = {}, statusProcessamento: number | string = 3): TinyBody {
  return { retorno: { status_processamento: statusProcessamento, status: 'OK', ...fields } };
}

export function fail(code: number, messages?: string | string[], statusProcessamento?: number): TinyBody {
  const list = messages === undefined ? [MESSAGES[code] ?? 'Erro'] : Array.isArray(messages) ? messages : [messages];
  return {
    retorno: {
      status_processamento: statusProcessamento ?? processingFor(code),
      status: 'Erro',
      codigo_erro: code,
      erros: list.map((erro) => ({ erro })),
    },
  };
}

/** One record of a batch answer (`registros[].registro`). codigo_erro is a string there, as Tiny sends it. */
export function recordError(sequencia: string, code: number, messages: string[]): JsonObject {
  return {
    registro: {
      sequencia,
      status: 'Erro',
      codigo_erro: String(code),
      erros: messages.map((erro) => ({ erro })),
    },
  };
}

/** The result code of an answer for call statistics: 'OK', or the (first) codigo_erro. */
export function resultCodeOf(body: TinyBody): string {
  const r = body.retorno;
  if (r.status === 'OK') return 'OK';
  if (r.codigo_erro !== undefined && r.codigo_erro !== null) return String(r.codigo_erro);
  const regs = r.registros;
  const first = Array.isArray(regs) ? regs[0] : regs;
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const reg = first.registro;
    if (reg && typeof reg === 'object' && !Array.isArray(reg) && reg.codigo_erro !== undefined) {
      return String(reg.codigo_erro);
    }
  }
  return String(r.status ?? 'Erro');
}
