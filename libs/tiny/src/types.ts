/**
 * Typed requests and results of the Tiny API v2 services we use. Field names are Tiny's own
 * (snake_case or camelCase exactly as Tiny spells them); numbers are numbers, lists are arrays,
 * reference ids that Tiny sends as 0/"0" for "none" are `null`. Dates stay `dd/mm/yyyy[ hh:mm:ss]`
 * strings (see `parseTinyDate`).
 */
export type TinyPriority = 'order' | 'bulk';

export interface TinyCallOptions {
  /** 'order' calls jump ahead of 'bulk' (catalogue) work in the shared budget. Default 'bulk'. */
  priority?: TinyPriority;
  /** Cancels the budget wait and the HTTP call. */
  signal?: AbortSignal;
  /** Overrides the client's HTTP timeout for this call. */
  timeoutMs?: number;
  /** Called with the time (ms) this call waited for the shared budget (for benchmarks and tracing). */
  onBudgetWait?: (ms: number) => void;
}

export interface TinyPage {
  pagina: number;
  /** 0 when the search returned nothing (code 20) or the page is past the end (code 23). */
  numero_paginas: number;
}

export interface TinyAccountInfo {
  razao_social: string; cnpj_cpf: string; fantasia: string; endereco: string; numero: string; bairro: string;
  complemento: string; cidade: string; estado: string; cep: string; fone: string; email: string;
  inscricao_estadual: string; regime_tributario: string;
}

// ---- products ----
export interface SearchProductsParams {
  pesquisa: string; idTag?: number; idListaPreco?: number; gtin?: string; situacao?: 'A' | 'I' | 'E';
  dataCriacao?: string; pagina?: number;
}
export interface TinyProductSummary {
  id: number; codigo: string; nome: string; preco: number; preco_promocional: number; preco_custo: number;
  preco_custo_medio: number; unidade: string; gtin: string; tipoVariacao: string; localizacao: string;
  situacao: string; data_criacao: string;
}
export interface SearchProductsResult extends TinyPage { produtos: TinyProductSummary[] }

export interface TinyMapping {
  idEcommerce: number | null; skuMapeamento: string; idMapeamento: string; preco?: number; preco_promocional?: number;
  skuMapeamentoPai?: string; idMapeamentoPai?: string;
}
export interface TinyVariation {
  id: number; codigo: string; preco: number; grade: Record<string, string>; mapeamentos: TinyMapping[];
}
export interface TinyKitItem { id_produto: number; quantidade: number }
export interface TinyProduct {
  id: number; data_criacao: string; nome: string; codigo: string; unidade: string; preco: number; preco_promocional: number;
  ncm: string; origem: string; gtin: string; gtin_embalagem: string; localizacao: string; peso_liquido: number; peso_bruto: number;
  estoque_minimo: number; estoque_maximo: number; id_fornecedor: number | null; codigo_fornecedor: string;
  codigo_pelo_fornecedor: string; unidade_por_caixa: string; preco_custo: number; preco_custo_medio: number; situacao: string;
  tipo: string; classe_ipi: string; valor_ipi_fixo: string; cod_lista_servicos: string; descricao_complementar: string;
  obs: string; garantia: string; cest: string; tipoVariacao: string; variacoes: TinyVariation[]; idProdutoPai: number | null;
  sob_encomenda: string; dias_preparacao: number; marca: string; tipoEmbalagem: string; alturaEmbalagem: number;
  larguraEmbalagem: number; comprimentoEmbalagem: number; diametroEmbalagem: number; categoria: string;
  /** `anexos[].anexo` urls. */
  anexos: string[];
  /** `imagens_externas[].imagem_externa.url`. */
  imagens_externas: string[];
  classe_produto: string; kit: TinyKitItem[]; seo_title: string; seo_keywords: string; seo_description: string;
  link_video: string; slug: string; mapeamentos: TinyMapping[];
}

export interface TinyDeposit { nome: string; desconsiderar: string; saldo: number; empresa: string }
export interface TinyProductStock {
  id: number; codigo: string; nome: string; unidade: string; saldo: number;
  /** Tiny may send null: normalised to 0. */
  saldoReservado: number; depositos: TinyDeposit[];
}

export interface ListStockUpdatesParams { dataAlteracao: string; pagina?: number }
export interface TinyStockUpdate {
  id: number; nome: string; codigo: string; unidade: string; tipo_variacao: string; localizacao: string;
  data_alteracao: string; saldo: number; saldoReservado: number; depositos: TinyDeposit[];
}
export interface ListStockUpdatesResult extends TinyPage { produtos: TinyStockUpdate[] }

