// Word lists for the seeded data (pt-BR, as a Tiny account would hold).

export const CATEGORIES = [
  { categoria: 'Vestuário >> Camisetas', nouns: ['Camiseta', 'Regata', 'Polo'] },
  { categoria: 'Vestuário >> Calças', nouns: ['Calça', 'Bermuda', 'Short'] },
  { categoria: 'Calçados >> Tênis', nouns: ['Tênis', 'Sapatênis', 'Chinelo'] },
  { categoria: 'Casa >> Cozinha', nouns: ['Panela', 'Frigideira', 'Jogo de Facas'] },
  { categoria: 'Casa >> Banho', nouns: ['Toalha', 'Roupão', 'Tapete'] },
  { categoria: 'Eletrônicos >> Acessórios', nouns: ['Cabo USB', 'Carregador', 'Fone'] },
  { categoria: 'Papelaria >> Cadernos', nouns: ['Caderno', 'Agenda', 'Bloco'] },
  { categoria: 'Alimentos >> Cafés', nouns: ['Café Torrado', 'Café em Grãos', 'Cápsula de Café'] },
  { categoria: 'Beleza >> Cabelos', nouns: ['Shampoo', 'Condicionador', 'Máscara Capilar'] },
  { categoria: 'Esporte >> Fitness', nouns: ['Garrafa', 'Tapete de Yoga', 'Halter'] },
] as const;

export const ADJECTIVES = ['Básica', 'Premium', 'Clássica', 'Esportiva', 'Eco', 'Slim', 'Comfort', 'Pro', 'Max', 'Lite'];

export const BRANDS = ['Aurora', 'Boa Vista', 'Cerrado', 'Delta', 'Estrela do Sul', 'Faro', 'Guarani', 'Horizonte'];

export const COLORS = [
  { nome: 'Azul', code: 'AZ' },
  { nome: 'Preto', code: 'PR' },
  { nome: 'Branco', code: 'BR' },
  { nome: 'Vermelho', code: 'VM' },
] as const;

export const SIZES = ['P', 'M', 'G', 'GG'] as const;

export const FIRST_NAMES = [
  'Ana', 'Bruno', 'Carla', 'Diego', 'Elisa', 'Fábio', 'Gabriela', 'Heitor', 'Isabela', 'João',
  'Karina', 'Lucas', 'Mariana', 'Nelson', 'Olívia', 'Paulo', 'Renata', 'Sérgio', 'Tatiane', 'Vinícius',
];

export const LAST_NAMES = [
  'Souza', 'Lima', 'Mendes', 'Rocha', 'Prado', 'Almeida', 'Barbosa', 'Cardoso', 'Dias', 'Ferreira',
  'Gomes', 'Moreira', 'Nunes', 'Oliveira', 'Pereira', 'Ribeiro', 'Santos', 'Teixeira',
];

export const COMPANY_WORDS = ['Mercado', 'Comercial', 'Distribuidora', 'Empório', 'Atacadão', 'Casa', 'Loja'];
export const COMPANY_NAMES = ['Bom Preço', 'Santa Luzia', 'Horizonte', 'Dois Irmãos', 'Central', 'Nova Era', 'Primavera'];

export const STREETS = ['Rua das Flores', 'Av. Brasil', 'Rua XV de Novembro', 'Av. Paulista', 'Rua da Praia', 'Rua Sete de Setembro'];
export const DISTRICTS = ['Centro', 'Jardim América', 'Vila Nova', 'Boa Vista', 'Santa Cecília'];

/** Sellers are the same in every account (ids differ). */
export const SELLERS = [
  { codigo: 'V01', nome: 'Ana Souza' },
  { codigo: 'V02', nome: 'Bruno Lima' },
  { codigo: 'V03', nome: 'Carla Mendes' },
  { codigo: 'V04', nome: 'Diego Rocha' },
  { codigo: 'V05', nome: 'Elisa Prado' },
];

export const PRICE_LISTS = [
  { descricao: 'Atacado', acrescimoDesconto: -10 },
  { descricao: 'Varejo Premium', acrescimoDesconto: 5 },
  { descricao: 'Revenda', acrescimoDesconto: -15 },
];
