import type { Account } from '../accounts/account';
import { TinyValidation } from '../accounts/errors';
import type { Product } from '../accounts/model';
import { formatDateTime, parseTinyDate } from '../quirks/dates';
import { fail, MESSAGES, ok, type JsonObject } from '../quirks/envelope';
import { decimal, field, isObject, jsonParam, MalformedJson, str } from '../quirks/params';
import { paginate, type ServiceDef } from './types';

function depositos(acc: Account, p: Product, withEmpresa: boolean): JsonObject[] {
  return acc.stockOf(p).deposits.map((d) => ({
    deposito: {
      nome: d.nome,
      desconsiderar: d.desconsiderar,
      saldo: acc.loose.dec(d.saldo, 'saldo', p.id),
      ...(withEmpresa ? { empresa: acc.settings.razaoSocial } : {}),
    },
  }));
}

function reservedOut(acc: Account, p: Product, reserved: number | null): number | string | null {
  return reserved === null ? null : acc.loose.dec(reserved, 'saldoReservado', p.id);
}

export const estoqueServices: ServiceDef[] = [
  {
    name: 'produto.obter.estoque',
    handler: ({ account: acc, params }) => {
      const id = str(params, 'id');
      if (!id) return fail(10, `${MESSAGES[10]}: id`);
      const p = /^\d+$/.test(id) ? acc.productById.get(Number(id)) : undefined;
      if (!p) return fail(32, 'Produto não localizado');
      const s = acc.stockOf(p);
      const L = acc.loose;
      // The official example sends status_processamento and ids as strings here.
      return ok(
        {
          produto: {
            id: String(p.id),
            codigo: p.codigo,
            nome: p.nome,
            unidade: p.unidade,
            saldo: L.dec(s.saldo, 'saldo', p.id),
            saldoReservado: reservedOut(acc, p, s.reserved),
            depositos: depositos(acc, p, true),
          },
        },
        '3',
      );
    },
  },
  {
    name: 'lista.atualizacoes.estoque',
    handler: (ctx) => {
      const { account: acc, params } = ctx;
      if (!acc.settings.realtimeStock) {
        return fail(5, 'API bloqueada ou sem acesso - extensão "API para estoque em tempo real" não instalada');
      }
      const raw = str(params, 'dataAlteracao');
      if (!raw) return fail(10, `${MESSAGES[10]}: dataAlteracao`);
      const since = parseTinyDate(raw);
      if (since === null) return fail(31, 'Data de alteração inválida');
      const hits: [number, number][] = [];
      for (const entry of acc.stockQueue) if (entry[1] >= since) hits.push(entry);
      const page = paginate(hits, ctx);
      if ('error' in page) return page.error;
      const L = acc.loose;
      const produtos: JsonObject[] = [];
      for (const [id, at] of page.slice) {
        // Records read are removed from the queue (Tiny's destructive read).
        acc.stockQueue.delete(id);
        const p = acc.productById.get(id);
        if (!p) continue;
        const s = acc.stockOf(p);
        produtos.push({
          produto: {
            id: L.int(p.id, 'id', p.id),
            nome: p.nome,
            codigo: p.codigo,
            unidade: p.unidade,
            tipo_variacao: p.tipoVariacao,
            localizacao: p.localizacao,
            data_alteracao: formatDateTime(at),
            saldo: L.dec(s.saldo, 'saldo', p.id),
            saldoReservado: reservedOut(acc, p, s.reserved),
            depositos: depositos(acc, p, false),
          },
        });
      }
      return ok({ ...page.fields, produtos });
    },
  },
  {
    name: 'produto.atualizar.estoque',
    handler: ({ account: acc, params, now }) => {
      let root: unknown;
      try {
        root = jsonParam(params, 'estoque');
      } catch (e) {
        if (e instanceof MalformedJson) return fail(3);
        throw e;
      }
      if (root === undefined) return fail(10, `${MESSAGES[10]}: estoque`);
      const e = isObject(root) && isObject(root.estoque) ? root.estoque : undefined;
      if (!e) return fail(3);
      const idProduto = field(e, 'idProduto');
      const p = /^\d+$/.test(idProduto) ? acc.productById.get(Number(idProduto)) : undefined;
      if (!idProduto) return fail(31, 'O id do produto deve ser informado');
      if (!p) return fail(32, 'Produto não localizado');
      const tipo = (field(e, 'tipo') || 'B').toUpperCase();
      const quantidade = decimal(e, 'quantidade');
      const errors: string[] = [];
      if (tipo !== 'B' && tipo !== 'E' && tipo !== 'S') errors.push('Tipo de lançamento inválido (use E, S ou B)');
      if (quantidade === null || quantidade < 0) errors.push('A quantidade deve ser informada');
      const data = field(e, 'data');
      if (data && parseTinyDate(data) === null) errors.push('Data inválida (use Y-m-d H:i:s)');
      if (errors.length > 0) return fail(31, errors);
      try {
        const deposito = field(e, 'deposito') || undefined;
        const s = acc.moveStock(p, { tipo: tipo as 'B' | 'E' | 'S', quantidade: quantidade!, deposito }, now, true);
        const L = acc.loose;
        return ok({
          registros: [
            {
              registro: {
                sequencia: '1',
                status: 'OK',
                id: L.int(p.id, 'id', p.id),
                saldoEstoque: L.dec(s.saldo, 'saldoEstoque', p.id),
                saldoReservado: reservedOut(acc, p, s.reserved),
                registroCriado: true,
              },
            },
          ],
        });
      } catch (err) {
        if (err instanceof TinyValidation) return fail(err.code, err.messages);
        throw err;
      }
    },
  },
];
