import type { Account } from '../accounts/account';
import type { Contact, Deposit, Order, OrderItem, Product } from '../accounts/model';
import { CITIES } from './cities';
import { cnpj, cpf, ean13, formatCnpj, formatCpf } from './documents';
import {
  ADJECTIVES,
  BRANDS,
  CATEGORIES,
  COLORS,
  COMPANY_NAMES,
  COMPANY_WORDS,
  DISTRICTS,
  FIRST_NAMES,
  LAST_NAMES,
  PRICE_LISTS,
  SELLERS,
  SIZES,
  STREETS,
} from './names';
import { Prng } from './prng';

/** Seeded records are dated in 2024–2025 (fixed, so the data is the same on every run). */
const SEED_EPOCH = Date.UTC(2024, 0, 1, 12);
const DAY = 86_400_000;

const pad6 = (n: number): string => String(n).padStart(6, '0');

/**
 * Fills an account with deterministic data. Layout (N = settings.products records):
 * record 1 is always an active simple product SKU-000001 with stock; then a variation family VAR-000002
 * (parent + 3 variations), then a kit KIT-000003, then an inactive simple SKU-000004; then a random mix
 * (≈60% simple, 25% families of 2–4 variations, 15% kits). Family numbers count families, not records.
 */
export function seedAccount(acc: Account): void {
  const rng = new Prng(`${acc.settings.seed}`);
  seedSellers(acc);
  seedPriceLists(acc);
  seedProducts(acc, rng);
  seedExceptions(acc, rng);
  seedContacts(acc, rng);
  seedOrders(acc, rng);
}

function seedSellers(acc: Account): void {
  acc.sellers = SELLERS.map((s, i) => ({
    id: acc.nextSellerId(),
    codigo: s.codigo,
    nome: s.nome,
    email: `${s.nome.split(' ')[0].toLowerCase()}@vendas.exemplo.com.br`,
    cpf: `0000000000${i}`,
  }));
}

function seedPriceLists(acc: Account): void {
  acc.priceLists = PRICE_LISTS.map((l) => ({ id: acc.nextPriceListId(), ...l }));
}

function money(rng: Prng, min: number, max: number): number {
  return rng.int(min, max) + 0.9;
}

function deposits(rng: Prng, forceStock: boolean): Deposit[] {
  const out: Deposit[] = [
    { nome: 'Geral', desconsiderar: 'N', saldo: forceStock ? rng.int(20, 200) : rng.chance(0.1) ? 0 : rng.int(1, 200) },
  ];
  if (rng.chance(0.3)) out.push({ nome: 'Loja', desconsiderar: 'N', saldo: rng.int(0, 50) });
  // One deposit excluded from totals, as Tiny's "desconsiderar" flag does.
  if (forceStock || rng.chance(0.4)) out.push({ nome: 'Avaria', desconsiderar: 'S', saldo: rng.int(1, 5) });
  return out;
}

function reserved(rng: Prng, deps: Deposit[]): number | null {
  if (rng.chance(0.15)) return null;
  const saldo = deps.reduce((a, d) => a + (d.desconsiderar === 'N' ? d.saldo : 0), 0);
  return rng.chance(0.5) ? 0 : rng.int(0, Math.min(5, saldo));
}

interface Base {
  nome: string;
  categoria: string;
  marca: string;
  preco: number;
  createdAt: number;
}

function base(rng: Prng): Base {
  const cat = rng.pick(CATEGORIES);
  const marca = rng.pick(BRANDS);
  return {
    nome: `${rng.pick(cat.nouns)} ${rng.pick(ADJECTIVES)} ${marca}`,
    categoria: cat.categoria,
    marca,
    preco: money(rng, 9, 499),
    createdAt: SEED_EPOCH + rng.int(0, 540) * DAY + rng.int(0, DAY - 1),
  };
}

function product(acc: Account, rng: Prng, b: Base, fields: Partial<Product> & { codigo: string; nome: string }): Product {
  const preco = fields.preco ?? b.preco;
  const custo = Math.round(preco * 0.45 * 100) / 100;
  const p: Product = {
    id: acc.nextProductId(),
    unidade: 'UN',
    preco,
    precoPromocional: rng.chance(0.5) ? 0 : Math.round(preco * 0.9 * 100) / 100,
    precoCusto: custo,
    precoCustoMedio: Math.round(custo * 1.0317 * 10_000) / 10_000,
    gtin: rng.chance(0.8) ? ean13(rng) : '',
    situacao: 'A',
    tipoVariacao: 'N',
    classe: 'S',
    parentId: 0,
    variationIds: [],
    grade: null,
    kit: null,
    categoria: b.categoria,
    marca: b.marca,
    localizacao: `${String.fromCharCode(65 + rng.int(0, 5))}${rng.int(1, 9)}`,
    ncm: rng.pick(['6109.10.00', '6203.42.00', '6404.11.00', '7323.93.00', '0901.21.00', '3305.10.00']),
    peso: rng.int(1, 30) / 10,
    deposits: [],
    reserved: 0,
    createdAt: b.createdAt,
    updatedAt: b.createdAt,
    idMapeamento: 0,
    mapping: null,
    ...fields,
  };
  p.idMapeamento = acc.nextMapeamentoId();
  return p;
}

