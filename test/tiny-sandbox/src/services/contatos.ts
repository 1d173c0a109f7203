import type { Account } from '../accounts/account';
import type { Contact } from '../accounts/model';
import { findCity } from '../data/cities';
import { formatDateTime, parseTinyDate } from '../quirks/dates';
import { fail, MESSAGES, ok, recordError, type JsonObject, type TinyBody } from '../quirks/envelope';
import { field, intParam, isObject, jsonParam, MalformedJson, str, unwrapList } from '../quirks/params';
import { batchAnswer } from './produtos';
import { digits, fold, paginate, type ServiceContext, type ServiceDef } from './types';

const SITUACAO_TEXT: Record<Contact['situacao'], string> = { A: 'Ativo', I: 'Inativo', E: 'Excluido' };

function contactSummary(acc: Account, c: Contact): JsonObject {
  const L = acc.loose;
  const seller = c.idVendedor ? acc.sellerById(c.idVendedor) : undefined;
  return {
    contato: {
      id: L.int(c.id, 'id', c.id),
      codigo: c.codigo,
      nome: c.nome,
      fantasia: c.fantasia,
      tipo_pessoa: c.tipoPessoa,
      cpf_cnpj: c.cpfCnpj,
      endereco: c.endereco,
      numero: c.numero,
      complemento: c.complemento,
      bairro: c.bairro,
      cep: c.cep,
      cidade: c.cidade,
      uf: c.uf,
      email: c.email,
      fone: c.fone,
      id_lista_preco: L.int(c.idListaPreco, 'id_lista_preco', c.id),
      id_vendedor: L.int(c.idVendedor, 'id_vendedor', c.id),
      nome_vendedor: seller?.nome ?? '',
      situacao: SITUACAO_TEXT[c.situacao],
      data_criacao: formatDateTime(c.createdAt),
    },
  };
}

function contactDetail(acc: Account, c: Contact): JsonObject {
  const s = contactSummary(acc, c).contato as JsonObject;
  return {
    ...s,
    ie: c.ie,
    rg: '',
    im: '',
    pais: 'Brasil',
    endereco_cobranca: '',
    numero_cobranca: '',
    complemento_cobranca: '',
    bairro_cobranca: '',
    cep_cobranca: '',
    cidade_cobranca: '',
    uf_cobranca: '',
    contatos: '',
    fax: '',
    celular: '',
    email_nfe: c.email,
    site: '',
    crt: '0',
    estadoCivil: '',
    profissao: '',
    sexo: '',
    data_nascimento: '',
    naturalidade: '',
    nome_pai: '',
    cpf_pai: '',
    nome_mae: '',
    cpf_mae: '',
    limite_credito: acc.loose.dec(0, 'limite_credito', c.id),
    situacao: c.situacao,
    obs: '',
    data_atualizacao: formatDateTime(c.updatedAt),
    tipos_contato: c.tipos.map((tipo) => ({ tipo })),
  };
}

function search(ctx: ServiceContext): TinyBody {
  const { account: acc, params } = ctx;
  const q = fold(str(params, 'pesquisa'));
  const doc = digits(str(params, 'cpf_cnpj'));
  const idVendedor = intParam(params, 'idVendedor');
  const nomeVendedor = fold(str(params, 'nomeVendedor'));
  const situacao = fold(str(params, 'situacao'));
  const criacao = str(params, 'dataCriacao');
  const atualizacao = str(params, 'dataMinimaAtualizacao');
  const from = criacao ? parseTinyDate(criacao) : null;
  const updated = atualizacao ? parseTinyDate(atualizacao) : null;
  if ((criacao && from === null) || (atualizacao && updated === null)) return fail(31, 'Data inválida');
  const wanted = situacao === 'excluido' ? 'E' : situacao === 'ativo' ? 'A' : situacao === 'inativo' ? 'I' : '';
  const hits = acc.contacts.filter((c) => {
    if (q && !fold(`${c.codigo} ${c.nome} ${c.fantasia}`).includes(q)) return false;
    if (doc && digits(c.cpfCnpj) !== doc) return false;
    if (idVendedor !== null && c.idVendedor !== idVendedor) return false;
    if (nomeVendedor && !fold(acc.sellerById(c.idVendedor)?.nome ?? '').includes(nomeVendedor)) return false;
    if (wanted ? c.situacao !== wanted : c.situacao === 'E') return false;
    if (from !== null && c.createdAt < from) return false;
    if (updated !== null && c.updatedAt < updated) return false;
    return true;
  });
  const page = paginate(hits, ctx);
  if ('error' in page) return page.error;
  return ok({ ...page.fields, contatos: page.slice.map((c) => contactSummary(acc, c)) });
}

/** Validation messages for a contact payload (Tiny texts). `full` = a creation (required fields). */
export function validateContact(r: unknown, full: boolean): string[] {
  const errors: string[] = [];
  if (full && !field(r, 'nome')) errors.push('O nome do contato deve ser informado');
  if (full && !field(r, 'situacao')) errors.push('A situação do contato deve ser informada');
  const tipo = field(r, 'tipo_pessoa').toUpperCase();
  if (tipo && !['F', 'J', 'E'].includes(tipo)) errors.push('Tipo de pessoa inválido');
  const cidade = field(r, 'cidade');
  if (cidade && !findCity(cidade, field(r, 'uf') || undefined)) errors.push('Cidade não encontrada');
  return errors;
}

