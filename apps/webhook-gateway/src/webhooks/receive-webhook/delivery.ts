import { hash } from 'node:crypto';
import type { TinyWebhookKind } from '@app/contracts';

type Dados = Record<string, unknown>;
const s = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * sha256 of kind + canonical dados. The normaliser builds dados with keys in a fixed order, so
 * JSON.stringify is canonical: a Tiny resend of the same notification gets the same key.
 */
export function deliveryKey(kind: TinyWebhookKind, dados: Dados): string {
  return hash('sha256', `${kind}\n${JSON.stringify(dados)}`);
}

/** The thing a notification is about; dedupe compares a delivery with the latest one about the same entity. */
export function entityKey(kind: TinyWebhookKind, d: Dados): string {
  switch (kind) {
    case 'estoque':
      return `estoque:${s(d.idProduto)}:${s(d.tipoEstoque)}`;
    case 'precos':
      return `precos:${s(d.idMapeamento)}:${s(d.skuMapeamento)}`;
    case 'produto':
      return `produto:${s(d.id)}`;
    case 'situacao_pedido':
      return `situacao_pedido:${s(d.idVendaTiny)}`;
    case 'nota_fiscal':
      return `nota_fiscal:${s(d.idNotaFiscalTiny)}`;
    case 'rastreio':
      return `rastreio:${s(d.idVendaTiny) || s(d.idPedidoEcommerce)}:${s(d.codigoRastreio)}`;
  }
}
