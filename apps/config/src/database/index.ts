import { Initial1764250000000 } from './migrations/1764250000000-initial';
import { InactiveReason1764260000000 } from './migrations/1764260000000-inactive-reason';
export * from './entities';
export const CONFIG_SCHEMA = 'config';
export const configMigrations = [Initial1764250000000, InactiveReason1764260000000];
