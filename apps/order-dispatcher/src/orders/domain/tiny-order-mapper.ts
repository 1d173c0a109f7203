import type { FreightPayer, OrderSnapshot, TinyOrderSituacao } from '@app/contracts';
import type { TinyOrderInput } from '@app/tiny';

export const ECOMMERCE_NAME = 'Uplaces';

const FREIGHT: Record<FreightPayer, string> = { sender: 'R', recipient: 'D', 'third-party': 'T', none: 'S' };

/** Tiny wants dd/mm/yyyy; instants in Brasília time (UTC-3, no DST since 2019), plain dates as they are. */
export function tinyDate(iso: string): string {
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (plain) return `${plain[3]}/${plain[2]}/${plain[1]}`;
  const d = new Date(new Date(iso).getTime() - 3 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export function decimal(n: number, places = 2): string {
  return n.toFixed(places);
}

export interface TinyOrderContext {
  orderNumber: string;
  integratorId: string;
  situacao: TinyOrderSituacao;
  atualizarCliente: 'S' | 'N';
  seller: { id: string | null; nome: string | null } | null;
}

/**
 * Builds pedido.incluir from the Uplaces order. Items keep their list price; line discounts are
 * added to the order discount (`valor_desconto`), since v2 items carry no discount field.
 */
export function toTinyOrder(order: OrderSnapshot, ctx: TinyOrderContext): TinyOrderInput {
  const c = order.customer;
  const lineDiscounts = order.items.reduce((sum, i) => sum + i.discount, 0);
  const input: TinyOrderInput = {
    data_pedido: tinyDate(order.placedAt),
    numero_pedido_ecommerce: ctx.orderNumber,
    id_ecommerce: /^\d+$/.test(ctx.integratorId) ? Number(ctx.integratorId) : undefined,
    ecommerce: ECOMMERCE_NAME,
    situacao: ctx.situacao,
    cliente: {
      nome: c.name,
      nome_fantasia: c.tradeName ?? undefined,
      tipo_pessoa: c.type === 'PJ' ? 'J' : 'F',
      cpf_cnpj: c.document,
      ie: c.stateRegistration ?? undefined,
      endereco: c.address.street,
      numero: c.address.number,
      complemento: c.address.complement ?? undefined,
      bairro: c.address.district,
      cep: c.address.zipCode,
      cidade: c.address.city,
      uf: c.address.state,
      pais: c.address.country ?? undefined,
      fone: c.phone ?? undefined,
      email: c.email ?? undefined,
      atualizar_cliente: ctx.atualizarCliente,
    },
    itens: order.items.map((i) => ({
      item: {
        codigo: i.sku,
        descricao: i.description,
        unidade: i.unit ?? undefined,
        quantidade: decimal(i.quantity, 4),
        valor_unitario: decimal(i.unitPrice, 4),
      },
    })),
    forma_pagamento: order.payment.method,
    meio_pagamento: order.payment.description ?? undefined,
    parcelas: order.payment.installments.map((p) => ({
      parcela: {
        dias: p.days,
        data: p.dueDate ? tinyDate(p.dueDate) : undefined,
        valor: decimal(p.amount),
        forma_pagamento: order.payment.method,
      },
    })),
    valor_frete: decimal(order.freight.amount),
    frete_por_conta: FREIGHT[order.freight.paidBy],
    nome_transportador: order.freight.carrier ?? undefined,
    forma_frete: order.freight.shippingMethod ?? undefined,
    valor_desconto: decimal(order.discount + lineDiscounts),
    numero_ordem_compra: order.purchaseOrderNumber ?? undefined,
    obs: order.notes ?? undefined,
    obs_internas: order.internalNotes ?? undefined,
  };
  if (order.priceListId && /^\d+$/.test(order.priceListId)) input.id_lista_preco = Number(order.priceListId);
  if (order.deliveryAddress) {
    const a = order.deliveryAddress;
    input.endereco_entrega = {
      tipo_pessoa: c.type === 'PJ' ? 'J' : 'F',
      cpf_cnpj: c.document,
      endereco: a.street,
      numero: a.number,
      complemento: a.complement ?? undefined,
      bairro: a.district,
      cep: a.zipCode,
      cidade: a.city,
      uf: a.state,
      fone: a.phone ?? undefined,
      nome_destinatario: a.recipientName ?? undefined,
      ie: c.stateRegistration ?? undefined,
    };
  }
  if (ctx.seller?.id && /^\d+$/.test(ctx.seller.id)) input.id_vendedor = Number(ctx.seller.id);
  if (ctx.seller?.nome) input.nome_vendedor = ctx.seller.nome;
  return JSON.parse(JSON.stringify(input)) as TinyOrderInput; // drops undefined keys
}