// ---- price lists ----
export interface TinyPriceList { id: number; descricao: string; acrescimo_desconto: number }
export interface SearchPriceListsResult extends TinyPage { registros: TinyPriceList[] }
export interface GetPriceListExceptionsParams { idListaPreco: number; idProduto?: number; pagina?: number }
export interface TinyPriceListException {
  id: number; id_lista_preco: number; id_produto: number; preco: number; preco_promocional?: number;
}
export interface GetPriceListExceptionsResult extends TinyPage { registros: TinyPriceListException[] }

// ---- contacts ----
export interface SearchContactsParams {
  pesquisa: string; cpf_cnpj?: string; idVendedor?: number; nomeVendedor?: string; situacao?: 'Ativo' | 'Excluido';
  dataCriacao?: string; dataMinimaAtualizacao?: string; pagina?: number;
}
export interface TinyContactSummary {
  id: number; codigo: string; nome: string; fantasia: string; tipo_pessoa: string; cpf_cnpj: string; endereco: string;
  numero: string; complemento: string; bairro: string; cep: string; cidade: string; uf: string; email: string; fone: string;
  id_lista_preco: number | null; id_vendedor: number | null; nome_vendedor: string; situacao: string; data_criacao: string;
}
export interface SearchContactsResult extends TinyPage { contatos: TinyContactSummary[] }
export interface TinyContact extends TinyContactSummary {
  ie: string; rg: string; im: string; pais: string; endereco_cobranca: string; numero_cobranca: string;
  complemento_cobranca: string; bairro_cobranca: string; cep_cobranca: string; cidade_cobranca: string; uf_cobranca: string;
  contatos: string; fax: string; celular: string; email_nfe: string; site: string; crt: string; data_nascimento: string;
  limite_credito: number; obs: string; data_atualizacao: string; tipos_contato: string[];
}
/** Contact sent to contato.incluir / contato.alterar (sanitised and truncated by the client). */
export interface TinyContactInput {
  /** Required for updateContact. */
  id?: number;
  codigo?: string; nome: string; fantasia?: string; tipo_pessoa?: 'F' | 'J' | 'E'; cpf_cnpj?: string; ie?: string; rg?: string;
  endereco?: string; numero?: string; complemento?: string; bairro?: string; cep?: string; cidade?: string; uf?: string;
  pais?: string; fone?: string; celular?: string; email?: string; email_nfe?: string; situacao?: 'A' | 'I';
  contribuinte?: string; obs?: string; id_vendedor?: number; id_lista_preco?: number; tipos_contato?: { tipo: string }[];
}
export interface TinyRecordResult { sequencia: string; id: number }

// ---- sellers ----
export interface SearchSellersParams { pesquisa: string; pagina?: number }
export interface TinySeller {
  id: number; codigo: string; nome: string; fantasia: string; tipo_pessoa: string; cpf_cnpj: string; email: string;
  endereco: string; numero: string; complemento: string; bairro: string; cep: string; cidade: string; uf: string; situacao: string;
}
export interface SearchSellersResult extends TinyPage { vendedores: TinySeller[] }

// ---- orders ----
export interface SearchOrdersParams {
  numero?: string; cliente?: string; cpf_cnpj?: string; dataInicial?: string; dataFinal?: string; dataAtualizacao?: string;
  situacao?: string; numeroEcommerce?: string; idVendedor?: number; nomeVendedor?: string; marcador?: string;
  dataInicialOcorrencia?: string; dataFinalOcorrencia?: string; situacaoOcorrencia?: string; pagina?: number;
  sort?: 'ASC' | 'DESC';
}
export interface TinyOrderSummary {
  id: number; numero: string; numero_ecommerce: string; data_pedido: string; data_prevista: string; nome: string;
  valor: number; id_vendedor: number | null; nome_vendedor: string; situacao: string; codigo_rastreamento: string;
}
export interface SearchOrdersResult extends TinyPage { pedidos: TinyOrderSummary[] }

export interface TinyOrderClient {
  codigo: string; nome: string; nome_fantasia: string; tipo_pessoa: string; cpf_cnpj: string; ie: string; rg: string;
  endereco: string; numero: string; complemento: string; bairro: string; cep: string; cidade: string; uf: string;
  pais: string; fone: string; email: string;
}
export interface TinyDeliveryAddress {
  tipo_pessoa: string; cpf_cnpj: string; endereco: string; numero: string; complemento: string; bairro: string; cep: string;
  cidade: string; uf: string; fone: string; nome_destinatario: string; ie: string;
}
export interface TinyOrderItem {
  id_produto: number | null; codigo: string; descricao: string; unidade: string; quantidade: number; valor_unitario: number;
  info_adicional: string;
}
export interface TinyInstallment {
  dias: number; data: string; valor: number; obs: string; forma_pagamento: string; meio_pagamento: string;
}
export interface TinyMarker { id: number | null; descricao: string; cor: string }
export interface TinyOrderEcommerce {
  id: number | null; numeroPedidoEcommerce: string; numeroPedidoCanalVenda: string; nomeEcommerce: string; canalVenda: string;
}
export interface TinyOrder {
  id: number; numero: string; numero_ecommerce: string; data_pedido: string; data_prevista: string; data_faturamento: string;
  data_envio: string; data_entrega: string; id_lista_preco: number | null; descricao_lista_preco: string;
  cliente: TinyOrderClient; endereco_entrega: TinyDeliveryAddress | null; itens: TinyOrderItem[]; condicao_pagamento: string;
  forma_pagamento: string; meio_pagamento: string; parcelas: TinyInstallment[]; marcadores: TinyMarker[];
  nome_transportador: string; frete_por_conta: string; forma_frete: string; valor_frete: number; valor_desconto: number;
  outras_despesas: number; total_produtos: number; total_pedido: number;
  /** Description ("Aprovado", "Em aberto", …), not the code. */
  situacao: string;
  numero_ordem_compra: string; id_vendedor: number | null; nome_vendedor: string; obs: string; obs_interna: string;
  codigo_rastreamento: string; url_rastreamento: string; id_nota_fiscal: number | null; deposito: string; forma_envio: string;
  ecommerce: TinyOrderEcommerce | null; id_natureza_operacao: number | null;
}

