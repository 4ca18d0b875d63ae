/**
 * Keeps a run inside the Gmail API's per-user rate limit, 15,000 quota units
 * per user per minute, rather than hitting it and backing off. Method costs
 * are from developers.google.com/workspace/gmail/api/reference/quota.
 */

import { GMAIL_QUOTA_REGIMES, PACE_SHARE } from '../core/pace-gmail-quota';

export type { GmailMethod } from '../core/pace-gmail-quota';

/** Google's per-user limit under the legacy regime; the unit table is core's (pace-gmail-quota.ts). */
export const GMAIL_USER_UNITS_PER_MINUTE = GMAIL_QUOTA_REGIMES.legacy.unitsPerMinute;

export interface QuotaLimiter {
  /** Resolves when `units` may be spent; callers are served in order. */
  take: (units: number) => Promise<void>;
  /** Lowers (or raises) the sustained rate from now on, e.g. when a 429 shows the per-minute regime of 2026. */
  setUnitsPerMinute?: (unitsPerMinute: number) => void;
  /** Units spent so far. */
  readonly spent: number;
}

export interface QuotaLimiterOptions {
  /**
   * Sustained rate. 90% of Google's per-user limit by default, leaving room
   * for another client of the same account (the Apps Script side, a phone).
   */
  unitsPerMinute: number;
  /**
   * Units that may go at once after a pause. burst + 60 s of the rate stays
   * within 15,000, so no minute ever goes over the limit.
   */
  burstUnits: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** 13,500 units a minute (PACE_SHARE of 15,000), with the other 1,500 as the burst: a minute never exceeds the limit. */
export const DEFAULT_QUOTA: QuotaLimiterOptions = {
  unitsPerMinute: Math.round(GMAIL_USER_UNITS_PER_MINUTE * PACE_SHARE),
  burstUnits: Math.round(GMAIL_USER_UNITS_PER_MINUTE * (1 - PACE_SHARE)),
};

/** A token bucket: `burstUnits` deep, refilled at `unitsPerMinute`. */
export function createQuotaLimiter(options: QuotaLimiterOptions = DEFAULT_QUOTA): QuotaLimiter {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let perMs = options.unitsPerMinute / 60_000;
  let burst = options.burstUnits;
  let tokens = options.burstUnits;
  let last = now();
  let spent = 0;
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const t = now();
    tokens = Math.min(burst, tokens + (t - last) * perMs);
    last = t;
  };

  return {
    take(units: number): Promise<void> {
      spent += units;
      const turn = queue.then(async () => {
        refill();
        if (tokens < units) {
          await sleep(Math.ceil((units - tokens) / perMs));
          refill();
        }
        tokens -= units;
      });
      queue = turn;
      return turn;
    },
    setUnitsPerMinute(unitsPerMinute: number) {
      refill();
      // The burst keeps its share of the rate, so burst + a minute of the rate stays within the limit.
      burst = (options.burstUnits * unitsPerMinute) / options.unitsPerMinute;
      perMs = unitsPerMinute / 60_000;
      tokens = Math.min(tokens, burst);
    },
    get spent() {
      return spent;
    },
  };
}

/** No limit at all, for tests and for measuring what the client alone could do. */
export function createUnlimitedQuota(): QuotaLimiter {
  let spent = 0;
  return {
    take: (units) => {
      spent += units;
      return Promise.resolve();
    },
    get spent() {
      return spent;
    },
  };
}
