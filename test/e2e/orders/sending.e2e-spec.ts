import { waitFor } from '@app/testing';
import { newOrderNumber, OrdersHarness } from './harness';

const digits = (s: string) => s.replace(/\D/g, '');

describe('order-dispatcher: sending orders to Tiny (sandbox)', () => {
  const h = new OrdersHarness();

  beforeAll(async () => {
    await h.start();
    await h.startDispatcher();
    await h.configure({ seller: { include: true, map: [] } });
  }, 60_000);

  afterAll(() => h.stop(), 30_000);

  const sent = (orderNumber: string) =>
    waitFor(() => h.events('dispatch.order.sent.v1', orderNumber)[0], { timeoutMs: 15_000, what: `${orderNumber} sent` });

  it('creates exactly one Tiny order at the forward status, with the PJ customer, items, seller and ecommerce ids', async () => {
    const n = newOrderNumber();
    const skus = h.skus(2);
    await h.publish(h.orderEvent(n, 'Enviado pelo comprador', 1, h.snapshot({}, skus)));
    await waitFor(async () => (await h.link(`o-${n}`))?.state === 'waiting', { what: 'waiting link' });
    expect(h.tinyOrders(n)).toHaveLength(0);

    await h.publish(h.orderEvent(n, 'Aprovado', 2, h.snapshot({}, skus)));
    await sent(n);
    const [order] = h.tinyOrders(n);
    expect(h.tinyOrders(n)).toHaveLength(1);
    expect(order.idEcommerce).toBe(h.idEcommerce);
    expect(order.nomeEcommerce).toBe('Uplaces');
    expect(order.situacao).toBe('aprovado');
    expect(order.cliente.tipo_pessoa).toBe('J');
    expect(digits(order.cliente.cpf_cnpj)).toBe('12345678000195');
    expect(order.cliente.ie).toBe('110042490114');
    expect(order.cliente.email).toBe('compras@bompreco.com.br');
    expect(order.itens.map((i) => [i.codigo, i.quantidade, i.valorUnitario])).toEqual([
      [skus[0], 2, 10.5],
      [skus[1], 3, 11.5],
    ]);
    expect(order.nomeVendedor).toBe('Ana Souza');
    expect(order.idVendedor).toBeGreaterThan(0);
    expect(order.fretePorConta).toBe('D');
    expect(order.valorFrete).toBe(25);
    expect(order.formaPagamento).toBe('boleto');
  });

  it('follows later statuses through the mapping, skips unmapped ones and never lets an older version win', async () => {
    const n = newOrderNumber();
    await h.publish(h.orderEvent(n, 'Aprovado', 1));
    await sent(n);
    await h.publish(h.orderEvent(n, 'Em transporte', 3));
    await waitFor(() => h.tinyOrders(n)[0]?.situacao === 'enviado', { what: 'enviado' });
    const historyHas = (re: RegExp) => async () =>
      (await h.query<{ summary: string }>(`SELECT summary FROM dispatch.order_history WHERE order_id = $1`, [`o-${n}`])).some((r) => re.test(r.summary));
    // Older version arrives late: ignored.
    await h.publish(h.orderEvent(n, 'Nota Fiscal emitida', 2));
    await waitFor(historyHas(/Versão 2 ignorada/), { what: 'v2 ignored' });
    // Unmapped status: recorded and skipped.
    await h.publish(h.orderEvent(n, 'Aguardando retirada', 4));
    await waitFor(historyHas(/sem mapeamento/), { what: 'unmapped recorded' });
    expect(h.tinyOrders(n)[0].situacao).toBe('enviado');
    await h.publish(h.orderEvent(n, 'Entregue', 5));
    await waitFor(() => h.tinyOrders(n)[0]?.situacao === 'entregue', { what: 'entregue' });
    const history = await h.query<{ summary: string }>(`SELECT summary FROM dispatch.order_history WHERE order_id = $1 ORDER BY id`, [`o-${n}`]);
    const text = history.map((r) => r.summary).join('\n');
    expect(text).toMatch(/Versão 2 ignorada/);
    expect(text).toMatch(/sem mapeamento/);
    expect(h.calls('pedido.alterar.situacao')).toBeGreaterThanOrEqual(2);
    expect(h.tinyOrders(n)).toHaveLength(1);
  });

  it('sends an order first seen past the forward status with its mapped situação, and never sends one cancelled before', async () => {
    const late = newOrderNumber();
    await h.publish(h.orderEvent(late, 'Em transporte', 7));
    await sent(late);
    expect(h.tinyOrders(late)[0].situacao).toBe('enviado');

    const cancelled = newOrderNumber();
    await h.publish(h.orderEvent(cancelled, 'Cancelado', 3));
    await waitFor(async () => (await h.link(`o-${cancelled}`))?.state === 'cancelled', { what: 'cancelled link' });
    expect(h.tinyOrders(cancelled)).toHaveLength(0);
  });

  it('resolves the seller once and remembers it', async () => {
    const before = h.calls('vendedores.pesquisa');
    const n = newOrderNumber();
    await h.publish(h.orderEvent(n, 'Aprovado', 1));
    await sent(n);
    expect(h.tinyOrders(n)[0].nomeVendedor).toBe('Ana Souza');
    expect(h.calls('vendedores.pesquisa')).toBe(before); // remembered from the first order
  });

  describe('customer criteria', () => {
    // An existing Tiny contact: the order carries a new name; whether Tiny's registry changes shows atualizar_cliente.
    const existing = () => h.sandbox.listContacts(h.token).find((c) => c.tipoPessoa === 'J')!;
    const contactName = (doc: string) => h.sandbox.listContacts(h.token, { all: true }).find((c) => digits(c.cpfCnpj) === digits(doc))?.nome;

    async function sendWith(rules: { pj: boolean; pf: boolean; requireValidEmail: boolean; onlyUpdate: boolean }, customer: { type: 'PF' | 'PJ'; document: string; email: string | null; name: string }) {
      await h.configure({ seller: { include: false, map: [] }, rules: { ...h.integrationData().rules, customers: rules } });
      const n = newOrderNumber();
      const snap = h.snapshot();
      await h.publish(
        h.orderEvent(n, 'Aprovado', 1, {
          ...snap,
          customer: { ...snap.customer, type: customer.type, document: customer.document, email: customer.email, name: customer.name, stateRegistration: customer.type === 'PJ' ? '110042490114' : null },
        }),
      );
      await sent(n);
      expect(h.tinyOrders(n)).toHaveLength(1);
      return n;
    }

    it('PJ allowed: the existing contact is updated from the order', async () => {
      const c = existing();
      await sendWith({ pj: true, pf: true, requireValidEmail: false, onlyUpdate: false }, { type: 'PJ', document: c.cpfCnpj, email: 'a@b.com.br', name: 'Nome Novo PJ' });
      expect(contactName(c.cpfCnpj)).toBe('Nome Novo PJ');
    });

    it('PJ not allowed: sent with atualizar_cliente N, the contact is left alone', async () => {
      const c = existing();
      const before = contactName(c.cpfCnpj);
      await sendWith({ pj: false, pf: true, requireValidEmail: false, onlyUpdate: false }, { type: 'PJ', document: c.cpfCnpj, email: 'a@b.com.br', name: 'Nao Deve Mudar' });
      expect(contactName(c.cpfCnpj)).toBe(before);
    });

    it('PF allowed, then not allowed: the contact is created and then left alone', async () => {
      const cpf = '529.982.247-25';
      await sendWith({ pj: true, pf: true, requireValidEmail: false, onlyUpdate: false }, { type: 'PF', document: cpf, email: 'pf@b.com.br', name: 'Pessoa Fisica' });
      expect(contactName(cpf)).toBe('Pessoa Fisica');
      const c = { cpfCnpj: cpf };
      const before = contactName(c.cpfCnpj);
      await sendWith({ pj: true, pf: false, requireValidEmail: false, onlyUpdate: false }, { type: 'PF', document: c.cpfCnpj, email: 'a@b.com.br', name: 'Nao Deve Mudar PF' });
      expect(contactName(c.cpfCnpj)).toBe(before);
    });

    it('valid e-mail required: a customer without one is not written, one with it is', async () => {
      const c = existing();
      const before = contactName(c.cpfCnpj);
      await sendWith({ pj: true, pf: true, requireValidEmail: true, onlyUpdate: false }, { type: 'PJ', document: c.cpfCnpj, email: 'sem-email', name: 'Sem Email Valido' });
      expect(contactName(c.cpfCnpj)).toBe(before);
      await sendWith({ pj: true, pf: true, requireValidEmail: true, onlyUpdate: false }, { type: 'PJ', document: c.cpfCnpj, email: 'ok@loja.com.br', name: 'Com Email Valido' });
      expect(contactName(c.cpfCnpj)).toBe('Com Email Valido');
    });

    it('only update: searches the contact by CPF/CNPJ; an existing one is updated, a new one is sent with atualizar_cliente N', async () => {
      const c = existing();
      const searches = h.calls('contatos.pesquisa');
      await sendWith({ pj: true, pf: true, requireValidEmail: false, onlyUpdate: true }, { type: 'PJ', document: c.cpfCnpj, email: 'x@y.com.br', name: 'Atualizado Somente' });
      expect(contactName(c.cpfCnpj)).toBe('Atualizado Somente');
      expect(h.calls('contatos.pesquisa')).toBe(searches + 1);

      const n = await sendWith({ pj: true, pf: true, requireValidEmail: false, onlyUpdate: true }, { type: 'PJ', document: '11.444.777/0001-61', email: 'x@y.com.br', name: 'Cliente Novo' });
      const rows = await h.query<{ detail: { atualizar_cliente?: string } }>(
        `SELECT detail FROM dispatch.order_history WHERE order_id = $1 AND kind = 'decision' AND detail ? 'atualizar_cliente'`,
        [`o-${n}`],
      );
      expect(rows[0].detail.atualizar_cliente).toBe('N');
    });
  });
});
