import { ok } from '../quirks/envelope';
import { str } from '../quirks/params';
import { fold, paginate, type ServiceDef } from './types';

export const vendedorServices: ServiceDef[] = [
  {
    name: 'vendedores.pesquisa',
    handler: (ctx) => {
      const acc = ctx.account;
      const q = fold(str(ctx.params, 'pesquisa'));
      const hits = q ? acc.sellers.filter((s) => fold(`${s.codigo} ${s.nome}`).includes(q)) : acc.sellers;
      const page = paginate(hits, ctx);
      if ('error' in page) return page.error;
      const L = acc.loose;
      return ok({
        ...page.fields,
        vendedores: page.slice.map((s) => ({
          vendedor: {
            id: L.int(s.id, 'id', s.id),
            codigo: s.codigo,
            nome: s.nome,
            fantasia: '',
            tipo_pessoa: 'F',
            cpf_cnpj: s.cpf,
            email: s.email,
            endereco: '',
            numero: '',
            complemento: '',
            bairro: '',
            cep: '',
            cidade: 'São Paulo',
            uf: 'SP',
            situacao: 'Ativo',
          },
        })),
      });
    },
  },
];
