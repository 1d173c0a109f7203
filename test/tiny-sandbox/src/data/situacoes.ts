// Order status: codes on writes (§3.1), descriptions on reads.

export const ORDER_STATUS: Readonly<Record<string, string>> = {
  aberto: 'Em aberto',
  aprovado: 'Aprovado',
  preparando_envio: 'Preparando envio',
  faturado: 'Faturado (atendido)',
  pronto_envio: 'Pronto para envio',
  enviado: 'Enviado',
  entregue: 'Entregue',
  nao_entregue: 'Não Entregue',
  cancelado: 'Cancelado',
};

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();

const ALIASES = new Map<string, string>();
for (const [code, description] of Object.entries(ORDER_STATUS)) {
  ALIASES.set(code, code);
  ALIASES.set(fold(description), code);
}
ALIASES.set('atendido', 'faturado');
ALIASES.set('faturado', 'faturado');
ALIASES.set('aberta', 'aberto');

/** The status code for a code or a description (as Tiny accepts on writes); undefined when unknown. */
export function statusCode(value: string): string | undefined {
  return ALIASES.get(fold(value).replace(/ /g, '_')) ?? ALIASES.get(fold(value));
}

export const INVOICE_STATUS: Readonly<Record<number, string>> = {
  1: 'Pendente',
  2: 'Emitida',
  3: 'Cancelada',
  4: 'Enviada - Aguardando recibo',
  5: 'Rejeitada',
  6: 'Autorizada',
  7: 'Emitida DANFE',
  8: 'Registrada',
  9: 'Enviada - Aguardando protocolo',
  10: 'Denegada',
};
