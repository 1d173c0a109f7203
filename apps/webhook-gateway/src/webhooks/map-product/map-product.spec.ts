import type { TinyProdutoDados } from '@app/contracts';
import { DUPLICATE_SKU, mapProduct, NO_SKU_VARIATION, toTinyAnswer } from './map-product';

const product = (over: Partial<TinyProdutoDados> = {}): TinyProdutoDados =>
  ({
    id: '10',
    idMapeamento: 'm10',
    nome: 'Camiseta',
    codigo: 'CAM',
    arvoreCategoria: [],
    anexos: [],
    kit: [],
    variacoes: [
      { id: '11', idMapeamento: 'm11', codigo: 'CAM-P', grade: [], anexos: [] },
      { id: '12', idMapeamento: 'm12', codigo: 'CAM-M', grade: [], anexos: [] },
    ],
    ...over,
  }) as TinyProdutoDados;

describe('mapProduct', () => {
  it('answers Tiny codigo as our SKU, product first then each variation', () => {
    expect(toTinyAnswer(mapProduct(product(), 'codigo'))).toEqual([
      { idMapeamento: 'm10', skuMapeamento: 'CAM' },
      { idMapeamento: 'm11', skuMapeamento: 'CAM-P' },
      { idMapeamento: 'm12', skuMapeamento: 'CAM-M' },
    ]);
  });

  it("answers Tiny's ids when the integration maps by id", () => {
    expect(mapProduct(product(), 'id').map((m) => m.skuMapeamento)).toEqual(['10', '11', '12']);
  });

  it('answers a pt-BR error for a variation without codigo or with a repeated one', () => {
    const p = product({
      variacoes: [
        { id: '11', idMapeamento: 'm11', codigo: '', grade: [], anexos: [] },
        { id: '12', idMapeamento: 'm12', codigo: 'CAM', grade: [], anexos: [] },
      ],
    });
    const m = mapProduct(p, 'codigo');
    expect(m[1]).toEqual({ tinyId: '11', parentTinyId: '10', idMapeamento: 'm11', skuMapeamento: null, error: NO_SKU_VARIATION });
    expect(m[2].error).toBe(DUPLICATE_SKU);
    expect(toTinyAnswer(m)[1]).toEqual({ idMapeamento: 'm11', error: NO_SKU_VARIATION });
  });
});
