import { createEvent, validateEvent } from '../event';
import { TINY_WEBHOOK_EVENTS, TinyEstoqueReceivedV1, TinyProdutoReceivedV1 } from './events';

const receipt = {
  receiptSeq: 1,
  receivedAt: '2026-03-15T12:00:00.000Z',
  deliveryKey: 'a'.repeat(64),
  versao: '1.0.0',
  cnpj: '48404755000188',
  idEcommerce: '54321',
};

describe('tiny webhook contracts', () => {
  it('has one registered event per kind, named tiny.<kind>.received.v1', () => {
    for (const [kind, cls] of Object.entries(TINY_WEBHOOK_EVENTS)) expect(cls.type).toBe(`tiny.${kind}.received.v1`);
  });

  it('round-trips a stock notification through JSON', async () => {
    const e = createEvent(TinyEstoqueReceivedV1, {
      source: 'webhook-gateway',
      tenantId: 't1',
      integrationId: 'int-1',
      data: { ...receipt, dados: { idProduto: '700100200', saldo: '37.00', tipoEstoque: 'D', sku: 'CAM-AZ-P' } },
    });
    const back = await validateEvent(TinyEstoqueReceivedV1, JSON.parse(JSON.stringify(e)));
    expect(back.data.dados.saldo).toBe('37.00');
    expect(back.data.receiptSeq).toBe(1);
  });

  it('rejects a stock notification whose saldo is not a decimal string', async () => {
    const e = createEvent(TinyEstoqueReceivedV1, {
      source: 'webhook-gateway',
      tenantId: 't1',
      data: { ...receipt, dados: { idProduto: '1', saldo: 37 as unknown as string } },
    });
    await expect(validateEvent(TinyEstoqueReceivedV1, JSON.parse(JSON.stringify(e)))).rejects.toThrow(/saldo/);
  });

  it('carries the mappings answered for a product', async () => {
    const e = createEvent(TinyProdutoReceivedV1, {
      source: 'webhook-gateway',
      tenantId: 't1',
      data: {
        ...receipt,
        dados: { id: '1', idMapeamento: 'm1', nome: 'Camiseta', codigo: 'CAM', arvoreCategoria: [], variacoes: [], anexos: [], kit: [] },
        mappings: [{ tinyId: '1', parentTinyId: null, idMapeamento: 'm1', skuMapeamento: 'CAM', error: null }],
      },
    });
    const back = await validateEvent(TinyProdutoReceivedV1, JSON.parse(JSON.stringify(e)));
    expect(back.data.mappings[0].skuMapeamento).toBe('CAM');
  });
});
