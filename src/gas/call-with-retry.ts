/** Tells Google's quota errors apart and retries the ones that pass. */
import { readRetryAfter } from '../core/pace-gmail-quota';

export type QuotaKind = 'daily' | 'rate' | 'runtime' | null;

// Wordings from developers.google.com/apps-script/guides/services/quotas and
// developers.google.com/workspace/gmail/api/guides/handle-errors.
const DAILY = /too many times for one day|dailyLimitExceeded|Daily Limit Exceeded|per day/i;
const RATE =
  /too many times in a short time|rateLimitExceeded|Rate Limit Exceeded|User-rate limit exceeded|Too many concurrent requests|per minute|Quota exceeded for quota metric/i;
/** The daily trigger-runtime cap (quotas page: "Service using too much computer time for one day"). */
const RUNTIME = /too much computer time/i;

export function classifyQuotaError(error: unknown): QuotaKind {
  const text = error instanceof Error ? error.message : String(error);
  if (RUNTIME.test(text)) return 'runtime';
  if (DAILY.test(text)) return 'daily';
  if (RATE.test(text)) return 'rate';
  return null;
}

/** Thrown when Google's daily quota is spent: stop, keep progress, resume on the next trigger. */
export class DailyQuotaError extends Error {
  override name = 'DailyQuotaError';
}

/**
 * Gmail said when to come back ("User-rate limit exceeded. Retry after <time>"),
 * or the per-minute limit outlasted the back-off: no Gmail call before `untilMs`.
 */
export class RetryAfterError extends Error {
  override name = 'RetryAfterError';
  constructor(
    message: string,
    readonly untilMs: number | null,
  ) {
    super(message);
  }
}

/** Back-off delays in ms: Google asks for exponential back-off with jitter; 4 tries span about 15 s. */
const BACKOFF_MS = [1000, 2000, 4000, 8000];

export function callWithRetry<T>(call: () => T, sleep: (ms: number) => void, jitter: () => number = () => 0.5): T {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return call();
    } catch (error) {
      const kind = classifyQuotaError(error);
      const text = error instanceof Error ? error.message : String(error);
      if (kind === 'daily') throw new DailyQuotaError(text);
      if (kind !== 'rate') throw error;
      // A named retry time is a promise not to call before it: sleeping through it would burn runtime.
      const until = readRetryAfter(text);
      if (until !== null) throw new RetryAfterError(text, until);
      if (attempt >= BACKOFF_MS.length) throw new RetryAfterError(text, null);
      sleep(Math.round(BACKOFF_MS[attempt]! * (0.75 + jitter() / 2)));
    }
  }
}
