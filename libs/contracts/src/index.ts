// One class per event type; producers build with createEvent, consumers validate with validateEvent.
// Each area keeps its contracts in its own folder and re-exports them here (one line per area).
export * from './event';
export * from './orders';
export * from './dispatch';
export * from './config';
export * from './users';
export * from './catalog';
export * from './tiny-webhooks';
