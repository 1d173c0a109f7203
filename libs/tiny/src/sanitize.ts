import type { TinyContactInput, TinyOrderInput } from './types';

/**
 * Tiny rejects or silently cuts fields longer than its layout allows. We clean and truncate once,
 * here, so every service sends the same thing. Accents and `&` are kept: the form encoding carries them.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function cleanText(v: string, max?: number): string {
  let s = v.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (max !== undefined && s.length > max) s = Array.from(s).slice(0, max).join('').trimEnd();
  return s;
}

type Limits<T> = { [K in keyof T]?: number };

function cleanFields<T extends object>(input: T, limits: Limits<T>): T {
  const out = { ...input } as Record<string, unknown>;
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'string') out[key] = cleanText(value, (limits as Record<string, number | undefined>)[key]);
  }
  return out as T;
}

export const CLIENT_LIMITS = {
  codigo: 30, nome: 30, nome_fantasia: 60, cpf_cnpj: 18, ie: 18, rg: 10, endereco: 50, numero: 10, complemento: 50,
  bairro: 30, cep: 10, cidade: 30, fone: 40, email: 50,
} as const;

export const DELIVERY_LIMITS = {
  cpf_cnpj: 18, endereco: 50, numero: 10, complemento: 50, bairro: 30, cep: 10, cidade: 30, fone: 40,
  nome_destinatario: 60, ie: 18,
} as const;

export const ORDER_LIMITS = {
  obs: 100, obs_internas: 100, numero_pedido_ecommerce: 50, meio_pagamento: 100, nome_transportador: 60,
  numero_ordem_compra: 30,
} as const;

export const ITEM_LIMITS = { codigo: 60, descricao: 120, unidade: 6, informacao_adicional: 500 } as const;

export const CONTACT_LIMITS = {
  codigo: 30, nome: 30, fantasia: 60, cpf_cnpj: 18, ie: 18, rg: 10, endereco: 50, numero: 10, complemento: 50,
  bairro: 30, cep: 10, cidade: 30, fone: 40, celular: 40, email: 50, email_nfe: 50, obs: 100,
} as const;

export function sanitizeOrder(order: TinyOrderInput): TinyOrderInput {
  const out = cleanFields(order, ORDER_LIMITS);
  out.cliente = cleanFields(order.cliente, CLIENT_LIMITS);
  if (order.endereco_entrega) out.endereco_entrega = cleanFields(order.endereco_entrega, DELIVERY_LIMITS);
  out.itens = order.itens.map(({ item }) => ({ item: cleanFields(item, ITEM_LIMITS) }));
  if (order.parcelas) out.parcelas = order.parcelas.map(({ parcela }) => ({ parcela: cleanFields(parcela, { obs: 100 }) }));
  if (order.marcadores) out.marcadores = order.marcadores.map(({ marcador }) => ({ marcador: cleanFields(marcador, {}) }));
  if (order.intermediador) out.intermediador = cleanFields(order.intermediador, {});
  return out;
}

export function sanitizeContact(contact: TinyContactInput): TinyContactInput {
  const out = cleanFields(contact, CONTACT_LIMITS);
  if (contact.tipos_contato) out.tipos_contato = contact.tipos_contato.map((t) => ({ tipo: cleanText(t.tipo) }));
  return out;
}
