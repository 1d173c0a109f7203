import type { NumberStyle } from '../quirks/loose';

export const WEBHOOK_KINDS = ['estoque', 'precos', 'produto', 'situacao_pedido', 'nota_fiscal', 'rastreio'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
export type WebhookUrls = Partial<Record<WebhookKind, string>>;

/** How an account is created (control API body / `sandbox.createAccount`). */
export interface AccountOptions {
  token: string;
  /** Calls per window (30/60/120 on real plans); 0 = a plan without API (code 5). Default 60. */
  planLimit?: number;
  /** Batch-service calls per window (contato/produto incluir/alterar). Default 5. */
  batchLimit?: number;
  /** Requests in flight; default max(1, floor(planLimit / 4)). */
  concurrencyLimit?: number;
  /** Rate window length; default the sandbox's windowMs (60 000). */
  windowMs?: number;
  /** Product records (parents, variations, kits, simples). Default 50. */
  products?: number;
  /** Seeded contacts. Default 20. */
  contacts?: number;
  /** Seeded orders (numero_ecommerce SEED-0001…). Default 5. */
  orders?: number;
  /** PRNG seed for the data; default the sandbox seed. Same seed → same catalogue (ids differ per token). */
  seed?: number | string;
  idEcommerce?: number;
  /** Digits only. */
  cnpj?: string;
  razaoSocial?: string;
  /** Extension "API para estoque em tempo real" (lista.atualizacoes.estoque). Default true. */
  realtimeStock?: boolean;
  /** Refuse a second order with the same (id_ecommerce, numero_pedido_ecommerce) with code 30. Default false. */
  detectDuplicateOrders?: boolean;
  /** How numbers are rendered: 'mixed' (default, deterministic per field/record), 'strings' or 'numbers'. */
  numberStyle?: NumberStyle;
  /** Integration stock rule: stock webhook `saldo` is disponível (D, default) or físico (F). */
  stockType?: 'D' | 'F';
  webhookUrls?: WebhookUrls;
  /** 'json' (default) or 'form' (`dados=<envelope JSON>`). */
  webhookEncoding?: 'json' | 'form';
  /** Only products mapped through the produto webhook get estoque/precos webhooks. Default false. */
  webhooksOnlyMapped?: boolean;
}

export interface Deposit {
  nome: string;
  desconsiderar: 'S' | 'N';
  saldo: number;
}

export interface Mapping {
  idMapeamento: number;
  skuMapeamento: string;
  urlProduto?: string;
}

export interface Product {
  id: number;
  codigo: string;
  nome: string;
  unidade: string;
  preco: number;
  precoPromocional: number;
  precoCusto: number;
  precoCustoMedio: number;
  gtin: string;
  /** A ativo, I inativo, E excluído (hidden from produtos.pesquisa unless asked for with situacao=E). */
  situacao: 'A' | 'I' | 'E';
  /** N normal, P parent, V variation. */
  tipoVariacao: 'N' | 'P' | 'V';
  /** S simples, K kit, V com variações. */
  classe: 'S' | 'K' | 'V';
  parentId: number;
  variationIds: number[];
  grade: Record<string, string> | null;
  kit: { id: number; quantidade: number }[] | null;
  categoria: string;
  marca: string;
  localizacao: string;
  ncm: string;
  peso: number;
  deposits: Deposit[];
  /** saldoReservado; null on some records, as Tiny sometimes sends. */
  reserved: number | null;
  createdAt: number;
  updatedAt: number;
  /** Tiny-side id of this product's mapping to the integration (sent in the produto webhook). */
  idMapeamento: number;
  mapping: Mapping | null;
}

export interface Seller {
  id: number;
  codigo: string;
  nome: string;
  email: string;
  cpf: string;
}

export interface PriceList {
  id: number;
  descricao: string;
  acrescimoDesconto: number;
}

export interface PriceException {
  id: number;
  idListaPreco: number;
  idProduto: number;
  preco: number;
  precoPromocional: number | null;
}

export interface Contact {
  id: number;
  codigo: string;
  nome: string;
  fantasia: string;
  tipoPessoa: 'F' | 'J' | 'E';
  cpfCnpj: string;
  ie: string;
  endereco: string;
  numero: string;
  complemento: string;
  bairro: string;
  cep: string;
  cidade: string;
  uf: string;
  email: string;
  fone: string;
  idListaPreco: number;
  idVendedor: number;
  situacao: 'A' | 'I' | 'E';
  tipos: string[];
  createdAt: number;
  updatedAt: number;
  source: 'seed' | 'api' | 'order' | 'control';
  /** The payload a write sent (contato.incluir/alterar or the order's cliente). */
  payload: unknown;
}

export interface OrderItem {
  idProduto: number;
  codigo: string;
  descricao: string;
  unidade: string;
  quantidade: number;
  valorUnitario: number;
  infoAdicional: string;
}

export interface Order {
  id: number;
  numero: number;
  numeroEcommerce: string;
  idEcommerce: number | null;
  nomeEcommerce: string;
  dataPedido: number;
  dataPrevista: number | null;
  dataFaturamento: number | null;
  dataEnvio: number | null;
  dataEntrega: number | null;
  situacao: string;
  idContato: number;
  /** cliente as sent (strings), used by pedido.obter. */
  cliente: Record<string, string>;
  enderecoEntrega: Record<string, string> | null;
  itens: OrderItem[];
  idListaPreco: number;
  formaPagamento: string;
  meioPagamento: string;
  parcelas: Record<string, string>[];
  marcadores: string[];
  nomeTransportador: string;
  fretePorConta: string;
  formaEnvio: string;
  formaFrete: string;
  valorFrete: number;
  valorDesconto: number;
  outrasDespesas: number;
  totalProdutos: number;
  totalPedido: number;
  numeroOrdemCompra: string;
  idVendedor: number;
  nomeVendedor: string;
  obs: string;
  obsInterna: string;
  codigoRastreamento: string;
  urlRastreamento: string;
  idNotaFiscal: number;
  deposito: string;
  createdAt: number;
  updatedAt: number;
  source: 'seed' | 'api' | 'control';
  /** The `pedido` object exactly as the client sent it. */
  payload: unknown;
  /** Status changes (code + when + who). */
  history: { situacao: string; at: number; by: 'api' | 'tiny' | 'seed' }[];
}

export interface Invoice {
  id: number;
  tipo: 'E' | 'S';
  serie: string;
  numero: string;
  orderId: number;
  numeroEcommerce: string;
  dataEmissao: number;
  nome: string;
  cpfCnpj: string;
  valor: number;
  valorProdutos: number;
  valorFrete: number;
  idVendedor: number;
  nomeVendedor: string;
  situacao: number;
  chaveAcesso: string;
  codigoRastreamento: string;
  urlRastreamento: string;
}
