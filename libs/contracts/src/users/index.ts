export * from './user-changed.v1';
