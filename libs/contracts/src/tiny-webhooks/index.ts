// Tiny's e-commerce webhooks as accepted by the webhook-gateway: `tiny.<kind>.received.v1`.
export * from './dados';
export * from './events';
