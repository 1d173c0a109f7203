import { DispatchInitial1764200000000 } from './1764200000000-dispatch-initial';

/** In order; runMigrations applies the pending ones at boot under an advisory lock. */
export const DISPATCH_MIGRATIONS = [DispatchInitial1764200000000];
