// The city table used to validate addresses (Tiny rejects a city it does not know: "Cidade não encontrada").

export interface City {
  nome: string;
  uf: string;
  cep: string;
}

export const CITIES: readonly City[] = [
  { nome: 'São Paulo', uf: 'SP', cep: '01001-000' },
  { nome: 'Campinas', uf: 'SP', cep: '13010-000' },
  { nome: 'Santos', uf: 'SP', cep: '11010-000' },
  { nome: 'Ribeirão Preto', uf: 'SP', cep: '14010-000' },
  { nome: 'São José dos Campos', uf: 'SP', cep: '12210-000' },
  { nome: 'Sorocaba', uf: 'SP', cep: '18010-000' },
  { nome: 'Rio de Janeiro', uf: 'RJ', cep: '20010-000' },
  { nome: 'Niterói', uf: 'RJ', cep: '24020-000' },
  { nome: 'Belo Horizonte', uf: 'MG', cep: '30110-000' },
  { nome: 'Uberlândia', uf: 'MG', cep: '38400-000' },
  { nome: 'Juiz de Fora', uf: 'MG', cep: '36010-000' },
  { nome: 'Vitória', uf: 'ES', cep: '29010-000' },
  { nome: 'Curitiba', uf: 'PR', cep: '80010-000' },
  { nome: 'Londrina', uf: 'PR', cep: '86010-000' },
  { nome: 'Maringá', uf: 'PR', cep: '87010-000' },
  { nome: 'Florianópolis', uf: 'SC', cep: '88010-000' },
  { nome: 'Joinville', uf: 'SC', cep: '89201-000' },
  { nome: 'Blumenau', uf: 'SC', cep: '89010-000' },
  { nome: 'Porto Alegre', uf: 'RS', cep: '90010-000' },
  { nome: 'Caxias do Sul', uf: 'RS', cep: '95010-000' },
  { nome: 'Bento Gonçalves', uf: 'RS', cep: '95700-000' },
  { nome: 'Pelotas', uf: 'RS', cep: '96010-000' },
  { nome: 'Salvador', uf: 'BA', cep: '40010-000' },
  { nome: 'Recife', uf: 'PE', cep: '50010-000' },
  { nome: 'Fortaleza', uf: 'CE', cep: '60010-000' },
  { nome: 'Natal', uf: 'RN', cep: '59010-000' },
  { nome: 'João Pessoa', uf: 'PB', cep: '58010-000' },
  { nome: 'Maceió', uf: 'AL', cep: '57010-000' },
  { nome: 'Aracaju', uf: 'SE', cep: '49010-000' },
  { nome: 'Teresina', uf: 'PI', cep: '64000-000' },
  { nome: 'São Luís', uf: 'MA', cep: '65010-000' },
  { nome: 'Belém', uf: 'PA', cep: '66010-000' },
  { nome: 'Manaus', uf: 'AM', cep: '69005-000' },
  { nome: 'Brasília', uf: 'DF', cep: '70040-000' },
  { nome: 'Goiânia', uf: 'GO', cep: '74003-000' },
  { nome: 'Cuiabá', uf: 'MT', cep: '78005-000' },
  { nome: 'Campo Grande', uf: 'MS', cep: '79002-000' },
  { nome: 'Palmas', uf: 'TO', cep: '77001-000' },
  { nome: 'Porto Velho', uf: 'RO', cep: '76801-000' },
  { nome: 'Macapá', uf: 'AP', cep: '68900-000' },
  { nome: 'Boa Vista', uf: 'RR', cep: '69301-000' },
  { nome: 'Rio Branco', uf: 'AC', cep: '69900-000' },
];

const normalize = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();

const byName = new Map<string, City[]>();
for (const c of CITIES) {
  const k = normalize(c.nome);
  byName.set(k, [...(byName.get(k) ?? []), c]);
}

/** Finds a city by name (accents and case ignored); when `uf` is given it must match too. */
export function findCity(nome: string, uf?: string): City | undefined {
  const list = byName.get(normalize(nome));
  if (!list) return undefined;
  if (!uf) return list[0];
  return list.find((c) => c.uf === uf.trim().toUpperCase());
}
