import { contatoServices } from './contatos';
import { estoqueServices } from './estoque';
import { infoServices } from './info';
import { notaServices } from './notas';
import { pedidoServices } from './pedidos';
import { precoServices } from './precos';
import { produtoServices } from './produtos';
import type { ServiceDef } from './types';
import { vendedorServices } from './vendedores';

export const SERVICES: ReadonlyMap<string, ServiceDef> = new Map(
  [
    ...infoServices,
    ...produtoServices,
    ...estoqueServices,
    ...precoServices,
    ...contatoServices,
    ...vendedorServices,
    ...pedidoServices,
    ...notaServices,
  ].map((s) => [s.name, s]),
);
