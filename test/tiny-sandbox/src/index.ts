export { Sandbox, startSandbox } from './sandbox';
export type {
  AccountSummary,
  OrderRecord,
  PriceChange,
  ProductKind,
  ProductRecord,
  ProductWebhookResult,
  SandboxOptions,
  StockChange,
} from './sandbox';
export type { AccountOptions, Contact, Invoice, Order, WebhookKind, WebhookUrls } from './accounts/model';
export type { Fault, FaultKind, FaultSpec } from './faults/faults';
export type { CallsSnapshot, ServiceCalls } from './accounts/stats';
export type { Delivery, DeliveryAttempt, Envelope } from './webhooks/emitter';
export type { MappingReply, ParsedMapping } from './webhooks/mapping-reply';
export type { NewProduct } from './services/produtos';
export { parseMappingReply } from './webhooks/mapping-reply';
export { CITIES } from './data/cities';
export { SELLERS, PRICE_LISTS } from './data/names';
export { ORDER_STATUS } from './data/situacoes';

/** The demo account `npm run sandbox` serves. */
export const DEMO_ACCOUNT = {
  token: 'demo-token-0000000000000000000000000000000000',
  planLimit: 60,
  idEcommerce: 54321,
  cnpj: '48404755000188',
  razaoSocial: 'Loja Demo Uplaces Ltda',
} as const;
