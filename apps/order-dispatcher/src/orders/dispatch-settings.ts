/** Knobs of the dispatcher (from OrderDispatcherEnv), injectable by class. */
export class DispatchSettings {
  /** Retry delay of an order parked while Tiny is unavailable (breaker open, code 6/11). */
  parkMs = 15_000;
  /** Retry delay while the integration's credentials or plan are wrong (auth, code 5). */
  configRetryMs = 300_000;
  /** Safety-net retry of an unknown outcome, beside the message retry ladder. */
  unknownRetryMs = 120_000;
  /** How often the scheduler looks for due orders. */
  sweepMs = 2_000;
  /** Orders driven at once by one process (each holds a DB connection while it talks to Tiny). */
  concurrency = 8;
  /** Test hook: SIGKILL the process right after Tiny answered pedido.incluir for this order number. */
  crashAfterCreateFor: string | null = null;

  constructor(init: Partial<DispatchSettings> = {}) {
    Object.assign(this, init);
  }
}
