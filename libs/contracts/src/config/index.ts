export * from './integration-changed.v1';
export * from './resync-requested.v1';
