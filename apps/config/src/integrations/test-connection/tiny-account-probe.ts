import type { TinyAccountInfo } from '@app/tiny';

/** Port: asks Tiny which account a token belongs to (`info`). Throws the @app/tiny error taxonomy. */
export interface TinyAccountProbe {
  info(token: string, settings: { planLimitPerMinute: number; share: number }): Promise<TinyAccountInfo>;
}

export const TINY_ACCOUNT_PROBE = Symbol('TINY_ACCOUNT_PROBE');
