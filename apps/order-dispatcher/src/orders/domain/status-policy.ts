import type { TinyOrderSituacao } from '@app/contracts';
import type { IntegrationSettings } from '../../integrations/replica/integration-settings';

/**
 * Default lifecycle order of Tiny situações, used to decide whether an Uplaces status is "past" the
 * forward status (late or missed events). Terminal branches (entregue / nao_entregue) share a rank;
 * cancelado is handled apart: an order cancelled before it was sent is never sent.
 */
export const SITUACAO_RANK: Record<TinyOrderSituacao, number> = {
  aberto: 0,
  aprovado: 1,
  preparando_envio: 2,
  faturado: 3,
  pronto_envio: 4,
  enviado: 5,
  entregue: 6,
  nao_entregue: 6,
  cancelado: 99,
};

/** Descriptions Tiny returns on reads and in some webhooks, to accept either form. */
const DESCRIPTIONS: Record<string, TinyOrderSituacao> = {
  'em aberto': 'aberto',
  aberto: 'aberto',
  aprovado: 'aprovado',
  'preparando envio': 'preparando_envio',
  'faturado (atendido)': 'faturado',
  faturado: 'faturado',
  atendido: 'faturado',
  'pronto para envio': 'pronto_envio',
  enviado: 'enviado',
  entregue: 'entregue',
  'não entregue': 'nao_entregue',
  'nao entregue': 'nao_entregue',
  cancelado: 'cancelado',
};

/** Accepts a Tiny code (`preparando_envio`) or description (`Preparando envio`); null when unknown. */
export function normaliseSituacao(value: string | null | undefined): TinyOrderSituacao | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (v in SITUACAO_RANK) return v as TinyOrderSituacao;
  return DESCRIPTIONS[v] ?? null;
}

/** The integration's mapping of an Uplaces status; null when the status is not mapped. */
export function mapStatus(settings: IntegrationSettings, uplacesStatus: string): TinyOrderSituacao | null {
  const norm = uplacesStatus.trim().toLowerCase();
  return settings.statusMapping.find((m) => m.uplacesStatus.trim().toLowerCase() === norm)?.tinySituacao ?? null;
}

/** The first Uplaces status mapped to a Tiny situação (reverse mapping for Tiny-side changes). */
export function reverseMap(settings: IntegrationSettings, situacao: TinyOrderSituacao): string | null {
  return settings.statusMapping.find((m) => m.tinySituacao === situacao)?.uplacesStatus ?? null;
}

/** The situação an order is created with: its current status mapped, else the forward status mapped, else aberto. */
export function initialSituacao(settings: IntegrationSettings, uplacesStatus: string): TinyOrderSituacao {
  return mapStatus(settings, uplacesStatus) ?? mapStatus(settings, settings.forwardStatus) ?? 'aberto';
}

export function isCancelled(settings: IntegrationSettings, uplacesStatus: string): boolean {
  const mapped = mapStatus(settings, uplacesStatus);
  if (mapped) return mapped === 'cancelado';
  return /^cancel/i.test(uplacesStatus.trim());
}

/**
 * True when `uplacesStatus` is the forward status or past it. "Past" compares the Tiny situações both
 * map to (SITUACAO_RANK); on equal rank the position in the integration's mapping list breaks the tie
 * (a status listed before the forward status is not past it). An unmapped status is never past.
 */
export function reachedForwardStatus(settings: IntegrationSettings, uplacesStatus: string): boolean {
  const norm = (s: string) => s.trim().toLowerCase();
  if (norm(uplacesStatus) === norm(settings.forwardStatus)) return true;
  if (isCancelled(settings, uplacesStatus)) return false;
  const mapped = mapStatus(settings, uplacesStatus);
  if (!mapped) return false;
  const forward = mapStatus(settings, settings.forwardStatus) ?? 'aberto';
  const rank = SITUACAO_RANK[mapped];
  const forwardRank = SITUACAO_RANK[forward];
  if (rank !== forwardRank) return rank > forwardRank;
  const index = (s: string) => settings.statusMapping.findIndex((m) => norm(m.uplacesStatus) === norm(s));
  const forwardIndex = index(settings.forwardStatus);
  return forwardIndex === -1 || index(uplacesStatus) >= forwardIndex;
}
