import { TinyAuthError, TinyNotAvailableError, TinyRateLimitedError, TinyTransientError } from '@app/tiny';

export type TestOutcome = 'ok' | 'token_invalido' | 'sem_acesso_api' | 'limite_excedido' | 'indisponivel' | 'erro';

export function formatCnpj(digits: string): string {
  return digits.length === 14 ? digits.replace(/^(\d{2})(\d{3})(\d{3})(\d{4})(\d{2})$/, '$1.$2.$3/$4-$5') : digits;
}

export function successMessage(name: string, cnpjDigits: string): string {
  return `Conexão com o Tiny funcionando. Conta: ${name} (CNPJ ${formatCnpj(cnpjDigits)}).`;
}

/** Plain pt-BR for the store's admin; never echoes the token. */
export function describeTestFailure(err: unknown): { outcome: TestOutcome; message: string } {
  if (err instanceof TinyAuthError) {
    return { outcome: 'token_invalido', message: 'Token inválido: o Tiny não reconheceu o token. Copie-o de novo na tela "Gerenciar" da integração no Tiny.' };
  }
  if (err instanceof TinyNotAvailableError) {
    return { outcome: 'sem_acesso_api', message: 'Plano sem acesso à API: a conta do Tiny não tem acesso à API. Verifique o plano contratado no Tiny.' };
  }
  if (err instanceof TinyRateLimitedError) {
    return { outcome: 'limite_excedido', message: 'Limite de requisições excedido: o Tiny bloqueou o acesso por alguns instantes. Tente de novo em um minuto.' };
  }
  if (err instanceof TinyTransientError) {
    return { outcome: 'indisponivel', message: 'Tiny indisponível no momento: não foi possível falar com o Tiny. Tente de novo em alguns minutos.' };
  }
  return { outcome: 'erro', message: 'O Tiny recusou o teste por um motivo inesperado. Confira as credenciais e tente de novo.' };
}
