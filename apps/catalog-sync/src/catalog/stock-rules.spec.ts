import { stockFromReading, webhookBalanceUsable } from './stock-rules';

const reading = {
  saldo: 15,
  saldoReservado: 2,
  depositos: [
    { nome: 'Geral', desconsiderar: 'N', saldo: 10 },
    { nome: 'Loja', desconsiderar: 'N', saldo: 2 },
    { nome: 'Avaria', desconsiderar: 'S', saldo: 3 },
  ],
};

describe('stock rules', () => {
  it('counts physical stock without the deposits marked desconsiderar (F)', () => {
    expect(stockFromReading(reading, { stockType: 'F', deposits: [] }).quantity).toBe(12);
  });

  it('subtracts the reserved stock for available (D)', () => {
    expect(stockFromReading(reading, { stockType: 'D', deposits: [] }).quantity).toBe(10);
  });

  it('sums only the chosen deposits when the rule lists some', () => {
    expect(stockFromReading(reading, { stockType: 'F', deposits: ['loja'] }).quantity).toBe(2);
    expect(stockFromReading(reading, { stockType: 'D', deposits: ['Loja'] }).quantity).toBe(0);
  });

  it('never counts a desconsiderar deposit even when the rule names it', () => {
    expect(stockFromReading(reading, { stockType: 'F', deposits: ['Avaria'] }).quantity).toBe(0);
  });

  it('falls back to saldo when Tiny gives no deposit detail', () => {
    expect(stockFromReading({ saldo: 7, saldoReservado: 1, depositos: [] }, { stockType: 'D', deposits: [] }).quantity).toBe(6);
  });

  it('uses a webhook balance only when Tiny computed it the way the rules ask', () => {
    expect(webhookBalanceUsable('D', { stockType: 'D', deposits: [] })).toBe(true);
    expect(webhookBalanceUsable('F', { stockType: 'D', deposits: [] })).toBe(false);
    expect(webhookBalanceUsable(undefined, { stockType: 'D', deposits: [] })).toBe(false);
    expect(webhookBalanceUsable('D', { stockType: 'D', deposits: ['Geral'] })).toBe(false);
  });
});
