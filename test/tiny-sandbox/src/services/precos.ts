import { fail, MESSAGES, ok, recordError, type JsonObject } from '../quirks/envelope';
import { decimal, field, intParam, isObject, jsonParam, MalformedJson, unwrapList } from '../quirks/params';
import { batchAnswer } from './produtos';
import { paginate, type ServiceDef } from './types';

export const precoServices: ServiceDef[] = [
  {
    name: 'listas.precos.pesquisa',
    handler: (ctx) => {
      const acc = ctx.account;
      const page = paginate(acc.priceLists, ctx);
      if ('error' in page) return page.error;
      const L = acc.loose;
      return ok({
        ...page.fields,
        registros: page.slice.map((l) => ({
          registro: {
            id: L.int(l.id, 'id', l.id),
            descricao: l.descricao,
            acrescimo_desconto: L.dec(l.acrescimoDesconto, 'acrescimo_desconto', l.id),
          },
        })),
      });
    },
  },
  {
    name: 'listas.precos.excecoes',
    handler: (ctx) => {
      const { account: acc, params } = ctx;
      const idLista = intParam(params, 'idListaPreco');
      if (idLista === null) return fail(10, `${MESSAGES[10]}: idListaPreco`);
      if (!acc.priceLists.some((l) => l.id === idLista)) return fail(32, 'Lista de preço não localizada');
      const idProduto = intParam(params, 'idProduto');
      const hits = acc.exceptions.filter(
        (e) => e.idListaPreco === idLista && (idProduto === null || e.idProduto === idProduto),
      );
      const page = paginate(hits, ctx);
      if ('error' in page) return page.error;
      const L = acc.loose;
      return ok({
        ...page.fields,
        registros: page.slice.map((e) => {
          const r: JsonObject = {
            id: L.int(e.id, 'id', e.id),
            id_lista_preco: L.int(e.idListaPreco, 'id_lista_preco', e.id),
            id_produto: L.int(e.idProduto, 'id_produto', e.id),
            preco: L.dec(e.preco, 'preco', e.id),
          };
          if (e.precoPromocional !== null) r.preco_promocional = L.dec(e.precoPromocional, 'preco_promocional', e.id);
          return { registro: r };
        }),
      });
    },
  },
  {
    // JSON body {"precos":[{id, preco, preco_promocional}]} with the token in the query; also a form field `precos`.
    name: 'produto.atualizar.precos',
    handler: ({ account: acc, params, now }) => {
      let raw: unknown;
      try {
        raw = jsonParam(params, 'precos');
      } catch (e) {
        if (e instanceof MalformedJson) return fail(3);
        throw e;
      }
      if (raw === undefined) return fail(10, `${MESSAGES[10]}: precos`);
      const listRaw = isObject(raw) && raw.precos !== undefined ? raw.precos : raw;
      if (!Array.isArray(listRaw)) return fail(3);
      const list = unwrapList(listRaw, 'preco');
      if (list.length > 20) return fail(22);
      if (list.length === 0) return fail(3);
      const registros: JsonObject[] = [];
      let okCount = 0;
      list.forEach((r, i) => {
        const seq = String(i + 1);
        const id = field(r, 'id');
        const p = /^\d+$/.test(id) ? acc.productById.get(Number(id)) : undefined;
        if (!id) return registros.push(recordError(seq, 31, ['O id do produto deve ser informado']));
        if (!p) return registros.push(recordError(seq, 32, ['Produto não encontrado']));
        const preco = decimal(r, 'preco');
        const promo = decimal(r, 'preco_promocional');
        if (preco === null || preco < 0) return registros.push(recordError(seq, 31, ['Preço inválido']));
        acc.setPrices(p, { preco, precoPromocional: promo ?? undefined }, now, true);
        okCount++;
        registros.push({
          registro: {
            sequencia: seq,
            status: 'OK',
            id: String(p.id),
            preco: p.preco.toFixed(2),
            preco_promocional: p.precoPromocional.toFixed(2),
          },
        });
      });
      return batchAnswer(registros, okCount);
    },
  },
];
