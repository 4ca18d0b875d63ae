/**
 * Keeps a run inside the Gmail API's per-user rate limit, 15,000 quota units
 * per user per minute, rather than hitting it and backing off. Method costs
 * are from developers.google.com/workspace/gmail/api/reference/quota.
 */

export const GMAIL_USER_UNITS_PER_MINUTE = 15_000;

export const GMAIL_METHOD_UNITS = {
  'users.getProfile': 1,
  'users.settings.sendAs.list': 1,
  'users.labels.list': 1,
  'users.labels.get': 1,
  'users.labels.create': 5,
  'users.messages.list': 5,
  'users.messages.get': 5,
  'users.messages.batchModify': 50,
  'users.history.list': 2,
  'users.threads.get': 10,
  'users.drafts.list': 5,
  'users.drafts.get': 5,
  'users.drafts.create': 10,
} as const;

export type GmailMethod = keyof typeof GMAIL_METHOD_UNITS;

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

export const DEFAULT_QUOTA: QuotaLimiterOptions = { unitsPerMinute: 13_500, burstUnits: 1_500 };

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
