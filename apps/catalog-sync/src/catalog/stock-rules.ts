import { toQuantity } from './money';
import type { ProductRules, StockReading, StockState } from './catalog.types';

/**
 * The quantity Uplaces offers from a full Tiny stock reading:
 * physical = sum of the counted deposits (never the ones marked desconsiderar; only rules.deposits when set),
 * F → physical, D → physical − saldoReservado; never below zero (Uplaces cannot offer negative stock).
 * Without deposit detail Tiny's own `saldo` is the physical balance.
 */
export function stockFromReading(reading: StockReading, rules: Pick<ProductRules, 'stockType' | 'deposits'>): StockState {
  const wanted = new Set(rules.deposits.map(normaliseDeposit));
  const counted = reading.depositos.filter(
    (d) => d.desconsiderar !== 'S' && (wanted.size === 0 || wanted.has(normaliseDeposit(d.nome))),
  );
  const physical =
    reading.depositos.length === 0 && wanted.size === 0
      ? toQuantity(reading.saldo)
      : toQuantity(counted.reduce((sum, d) => sum + toQuantity(d.saldo), 0));
  const reserved = toQuantity(reading.saldoReservado);
  const quantity = Math.max(0, rules.stockType === 'F' ? physical : toQuantity(physical - reserved));
  return { quantity, stockType: rules.stockType, deposits: [...rules.deposits] };
}

/**
 * A stock webhook's `saldo` is usable as-is only when Tiny computed it the way our rules ask:
 * same tipoEstoque and every deposit counted. Otherwise the caller reads produto.obter.estoque.
 */
export function webhookBalanceUsable(
  tipoEstoque: string | null | undefined,
  rules: Pick<ProductRules, 'stockType' | 'deposits'>,
): boolean {
  return rules.deposits.length === 0 && (tipoEstoque ?? '').toUpperCase() === rules.stockType;
}

function normaliseDeposit(name: string): string {
  return name.trim().toLowerCase();
}