function seedProducts(acc: Account, rng: Prng): void {
  const total = acc.settings.products;
  const simples: Product[] = [];
  let family = 0;
  let kitsDone = 0;
  while (acc.products.length < total) {
    family++;
    const left = total - acc.products.length;
    const b = base(rng);
    const roll = rng.next();
    const kind =
      family === 1 ? 'simple' : family === 2 ? 'family' : family === 3 ? 'kit' : family === 4 ? 'inactive' :
      roll < 0.6 ? 'simple' : roll < 0.85 ? 'family' : 'kit';
    if (kind === 'family' && left >= 3) {
      const parent = product(acc, rng, b, {
        codigo: `VAR-${pad6(family)}`,
        nome: b.nome,
        tipoVariacao: 'P',
        classe: 'V',
        reserved: 0,
      });
      acc.addProduct(parent);
      const wanted = family === 2 ? 3 : rng.int(2, 4);
      const count = Math.min(wanted, left - 1);
      const color = rng.int(0, COLORS.length - 1);
      for (let i = 0; i < count; i++) {
        const c = COLORS[(color + Math.floor(i / SIZES.length)) % COLORS.length];
        const size = SIZES[i % SIZES.length];
        const deps = deposits(rng, family === 2);
        const child = product(acc, rng, b, {
          codigo: `VAR-${pad6(family)}-${c.code}-${size}`,
          nome: `${b.nome} ${c.nome} ${size}`,
          tipoVariacao: 'V',
          classe: 'V',
          parentId: parent.id,
          grade: { Cor: c.nome, Tamanho: size },
          preco: size === 'GG' ? b.preco + 5 : b.preco,
          deposits: deps,
          reserved: reserved(rng, deps),
        });
        child.precoPromocional = parent.precoPromocional > 0 ? Math.round(child.preco * 0.9 * 100) / 100 : 0;
        parent.variationIds.push(child.id);
        acc.addProduct(child);
      }
    } else if (kind === 'kit' && simples.length > 0) {
      const n = Math.min(simples.length, kitsDone === 0 ? 1 : rng.int(1, 3));
      const items: { id: number; quantidade: number }[] = [];
      for (let i = 0; i < n; i++) {
        const c = kitsDone === 0 ? simples[0] : rng.pick(simples);
        if (!items.some((x) => x.id === c.id)) items.push({ id: c.id, quantidade: kitsDone === 0 ? 2 : rng.int(1, 3) });
      }
      const preco = Math.round(items.reduce((a, it) => a + acc.productById.get(it.id)!.preco * it.quantidade, 0) * 0.95 * 100) / 100;
      acc.addProduct(
        product(acc, rng, b, { codigo: `KIT-${pad6(family)}`, nome: `Kit ${b.nome}`, classe: 'K', kit: items, preco }),
      );
      kitsDone++;
    } else {
      const deps = deposits(rng, family === 1);
      const p = product(acc, rng, b, {
        codigo: `SKU-${pad6(family)}`,
        nome: b.nome,
        deposits: deps,
        reserved: family === 1 ? 2 : reserved(rng, deps),
        situacao: kind === 'inactive' || (family > 4 && rng.chance(0.08)) ? 'I' : 'A',
      });
      acc.addProduct(p);
      if (p.situacao === 'A') simples.push(p);
    }
  }
}

function seedExceptions(acc: Account, rng: Prng): void {
  // A few fixed prices in "Atacado" and promotional ones in "Revenda".
  const actives = acc.products.filter((p) => p.situacao === 'A' && p.tipoVariacao !== 'P');
  const [atacado, , revenda] = acc.priceLists;
  const n = Math.min(actives.length, Math.max(2, Math.floor(actives.length / 10)));
  for (let i = 0; i < n; i++) {
    const p = actives[i];
    acc.exceptions.push({
      id: acc.nextExceptionId(),
      idListaPreco: atacado.id,
      idProduto: p.id,
      preco: Math.round(p.preco * 0.8 * 100) / 100,
      precoPromocional: null,
    });
    if (i % 2 === 0) {
      acc.exceptions.push({
        id: acc.nextExceptionId(),
        idListaPreco: revenda.id,
        idProduto: p.id,
        preco: Math.round(p.preco * 0.85 * 100) / 100,
        precoPromocional: Math.round(p.preco * 0.75 * 100) / 100,
      });
    }
  }
  void rng;
}

