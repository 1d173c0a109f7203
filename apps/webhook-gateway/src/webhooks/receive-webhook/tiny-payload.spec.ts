import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import {
  TinyEstoqueDados,
  TinyNotaFiscalDados,
  TinyPrecosDados,
  TinyProdutoDados,
  TinyRastreioDados,
  TinySituacaoPedidoDados,
  TINY_WEBHOOK_KINDS,
} from '@app/contracts';
import { EXAMPLES } from '../../../../../test/e2e/gateway/examples';
import { DADOS_SPECS, normaliseDados, parseEnvelope } from './tiny-payload';

const CONTRACT = {
  estoque: TinyEstoqueDados,
  precos: TinyPrecosDados,
  produto: TinyProdutoDados,
  situacao_pedido: TinySituacaoPedidoDados,
  nota_fiscal: TinyNotaFiscalDados,
  rastreio: TinyRastreioDados,
} as const;

function contractFields(cls: new () => object): string[] {
  return [...new Set(getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false).map((m) => m.propertyName))].sort();
}

describe('Tiny payload checks', () => {
  it.each(TINY_WEBHOOK_KINDS)('knows exactly the fields of the %s contract class', (kind) => {
    expect(Object.keys(DADOS_SPECS[kind]).sort()).toEqual(contractFields(CONTRACT[kind]));
  });

  it.each(TINY_WEBHOOK_KINDS)('normalises the §5.2 %s example into something its contract class accepts', (kind) => {
    const { dados, problems } = normaliseDados(kind, EXAMPLES[kind].dados);
    expect(problems).toEqual([]);
    const cls: new () => object = CONTRACT[kind];
    const errors = validateSync(plainToInstance(cls, dados), { whitelist: true, forbidNonWhitelisted: true });
    expect(errors).toEqual([]);
  });

  it('turns numbers into strings, single objects into lists, and drops unknown fields', () => {
    const { dados } = normaliseDados('produto', {
      id: 1,
      idMapeamento: 2,
      nome: 'X',
      extra: 'dropped',
      variacoes: { variacao: { id: 3, idMapeamento: 4, codigo: 'V', grade: { Cor: 'Azul' } } },
    });
    expect(dados).toEqual({
      id: '1',
      idMapeamento: '2',
      nome: 'X',
      arvoreCategoria: [],
      variacoes: [{ id: '3', idMapeamento: '4', codigo: 'V', grade: [{ chave: 'Cor', valor: 'Azul' }], anexos: [] }],
      anexos: [],
      kit: [],
    });
  });

  it('names every bad field', () => {
    const { dados, problems } = normaliseDados('estoque', { saldo: '1,5', tipoEstoque: 'Q', sku: {} });
    expect(dados).toBeUndefined();
    expect(problems.map((p) => p.field).sort()).toEqual(['dados.idProduto', 'dados.saldo', 'dados.sku', 'dados.tipoEstoque']);
  });

  it('reads the envelope, with dados as JSON text (form variant) and the cnpj as digits', () => {
    const { envelope } = parseEnvelope({ versao: '1.0.0', cnpj: '48.404.755/0001-88', idEcommerce: 54321, tipo: 'estoque', dados: '{"saldo":"1"}' });
    expect(envelope).toEqual({ versao: '1.0.0', cnpj: '48404755000188', idEcommerce: '54321', tipo: 'estoque', dados: { saldo: '1' } });
    expect(parseEnvelope({ tipo: 'estoque', dados: '{' }).problems.map((p) => p.field).sort()).toEqual(['cnpj', 'dados', 'idEcommerce']);
  });
});
