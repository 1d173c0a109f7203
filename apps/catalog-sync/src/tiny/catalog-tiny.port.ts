/**
 * The Tiny calls catalog-sync needs, as a port: use cases depend on this, the adapter wraps @app/tiny's
 * TinyClient (whose typed results are structurally these). Field names are Tiny's, as in libs/tiny.
 */
export type CallPriority = 'order' | 'bulk';
export interface CallOptions {
  priority?: CallPriority;
}

export interface TinyProductSummaryLike {
  id: number;
  codigo: string;
  nome: string;
  preco: number;
  preco_promocional: number;
  tipoVariacao: string;
  situacao: string;
}

export interface TinyProductLike {
  id: number;
  codigo: string;
  nome: string;
  unidade: string;
  preco: number;
  preco_promocional: number;
  ncm: string;
  gtin: string;
  peso_liquido: number;
  peso_bruto: number;
  situacao: string;
  descricao_complementar: string;
  tipoVariacao: string;
  variacoes: { id: number; codigo: string; preco: number; grade: Record<string, string> }[];
  idProdutoPai: number | null;
  marca: string;
  alturaEmbalagem: number;
  larguraEmbalagem: number;
  comprimentoEmbalagem: number;
  diametroEmbalagem: number;
  categoria: string;
  anexos: string[];
  imagens_externas: string[];
  classe_produto: string;
  kit: { id_produto: number; quantidade: number }[];
}

export interface TinyDepositLike {
  nome: string;
  desconsiderar: string;
  saldo: number;
}

export interface TinyStockLike {
  id: number;
  codigo: string;
  saldo: number;
  saldoReservado: number;
  depositos: TinyDepositLike[];
}

export interface TinyStockUpdateLike extends TinyStockLike {
  tipo_variacao: string;
}

export interface CatalogTiny {
  searchProducts(
    params: { pesquisa: string; pagina?: number; idListaPreco?: number; situacao?: 'A' | 'I' | 'E' },
    options?: CallOptions,
  ): Promise<{ pagina: number; numero_paginas: number; produtos: TinyProductSummaryLike[] }>;
  getProduct(id: number, options?: CallOptions): Promise<TinyProductLike>;
  getProductStock(id: number, options?: CallOptions): Promise<TinyStockLike>;
  listStockUpdates(
    params: { dataAlteracao: string; pagina?: number },
    options?: CallOptions,
  ): Promise<{ pagina: number; numero_paginas: number; produtos: TinyStockUpdateLike[] }>;
  searchPriceLists(
    params: { pagina?: number },
    options?: CallOptions,
  ): Promise<{ pagina: number; numero_paginas: number; registros: { id: number; descricao: string; acrescimo_desconto: number }[] }>;
  getPriceListExceptions(
    params: { idListaPreco: number; idProduto?: number; pagina?: number },
    options?: CallOptions,
  ): Promise<{
    pagina: number;
    numero_paginas: number;
    registros: { id_produto: number; preco: number; preco_promocional?: number }[];
  }>;
}

/** Resolves the Tiny client of one integration (token decrypted from the local replica). */
export abstract class CatalogTinyProvider {
  abstract forIntegration(integrationId: string): Promise<CatalogTiny>;
}
