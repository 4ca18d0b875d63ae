/** Every Gmail API call goes through one caller: quota first, then the call with retries. */
import { callGmailWithRetry, DEFAULT_RETRY, type RetryPolicy } from './call-gmail-with-retry';
import { createQuotaLimiter, GMAIL_METHOD_UNITS, type GmailMethod, type QuotaLimiter } from './create-quota-limiter';

export type GmailCaller = <T>(method: GmailMethod, call: () => Promise<T>) => Promise<T>;

export interface GmailCallerOptions {
  limiter?: QuotaLimiter;
  retry?: RetryPolicy;
}

/** Creates: never repeated blindly after an answer that may have been lost (see callGmailWithRetry). */
const NON_IDEMPOTENT: ReadonlySet<GmailMethod> = new Set<GmailMethod>(['users.drafts.create', 'users.labels.create']);

export function createGmailCaller(options: GmailCallerOptions = {}): GmailCaller {
  const limiter = options.limiter ?? createQuotaLimiter();
  const retry = options.retry ?? DEFAULT_RETRY;
  // Each try is charged: Google counts a request that was refused for rate as used quota.
  return (method, call) =>
    callGmailWithRetry(async () => {
      await limiter.take(GMAIL_METHOD_UNITS[method]);
      return call();
    }, retry, !NON_IDEMPOTENT.has(method));
}
