import { formatCnpj } from '../data/documents';
import { ok } from '../quirks/envelope';
import type { ServiceDef } from './types';

export const infoServices: ServiceDef[] = [
  {
    name: 'info',
    handler: ({ account }) => {
      const s = account.settings;
      return ok({
        conta: {
          razao_social: s.razaoSocial,
          cnpj_cpf: formatCnpj(s.cnpj),
          fantasia: s.razaoSocial.replace(/\s+Ltda\.?$/i, ''),
          endereco: 'Rua das Flores',
          numero: '100',
          bairro: 'Centro',
          complemento: '',
          cidade: 'São Paulo',
          estado: 'SP',
          cep: '01.001-000',
          fone: '(11) 4000-0000',
          email: 'contato@loja.exemplo.com.br',
          inscricao_estadual: 'ISENTO',
          regime_tributario: 'Simples Nacional',
        },
      });
    },
  },
];
