import { startSandbox, type Sandbox } from './index';
import { tinyPost, registros } from './testing/http';

describe('tiny sandbox smoke', () => {
  let sb: Sandbox;
  const token = 'smoke-token';
  beforeAll(async () => {
    sb = await startSandbox({ accounts: [{ token }] });
  });
  afterAll(() => sb.close());

  it('answers info, a product search and creates an order', async () => {
    const info = await tinyPost(sb.apiUrl, 'info.php', { token });
    expect(info.json.retorno.status).toBe('OK');
    const search = await tinyPost(sb.apiUrl, 'produtos.pesquisa.php', { token, pesquisa: '' });
    expect(search.json.retorno.status).toBe('OK');
    const sku = sb.findProduct(token, 'simple').codigo;
    const created = await tinyPost(sb.apiUrl, 'pedido.incluir.php', {
      token,
      pedido: { pedido: { cliente: { nome: 'Fulano', cidade: 'São Paulo', uf: 'SP' }, itens: [{ item: { codigo: sku, quantidade: '1', valor_unitario: '10.00' } }] } },
    });
    expect(created.json.retorno.status).toBe('OK');
    expect(registros(created.json.retorno)[0].status).toBe('OK');
    expect(sb.listOrders(token)).toHaveLength(1);
  });
});
