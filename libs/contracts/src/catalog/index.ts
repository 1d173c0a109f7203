export * from './catalog-events';
