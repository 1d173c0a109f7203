import { startSandbox, type Sandbox } from '../index';
import { Receiver } from '../testing/receiver';
import { parseMappingReply } from './mapping-reply';

describe('webhook emitter (e-commerce webhooks, Tiny retry schedule scaled)', () => {
  let sb: Sandbox;
  let rx: Receiver;
  const token = 'wh-token';
  const cnpj = '48404755000188';
  beforeAll(async () => {
    rx = await new Receiver().start();
    // 5-minute steps scaled to 20 ms
    sb = await startSandbox({ webhookTimeScale: 20 / 300_000, accounts: [{ token, cnpj, idEcommerce: 54321, products: 20 }] });
    sb.configureWebhooks(token, {
      urls: {
        estoque: `${rx.url}/estoque`,
        precos: `${rx.url}/precos`,
        produto: `${rx.url}/produto`,
        situacao_pedido: `${rx.url}/situacao`,
        nota_fiscal: `${rx.url}/nf`,
        rastreio: `${rx.url}/rastreio`,
      },
    });
  });
  afterAll(async () => {
    await sb.close();
    await rx.close();
  });
  beforeEach(() => {
    rx.responder = () => ({ status: 200 });
  });

  it('posts the estoque envelope as JSON; a change without webhook sends nothing (drift)', async () => {
    const p = sb.findProduct(token, 'simple');
    sb.setStock(token, { product: p.codigo, saldo: 40, saldoReservado: 3 });
    sb.setStock(token, { product: p.codigo, saldo: 41, webhook: false });
    await sb.waitForWebhooks(5000);
    const sent = rx.payloads('/estoque');
    expect(sent).toHaveLength(2); // the product and the kit made of it
    expect(sent[0]).toEqual({
      versao: '1.0.0',
      cnpj,
      idEcommerce: 54321,
      tipo: 'estoque',
      dados: { tipoEstoque: 'D', saldo: '37.00', idProduto: p.id, sku: p.codigo, skuMapeamento: p.codigo, skuMapeamentoPai: '' },
    });
    expect(rx.received[0].contentType).toContain('application/json');
    expect(sb.getProduct(token, p.id).saldo).toBe(41);
  });

  it('retries estoque on non-200 on a growing schedule until it succeeds', async () => {
    rx.received.length = 0;
    rx.responder = (_r, i) => ({ status: i < 3 ? 500 : 200 });
    const v = sb.findProduct(token, 'variation');
    sb.setStock(token, { product: v.id, delta: 2 });
    await sb.waitForWebhooks(5000);
    const d = sb.listDeliveries(token, 'estoque').at(-1)!;
    expect(d.state).toBe('delivered');
    expect(d.attempts.map((a) => a.status)).toEqual([500, 500, 500, 200]);
    const gaps = d.attempts.slice(1).map((a, i) => a.at - d.attempts[i].at);
    // 1×, 2×, 3× the 20 ms step (generous bounds)
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[2]).toBeGreaterThanOrEqual(55);
    expect(rx.payloads('/estoque')[0].dados.skuMapeamentoPai).toBe(sb.getProduct(token, v.parentId).codigo);
  });

  it('gives up on precos after 2 attempts; estoque after 15', async () => {
    rx.responder = () => ({ status: 503 });
    const p = sb.findProduct(token, 'simple');
    sb.setPrice(token, { product: p.id, preco: 99.9, precoPromocional: 89.9 });
    await sb.waitForWebhooks(5000);
    const precos = sb.listDeliveries(token, 'precos').at(-1)!;
    expect(precos.state).toBe('failed');
    expect(precos.attempts).toHaveLength(2);
    expect(precos.payload.dados).toMatchObject({ codigo: p.codigo, preco: '99.90', precoPromocional: '89.90' });

    sb.setStock(token, { product: p.id, saldo: 1 });
    await sb.waitForWebhooks(10_000);
    const estoque = sb.listDeliveries(token, 'estoque').filter((d) => d.payload.dados.idProduto === p.id).at(-1)!;
    expect(estoque.state).toBe('failed');
    expect(estoque.attempts).toHaveLength(15);
  });

  it('produto: parses the bare-array reply, stores mappings and uses skuMapeamento afterwards', async () => {
    const parent = sb.findProduct(token, 'parent');
    rx.responder = (r) => {
      const dados = JSON.parse(r.body).dados as { idMapeamento: string; codigo: string; variacoes: { idMapeamento: string; codigo: string }[] };
      return {
        status: 200,
        body: JSON.stringify([
          { idMapeamento: dados.idMapeamento, skuMapeamento: `UPL-${dados.codigo}` },
          ...dados.variacoes.map((v) => ({ idMapeamento: v.idMapeamento, skuMapeamento: `UPL-${v.codigo}`, urlProduto: 'https://x/p' })),
        ]),
      };
    };
    const { delivery, reply } = await sb.sendProduct(token, parent.codigo);
    expect(delivery.state).toBe('delivered');
    expect(reply?.shape).toBe('array');
    const mapped = sb.listMappings(token);
    expect(mapped.map((m) => m.skuMapeamento)).toContain(`UPL-${parent.codigo}`);
    const child = sb.getProduct(token, parent.variationIds[0]);
    expect(child.mapping?.skuMapeamento).toBe(`UPL-${child.codigo}`);

    rx.responder = () => ({ status: 200 });
    rx.received.length = 0;
    sb.setStock(token, { product: child.id, delta: 1 });
    sb.setPrice(token, { product: child.id, preco: 12.3 });
    await sb.waitForWebhooks(5000);
    expect(rx.payloads('/estoque')[0].dados).toMatchObject({ skuMapeamento: `UPL-${child.codigo}`, skuMapeamentoPai: `UPL-${parent.codigo}` });
    expect(rx.payloads('/precos')[0].dados).toMatchObject({ skuMapeamento: `UPL-${child.codigo}`, skuMapeamentoPai: `UPL-${parent.codigo}` });
  });

  it('produto: also parses {mapeamentos:[{mapeamento:{…}}]}', async () => {
    const simple = sb.listProducts(token, { kind: 'simple' })[1];
    rx.responder = (r) => {
      const dados = JSON.parse(r.body).dados as { idMapeamento: string };
      return { status: 200, body: JSON.stringify({ mapeamentos: [{ mapeamento: { idMapeamento: dados.idMapeamento, skuMapeamento: 'WRAPPED-1' } }] }) };
    };
    const { reply } = await sb.sendProduct(token, simple.id);
    expect(reply?.shape).toBe('wrapped');
    expect(sb.getProduct(token, simple.id).mapping?.skuMapeamento).toBe('WRAPPED-1');
    expect(parseMappingReply('nonsense').shape).toBe('invalid');
    expect(parseMappingReply('[{"skuMapeamento":"x"}]').shape).toBe('invalid');
  });

  it('situacao_pedido, nota_fiscal and rastreio for an order; form encoding with a dados field', async () => {
    rx.received.length = 0;
    const order = sb.listOrders(token, { all: true })[0];
    sb.setOrderStatus(token, order.id, 'enviado');
    const { invoice } = sb.emitInvoice(token, order.id);
    sb.configureWebhooks(token, { encoding: 'form' });
    sb.emitTracking(token, order.id, { codigoRastreio: 'AA123456789BR' });
    await sb.waitForWebhooks(5000);
    sb.configureWebhooks(token, { encoding: 'json' });
    expect(rx.payloads('/situacao')[0]).toMatchObject({
      tipo: 'situacao_pedido',
      dados: { idPedidoEcommerce: order.numeroEcommerce, idVendaTiny: order.id, situacao: 'enviado', descricaoSituacao: 'Enviado' },
    });
    expect(rx.payloads('/nf')[0].dados).toMatchObject({ idNotaFiscalTiny: invoice.id, idPedidoEcommerce: order.numeroEcommerce });
    const rastreio = rx.received.find((r) => r.path === '/rastreio')!;
    expect(rastreio.contentType).toContain('application/x-www-form-urlencoded');
    expect(rx.payloads('/rastreio')[0]).toMatchObject({ versao: '1.0.1', tipo: 'rastreio', dados: { codigoRastreio: 'AA123456789BR', idVendaTiny: order.id } });
    expect(sb.getOrder(token, order.id)).toMatchObject({ situacao: 'faturado', codigoRastreamento: 'AA123456789BR', idNotaFiscal: invoice.id });
  });
});
