/** The webhook examples of tiny-api.md §5.2, as Tiny posts them (the produto one follows the field list of (c)). */
export const EXAMPLES = {
  estoque: {
    versao: '1.0.0', cnpj: '48404755000188', idEcommerce: 54321, tipo: 'estoque',
    dados: { tipoEstoque: 'D', saldo: '37.00', idProduto: 700100200, sku: 'CAM-AZ-P', skuMapeamento: 'UPL-SKU-9981', skuMapeamentoPai: 'UPL-SKU-9980' },
  },
  precos: {
    versao: '1.0.0', cnpj: '48404755000188', idEcommerce: 54321, tipo: 'precos',
    dados: { idMapeamento: '123456', skuMapeamento: 'UPL-SKU-9981', skuMapeamentoPai: 'UPL-SKU-9980', nome: 'Camiseta Azul P', codigo: 'CAM-AZ-P', preco: '59.90', precoPromocional: '49.90' },
  },
  produto: {
    versao: '1.0.0', cnpj: '48404755000188', idEcommerce: 54321, tipo: 'produto',
    dados: {
      id: '700100100', idMapeamento: '123455', skuMapeamento: '', nome: 'Camiseta Azul', codigo: 'CAM-AZ', unidade: 'UN',
      preco: '59.90', precoPromocional: '49.90', ncm: '6109.10.00', origem: '0', gtin: '7891234567895', gtinEmbalagem: '',
      localizacao: 'A1', pesoLiquido: '0.20', pesoBruto: '0.25', estoqueMinimo: '0', estoqueMaximo: '0', idFornecedor: 0,
      codigoFornecedor: '', codigoPeloFornecedor: '', unidadePorCaixa: '1', estoqueAtual: 52, precoCusto: '20.00',
      precoCustoMedio: '21.50', situacao: 'A', descricaoComplementar: '<p>Camiseta de algodão</p>', obs: '', garantia: '',
      cest: '', sobEncomenda: 'N', marca: 'Uplaces', tipoEmbalagem: '2', alturaEmbalagem: '2', larguraEmbalagem: '20',
      comprimentoEmbalagem: '30', diametroEmbalagem: '0', classeProduto: 'V', idCategoria: '55', descricaoCategoria: 'Camisetas',
      descricaoArvoreCategoria: 'Roupas >> Camisetas',
      arvoreCategoria: [
        { id: '50', idPai: '0', descricao: 'Roupas', descricaoCompleta: 'Roupas' },
        { id: '55', idPai: '50', descricao: 'Camisetas', descricaoCompleta: 'Roupas >> Camisetas' },
      ],
      variacoes: [
        { id: '700100200', idMapeamento: '123456', skuMapeamento: '', codigo: 'CAM-AZ-P', gtin: '', preco: '59.90', precoPromocional: '49.90', estoqueAtual: 37,
          grade: [{ chave: 'Tamanho', valor: 'P' }, { chave: 'Cor', valor: 'Azul' }], anexos: [{ url: 'https://img.exemplo/cam-az-p.jpg', nome: 'cam-az-p.jpg', tipo: 'image/jpeg' }] },
        { id: '700100201', idMapeamento: '123457', skuMapeamento: '', codigo: 'CAM-AZ-M', gtin: '', preco: '59.90', precoPromocional: '49.90', estoqueAtual: 15,
          grade: [{ chave: 'Tamanho', valor: 'M' }, { chave: 'Cor', valor: 'Azul' }], anexos: [] },
      ],
      anexos: [{ url: 'https://img.exemplo/cam-az.jpg', nome: 'cam-az.jpg', tipo: 'image/jpeg' }],
      seo: { title: 'Camiseta Azul', description: 'Camiseta azul de algodão', keywords: 'camiseta,azul', linkVideo: '', slug: 'camiseta-azul' },
      kit: [],
      diasPreparacao: '2',
    },
  },
  situacao_pedido: {
    versao: '1.0.0', cnpj: '48404755000188', idEcommerce: 54321, tipo: 'situacao_pedido',
    dados: { idPedidoEcommerce: 'UPL-000123', idVendaTiny: 900000111, situacao: 'faturado', descricaoSituacao: 'Faturado (atendido)' },
  },
  rastreio: {
    versao: '1.0.1', cnpj: '48404755000188', idEcommerce: 54321, tipo: 'rastreio',
    dados: { idEntregaEcommerce: 0, idVendaTiny: 900000111, idNotaFiscalTiny: 910000222, idPedidoEcommerce: 'UPL-000123', codigoRastreio: 'AA123456789BR',
      urlRastreio: 'https://rastreio.exemplo/AA123456789BR', transportadora: 'Correios', formaEnvio: 'Correios', formaFrete: 'SEDEX' },
  },
  nota_fiscal: {
    versao: '1.0.0', cnpj: '48404755000188', idEcommerce: 54321, tipo: 'nota_fiscal',
    dados: { idNotaFiscalTiny: 910000222, idPedidoEcommerce: 'UPL-000123', numero: '000148', serie: '1', chaveAcesso: '35260312345678000190550010000001481000001480',
      urlDanfe: 'https://erp.tiny.com.br/doc.view?id=...', dataEmissao: '15/03/2026', valorNota: 499.0 },
  },
} as const;

export type ExampleKind = keyof typeof EXAMPLES;
export const KINDS = Object.keys(EXAMPLES) as ExampleKind[];

/** The form-encoded variant: envelope fields as form fields, `dados` as JSON text. */
export function asForm(example: { versao: string; cnpj: string; idEcommerce: number; tipo: string; dados: unknown }): URLSearchParams {
  return new URLSearchParams({
    versao: example.versao,
    cnpj: example.cnpj,
    idEcommerce: String(example.idEcommerce),
    tipo: example.tipo,
    dados: JSON.stringify(example.dados),
  });
}

/** A copy of an example with different dados fields (so it is not a resend). */
export function variant<K extends ExampleKind>(kind: K, patch: Record<string, unknown>): unknown {
  const e = EXAMPLES[kind];
  return { ...e, dados: { ...e.dados, ...patch } };
}
