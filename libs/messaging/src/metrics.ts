/** Optional hook so a service can count messaging work in its own metrics registry. */
export interface MessagingMetrics {
  published?(count: number): void;
  handled?(type: string, outcome: 'ack' | 'retry' | 'dead-letter', durationMs: number): void;
}
