import type { TinyProdutoDados } from '@app/contracts';
import { DEFAULT_PRODUCT_RULES } from '../../catalog/catalog.types';
import { mergeProduct } from '../../catalog/product-rules';
import { productFromWebhook, variationFromWebhook, webhookBasePrice } from './product-from-webhook';

const dados = {
  id: '10', idMapeamento: '1', nome: 'Camiseta', codigo: 'CAM', unidade: 'UN', situacao: 'A', marca: 'M',
  descricaoComplementar: '<p>Camiseta</p>', descricaoArvoreCategoria: 'Roupas >> Camisetas', pesoLiquido: '0.500',
  pesoBruto: '0.600', classeProduto: 'V', arvoreCategoria: [], anexos: [{ url: 'http://img/1.jpg' }], kit: [],
  variacoes: [{ id: '11', idMapeamento: '2', codigo: 'CAM-P', gtin: '789', grade: [{ chave: 'Tamanho', valor: 'P' }], anexos: [] }],
} as unknown as TinyProdutoDados;

describe('product webhook mapping', () => {
  it('maps the parent with its category path and weights', () => {
    const p = productFromWebhook(dados);
    expect(p).toMatchObject({ tinyId: '10', sku: 'CAM', kind: 'parent', categoryPath: ['Roupas', 'Camisetas'], netWeightKg: 0.5, images: ['http://img/1.jpg'] });
  });

  it('builds a new variation from the parent plus its own SKU, GTIN and grade', () => {
    const parent = productFromWebhook(dados);
    const v = variationFromWebhook(dados.variacoes[0], parent, null);
    expect(v).toMatchObject({ tinyId: '11', sku: 'CAM-P', kind: 'variation', parentTinyId: '10', parentSku: 'CAM', gtin: '789', name: 'Camiseta' });
    expect(v.attributes).toEqual([{ name: 'Tamanho', value: 'P' }]);
  });

  it('reads situação E (excluded in Tiny) as a removal of the product and of its variations', () => {
    const parent = productFromWebhook({ ...dados, situacao: 'E' } as TinyProdutoDados);
    expect(parent).toMatchObject({ status: 'inactive', removal: 'excluded' });
    const v = variationFromWebhook(dados.variacoes[0], parent, { ...productFromWebhook(dados), tinyId: '11', status: 'active' });
    expect(v).toMatchObject({ status: 'inactive', removal: 'excluded' });
    expect(productFromWebhook(dados).removal).toBeNull();
  });

  it('brings the variations of a parent that comes back (situação A after E) back with the parent, under the rules', () => {
    const back = productFromWebhook(dados);
    const removedVariation = {
      ...variationFromWebhook(dados.variacoes[0], back, null),
      status: 'inactive' as const, removal: 'excluded' as const, removedAt: '2026-01-01T00:00:00.000Z',
    };
    const v = variationFromWebhook(dados.variacoes[0], back, removedVariation);
    expect(v).toMatchObject({ status: 'active', removal: null, removedAt: null });
    const merged = mergeProduct(removedVariation, v, DEFAULT_PRODUCT_RULES);
    expect(merged.next).toMatchObject({ status: 'active', removal: null });
    expect(merged.changed).toEqual(['status', 'removal']);
    // Back as inactive in Tiny: the variations follow the parent.
    expect(variationFromWebhook(dados.variacoes[0], productFromWebhook({ ...dados, situacao: 'I' } as TinyProdutoDados), removedVariation).status).toBe('inactive');
    // keepStatus: the store manages active/inactive, the variation's status stays exactly as it was.
    const kept = mergeProduct(removedVariation, v, { ...DEFAULT_PRODUCT_RULES, keepStatus: true });
    expect(kept.next).toMatchObject({ status: 'inactive', removal: null });
    expect(kept.changed).toEqual(['removal']);
    // A variation that was never removed keeps its own status.
    expect(variationFromWebhook(dados.variacoes[0], back, { ...removedVariation, status: 'inactive', removal: null }).status).toBe('inactive');
  });

  it('treats a zero promotional price as none and an absent price as no price change', () => {
    expect(webhookBasePrice('10.00', '0.00')).toEqual({ price: '10.00', promotionalPrice: null });
    expect(webhookBasePrice(undefined, '1.00')).toBeNull();
  });
});
