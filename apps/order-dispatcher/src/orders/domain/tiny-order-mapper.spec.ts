import { eventDataFixture } from './fixtures';
import { tinyDate, toTinyOrder } from './tiny-order-mapper';

describe('pedido.incluir from an Uplaces order', () => {
  const order = eventDataFixture('Aprovado', 1).order;
  const pedido = toTinyOrder(order, {
    orderNumber: 'UPL-1',
    integratorId: '54321',
    situacao: 'aprovado',
    atualizarCliente: 'N',
    seller: { id: '77', nome: 'Ana Souza' },
  });

  it('carries the ecommerce identity and the mapped situação', () => {
    expect(pedido).toMatchObject({ numero_pedido_ecommerce: 'UPL-1', id_ecommerce: 54321, ecommerce: 'Uplaces', situacao: 'aprovado' });
  });

  it('sends the PJ customer with IE and the customer decision', () => {
    expect(pedido.cliente).toMatchObject({ tipo_pessoa: 'J', cpf_cnpj: '12.345.678/0001-95', ie: '110042490114', cidade: 'São Paulo', uf: 'SP', atualizar_cliente: 'N' });
  });

  it('sends items by SKU, discounts on the order, freight, payment, price list and seller', () => {
    expect(pedido.itens.map((i) => i.item.codigo)).toEqual(['A-1', 'B-2']);
    expect(pedido.itens[0].item).toMatchObject({ quantidade: '2.0000', valor_unitario: '10.5000' });
    expect(pedido.valor_desconto).toBe('3.00');
    expect(pedido).toMatchObject({ valor_frete: '25.00', frete_por_conta: 'D', nome_transportador: 'Transportadora X', forma_pagamento: 'boleto' });
    expect(pedido.parcelas?.[0].parcela).toMatchObject({ dias: 28, valor: '145.00', data: '12/04/2026' });
    expect(pedido.id_lista_preco).toBe(7);
    expect(pedido).toMatchObject({ id_vendedor: 77, nome_vendedor: 'Ana Souza' });
  });

  it('dates in Brasília time', () => {
    expect(tinyDate('2026-03-15T02:30:00.000Z')).toBe('14/03/2026');
    expect(pedido.data_pedido).toBe('14/03/2026');
  });
});
