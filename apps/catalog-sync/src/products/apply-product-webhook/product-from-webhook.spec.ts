import type { TinyProdutoDados } from '@app/contracts';
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

  it('treats a zero promotional price as none and an absent price as no price change', () => {
    expect(webhookBasePrice('10.00', '0.00')).toEqual({ price: '10.00', promotionalPrice: null });
    expect(webhookBasePrice(undefined, '1.00')).toBeNull();
  });
});