function seedContacts(acc: Account, rng: Prng): void {
  for (let i = 1; i <= acc.settings.contacts; i++) {
    const city = rng.pick(CITIES);
    const juridica = rng.chance(0.35);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const nome = juridica ? `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_NAMES)} Ltda` : `${first} ${last}`;
    const doc = juridica ? formatCnpj(cnpj(rng)) : rng.chance(0.5) ? formatCpf(cpf(rng)) : cpf(rng);
    const seller = rng.chance(0.5) ? rng.pick(acc.sellers) : undefined;
    const createdAt = SEED_EPOCH + rng.int(0, 540) * DAY;
    const c: Contact = {
      id: acc.nextContactId(),
      codigo: `C-${String(i).padStart(4, '0')}`,
      nome,
      fantasia: juridica ? nome.replace(' Ltda', '') : '',
      tipoPessoa: juridica ? 'J' : 'F',
      cpfCnpj: doc,
      ie: juridica ? rng.digits(12) : '',
      endereco: rng.pick(STREETS),
      numero: String(rng.int(1, 2000)),
      complemento: rng.chance(0.3) ? `Sala ${rng.int(1, 99)}` : '',
      bairro: rng.pick(DISTRICTS),
      cep: city.cep,
      cidade: city.nome,
      uf: city.uf,
      email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@exemplo.com.br`
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, ''),
      fone: `(${rng.int(11, 99)}) ${rng.int(3000, 9999)}-${rng.digits(4)}`,
      idListaPreco: 0,
      idVendedor: seller?.id ?? 0,
      situacao: i % 10 === 0 ? 'I' : 'A',
      tipos: ['Cliente'],
      createdAt,
      updatedAt: createdAt,
      source: 'seed',
      payload: null,
    };
    acc.addContact(c);
  }
}

const SEED_STATUSES = ['aberto', 'aprovado', 'faturado', 'enviado', 'entregue', 'cancelado'];

function seedOrders(acc: Account, rng: Prng): void {
  const sellable = acc.products.filter((p) => p.situacao === 'A' && p.tipoVariacao !== 'P');
  if (sellable.length === 0 || acc.contacts.length === 0) return;
  for (let i = 1; i <= acc.settings.orders; i++) {
    const c = acc.contacts[(i - 1) % acc.contacts.length];
    const itens: OrderItem[] = [];
    const n = rng.int(1, 3);
    for (let k = 0; k < n; k++) {
      const p = rng.pick(sellable);
      if (itens.some((it) => it.idProduto === p.id)) continue;
      itens.push({
        idProduto: p.id,
        codigo: p.codigo,
        descricao: p.nome,
        unidade: p.unidade,
        quantidade: rng.int(1, 5),
        valorUnitario: p.preco,
        infoAdicional: '',
      });
    }
    const total = Math.round(itens.reduce((a, it) => a + it.quantidade * it.valorUnitario, 0) * 100) / 100;
    const at = SEED_EPOCH + 500 * DAY + i * DAY;
    const situacao = SEED_STATUSES[(i - 1) % SEED_STATUSES.length];
    const seller = acc.sellers[(i - 1) % acc.sellers.length];
    const o: Order = {
      id: acc.nextOrderId(),
      numero: ++acc.orderNumero,
      numeroEcommerce: `SEED-${String(i).padStart(4, '0')}`,
      idEcommerce: acc.settings.idEcommerce,
      nomeEcommerce: 'Uplaces',
      dataPedido: at,
      dataPrevista: at + 7 * DAY,
      dataFaturamento: null,
      dataEnvio: null,
      dataEntrega: null,
      situacao,
      idContato: c.id,
      cliente: contactAsCliente(c),
      enderecoEntrega: null,
      itens,
      idListaPreco: 0,
      formaPagamento: 'boleto',
      meioPagamento: 'Boleto',
      parcelas: [{ dias: '28', data: '', valor: total.toFixed(2), obs: '', forma_pagamento: 'boleto', meio_pagamento: '' }],
      marcadores: [],
      nomeTransportador: 'Correios',
      fretePorConta: 'R',
      formaEnvio: 'C',
      formaFrete: 'SEDEX',
      valorFrete: 0,
      valorDesconto: 0,
      outrasDespesas: 0,
      totalProdutos: total,
      totalPedido: total,
      numeroOrdemCompra: '',
      idVendedor: seller.id,
      nomeVendedor: seller.nome,
      obs: '',
      obsInterna: '',
      codigoRastreamento: '',
      urlRastreamento: '',
      idNotaFiscal: 0,
      deposito: 'Geral',
      createdAt: at,
      updatedAt: at,
      source: 'seed',
      payload: null,
      history: [{ situacao, at, by: 'seed' }],
    };
    acc.addOrder(o);
  }
}

export function contactAsCliente(c: Contact): Record<string, string> {
  return {
    codigo: c.codigo,
    nome: c.nome,
    nome_fantasia: c.fantasia,
    tipo_pessoa: c.tipoPessoa,
    cpf_cnpj: c.cpfCnpj,
    ie: c.ie,
    rg: '',
    endereco: c.endereco,
    numero: c.numero,
    complemento: c.complemento,
    bairro: c.bairro,
    cep: c.cep,
    cidade: c.cidade,
    uf: c.uf,
    fone: c.fone,
    email: c.email,
  };
}
