export * from './order-status-changed.event';
