import { Initial1764250000000 } from './migrations/1764250000000-initial';
export * from './entities';
export const CONFIG_SCHEMA = 'config';
export const configMigrations = [Initial1764250000000];
