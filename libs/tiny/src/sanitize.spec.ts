import { cleanText, sanitizeContact, sanitizeOrder } from './sanitize';
import type { TinyOrderInput } from './types';

describe('sanitation', () => {
  it('trims, collapses whitespace, strips control chars, keeps accents and &', () => {
    expect(cleanText('  João\t\n da  Silva & Cia\u0007 ')).toBe('João da Silva & Cia');
  });

  it('truncates order fields to Tiny limits', () => {
    const long = (n: number) => 'Á'.repeat(n);
    const order: TinyOrderInput = {
      numero_pedido_ecommerce: long(70), obs: long(150), obs_internas: long(150),
      cliente: { nome: `  ${long(40)}  `, nome_fantasia: long(80), endereco: long(60), numero: long(15), complemento: long(60),
        bairro: long(40), cep: long(12), cidade: long(40), fone: long(50), email: long(60), ie: long(20), cpf_cnpj: long(20) },
      endereco_entrega: { nome_destinatario: long(70), endereco: long(60) },
      itens: [{ item: { codigo: 'SKU', descricao: long(130), quantidade: 1, valor_unitario: '9.90' } }],
    };
    const s = sanitizeOrder(order);
    expect(s.cliente.nome).toHaveLength(30);
    expect(s.cliente.nome_fantasia).toHaveLength(60);
    expect(s.cliente.endereco).toHaveLength(50);
    expect(s.cliente.numero).toHaveLength(10);
    expect(s.cliente.complemento).toHaveLength(50);
    expect(s.cliente.bairro).toHaveLength(30);
    expect(s.cliente.cep).toHaveLength(10);
    expect(s.cliente.cidade).toHaveLength(30);
    expect(s.cliente.fone).toHaveLength(40);
    expect(s.cliente.email).toHaveLength(50);
    expect(s.cliente.ie).toHaveLength(18);
    expect(s.cliente.cpf_cnpj).toHaveLength(18);
    expect(s.endereco_entrega?.nome_destinatario).toHaveLength(60);
    expect(s.itens[0].item.descricao).toHaveLength(120);
    expect(s.itens[0].item.valor_unitario).toBe('9.90');
    expect(s.obs).toHaveLength(100);
    expect(s.obs_internas).toHaveLength(100);
    expect(s.numero_pedido_ecommerce).toHaveLength(50);
    // the input is not mutated
    expect(order.cliente.nome).toHaveLength(44);
  });

  it('truncates contact fields', () => {
    const c = sanitizeContact({ nome: 'Comércio de Alimentos Bom Preço & Filhos Ltda', fantasia: 'x'.repeat(70), email: ' a@b.com ' });
    expect(c.nome).toBe('Comércio de Alimentos Bom Preç');
    expect(c.fantasia).toHaveLength(60);
    expect(c.email).toBe('a@b.com');
  });
});