type Decimal = number | string;
/** Order sent to pedido.incluir (sanitised and truncated by the client). */
export interface TinyOrderInput {
  data_pedido?: string; data_prevista?: string; id_lista_preco?: number;
  cliente: {
    codigo?: string; nome: string; nome_fantasia?: string; tipo_pessoa?: 'F' | 'J' | 'E'; cpf_cnpj?: string; ie?: string;
    rg?: string; endereco?: string; numero?: string; complemento?: string; bairro?: string; cep?: string; cidade?: string;
    uf?: string; pais?: string; fone?: string; email?: string; atualizar_cliente?: 'S' | 'N'; cpfConsumidorFinal?: string;
  };
  endereco_entrega?: {
    tipo_pessoa?: 'F' | 'J' | 'E'; cpf_cnpj?: string; endereco?: string; numero?: string; complemento?: string; bairro?: string;
    cep?: string; cidade?: string; uf?: string; fone?: string; nome_destinatario?: string; ie?: string;
  };
  itens: { item: { codigo?: string; descricao: string; unidade?: string; quantidade: Decimal; valor_unitario: Decimal;
    id_produto?: number; aliquota_comissao?: Decimal; informacao_adicional?: string } }[];
  marcadores?: { marcador: { id?: number; descricao?: string } }[];
  forma_pagamento?: string; meio_pagamento?: string;
  parcelas?: { parcela: { dias?: number | string; data?: string; valor: Decimal; obs?: string; destino?: string;
    forma_pagamento?: string; meio_pagamento?: string } }[];
  nome_transportador?: string; frete_por_conta?: string; forma_envio?: string; forma_frete?: string;
  valor_frete?: Decimal; valor_desconto?: Decimal; outras_despesas?: Decimal; numero_ordem_compra?: string;
  numero_pedido_ecommerce?: string; id_ecommerce?: number; ecommerce?: string; situacao?: string; obs?: string;
  obs_internas?: string; id_vendedor?: number; nome_vendedor?: string; id_natureza_operacao?: number; deposito?: string;
  intermediador?: { nome?: string; cnpj?: string; cnpjPagamento?: string };
  pagamentos_integrados?: { pagamento_integrado: { tipo_pagamento?: string; valor?: Decimal; cnpj_intermediador?: string;
    codigo_autorizacao?: string; codigo_bandeira?: string } }[];
}
export interface CreateOrderResult { sequencia: string; id: number; numero: string }

/** Codes accepted by pedido.alterar.situacao. */
export type TinyOrderStatusCode =
  | 'aberto' | 'aprovado' | 'preparando_envio' | 'faturado' | 'pronto_envio' | 'enviado' | 'entregue'
  | 'nao_entregue' | 'cancelado';

// ---- invoices ----
export interface SearchInvoicesParams {
  tipoNota?: 'E' | 'S'; numero?: string; cliente?: string; cpf_cnpj?: string; dataInicial?: string; dataFinal?: string;
  situacao?: number | string; numeroEcommerce?: string; idVendedor?: number; idFormaEnvio?: number; nomeVendedor?: string;
  pagina?: number;
}
export interface TinyInvoiceSummary {
  id: number; tipo: string; serie: string; numero: string; numero_ecommerce: string; data_emissao: string; nome: string;
  cliente: { nome: string; cpf_cnpj: string } & Record<string, string>; valor: number; valor_produtos: number; valor_frete: number;
  id_vendedor: number | null; nome_vendedor: string; situacao: number; descricao_situacao: string; chave_acesso: string;
  id_forma_frete: number | null; id_forma_envio: number | null; codigo_rastreamento: string; url_rastreamento: string;
}
export interface SearchInvoicesResult extends TinyPage { notas_fiscais: TinyInvoiceSummary[] }