/** Applies the fields present in a payload to a contact. */
export function applyContact(c: Contact, r: unknown, now: number): void {
  const set = (key: keyof Contact, name: string): void => {
    const v = field(r, name);
    if (v !== '') (c as unknown as Record<string, unknown>)[key] = v;
  };
  set('codigo', 'codigo');
  set('nome', 'nome');
  set('fantasia', 'fantasia');
  set('fantasia', 'nome_fantasia');
  set('cpfCnpj', 'cpf_cnpj');
  set('ie', 'ie');
  set('endereco', 'endereco');
  set('numero', 'numero');
  set('complemento', 'complemento');
  set('bairro', 'bairro');
  set('cep', 'cep');
  set('cidade', 'cidade');
  set('uf', 'uf');
  set('email', 'email');
  set('fone', 'fone');
  const tipo = field(r, 'tipo_pessoa').toUpperCase();
  if (tipo === 'F' || tipo === 'J' || tipo === 'E') c.tipoPessoa = tipo;
  const situacao = field(r, 'situacao').toUpperCase();
  if (situacao === 'A' || situacao === 'I' || situacao === 'E') c.situacao = situacao;
  const idVendedor = Number(field(r, 'id_vendedor'));
  if (Number.isInteger(idVendedor) && idVendedor > 0) c.idVendedor = idVendedor;
  const idLista = Number(field(r, 'id_lista_preco'));
  if (Number.isInteger(idLista) && idLista > 0) c.idListaPreco = idLista;
  if (isObject(r) && Array.isArray(r.tipos_contato)) {
    const tipos = unwrapList(r.tipos_contato, 'tipo_contato').map((t) => (typeof t === 'string' ? t : field(t, 'tipo')));
    if (tipos.length > 0) c.tipos = tipos.filter((t) => t !== '');
  }
  c.updatedAt = now;
  c.payload = r;
}

export function blankContact(acc: Account, now: number, source: Contact['source']): Contact {
  return {
    id: acc.nextContactId(),
    codigo: '',
    nome: '',
    fantasia: '',
    tipoPessoa: 'F',
    cpfCnpj: '',
    ie: '',
    endereco: '',
    numero: '',
    complemento: '',
    bairro: '',
    cep: '',
    cidade: '',
    uf: '',
    email: '',
    fone: '',
    idListaPreco: 0,
    idVendedor: 0,
    situacao: 'A',
    tipos: ['Cliente'],
    createdAt: now,
    updatedAt: now,
    source,
    payload: null,
  };
}

/** contato.incluir / contato.alterar: `contato={"contatos":[{"contato":{sequencia,…}}]}`, ≤ 20, always batch. */
function contactBatch(mode: 'incluir' | 'alterar') {
  return ({ account: acc, params, now }: ServiceContext): TinyBody => {
    let root: unknown;
    try {
      root = jsonParam(params, 'contato');
    } catch (e) {
      if (e instanceof MalformedJson) return fail(3);
      throw e;
    }
    if (root === undefined) return fail(10, `${MESSAGES[10]}: contato`);
    if (!isObject(root) || root.contatos === undefined) return fail(3);
    const list = unwrapList(root.contatos, 'contato');
    if (list.length > 20) return fail(22);
    if (list.length === 0) return fail(3);
    const seqs = list.map((r) => field(r, 'sequencia')).filter((s) => s !== '');
    if (new Set(seqs).size !== seqs.length) return fail(9);
    const registros: JsonObject[] = [];
    let okCount = 0;
    for (const r of list) {
      const seq = field(r, 'sequencia');
      const errors = seq ? [] : ['O número de sequência deve ser informado'];
      errors.push(...validateContact(r, mode === 'incluir'));
      if (errors.length > 0) {
        registros.push(recordError(seq, 31, errors));
        continue;
      }
      const codigo = field(r, 'codigo');
      let c: Contact | undefined;
      if (mode === 'incluir') {
        if (codigo && acc.contacts.some((x) => x.codigo === codigo && x.situacao !== 'E')) {
          registros.push(recordError(seq, 30, ['Registro em duplicidade']));
          continue;
        }
        c = blankContact(acc, now, 'api');
        applyContact(c, r, now);
        acc.addContact(c);
      } else {
        const id = field(r, 'id');
        c = /^\d+$/.test(id) ? acc.contactById.get(Number(id)) : undefined;
        if (!c && !id && codigo) c = acc.contacts.find((x) => x.codigo === codigo);
        if (!c) {
          registros.push(recordError(seq, 32, ['Registro não localizado']));
          continue;
        }
        applyContact(c, r, now);
      }
      okCount++;
      registros.push({ registro: { sequencia: seq, status: 'OK', id: String(c.id) } });
    }
    return batchAnswer(registros, okCount);
  };
}

export const contatoServices: ServiceDef[] = [
  { name: 'contatos.pesquisa', handler: search },
  {
    name: 'contato.obter',
    handler: ({ account: acc, params }) => {
      const id = str(params, 'id');
      if (!id) return fail(10, `${MESSAGES[10]}: id`);
      const c = /^\d+$/.test(id) ? acc.contactById.get(Number(id)) : undefined;
      if (!c) return fail(32, 'Contato não localizado');
      return ok({ contato: contactDetail(acc, c) });
    },
  },
  { name: 'contato.incluir', batch: true, handler: contactBatch('incluir') },
  { name: 'contato.alterar', batch: true, handler: contactBatch('alterar') },
];

