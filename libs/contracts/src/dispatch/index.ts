export * from './dispatch-events';
