/** Every Gmail API call goes through one caller: quota first, then the call with retries. */
import { GMAIL_QUOTA_REGIMES, PACE_SHARE, type GmailQuotaRegime } from '../core/pace-gmail-quota';
import { callGmailWithRetry, classifyGmailError, DEFAULT_RETRY, type RetryPolicy } from './call-gmail-with-retry';
import { createQuotaLimiter, type GmailMethod, type QuotaLimiter } from './create-quota-limiter';

export type GmailCaller = <T>(method: GmailMethod, call: () => Promise<T>) => Promise<T>;

export interface GmailCallerOptions {
  limiter?: QuotaLimiter;
  retry?: RetryPolicy;
  /**
   * The unit table and per-user limit to start from (core/pace-gmail-quota.ts).
   * From 'legacy', the first per-user rate limit Gmail answers moves the caller to
   * '2026' for the rest of the run: the legacy pace never meets one on its own.
   */
  regime?: GmailQuotaRegime;
  /** Told when the caller moves to another regime. */
  onRegime?: (regime: GmailQuotaRegime) => void;
}

/** Creates: never repeated blindly after an answer that may have been lost (see callGmailWithRetry). */
const NON_IDEMPOTENT: ReadonlySet<GmailMethod> = new Set<GmailMethod>(['users.drafts.create', 'users.labels.create']);

export function createGmailCaller(options: GmailCallerOptions = {}): GmailCaller {
  const limiter = options.limiter ?? createQuotaLimiter();
  const retry = options.retry ?? DEFAULT_RETRY;
  let regime: GmailQuotaRegime = options.regime ?? 'legacy';
  const adapt = () => {
    if (regime !== 'legacy') return;
    regime = '2026';
    limiter.setUnitsPerMinute?.(GMAIL_QUOTA_REGIMES['2026'].unitsPerMinute * PACE_SHARE);
    options.onRegime?.(regime);
  };
  // Each try is charged: Google counts a request that was refused for rate as used quota.
  return (method, call) =>
    callGmailWithRetry(async () => {
      await limiter.take(GMAIL_QUOTA_REGIMES[regime].units(method));
      try {
        return await call();
      } catch (error) {
        if (classifyGmailError(error).kind === 'rate') adapt();
        throw error;
      }
    }, retry, !NON_IDEMPOTENT.has(method));
}
