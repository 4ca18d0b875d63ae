/**
 * Tells the Gmail API's errors apart and retries the ones that pass, as
 * developers.google.com/workspace/gmail/api/guides/handle-errors asks:
 * 429 and 403 rateLimitExceeded / userRateLimitExceeded, and 5xx, with
 * exponential back-off and jitter; a daily limit stops the run instead.
 */
import { readRetryAfter as readRetryAfterText } from '../core/pace-gmail-quota';

export type GmailErrorKind = 'rate' | 'daily' | 'transient' | 'not-found' | 'auth' | 'forbidden' | 'other';

export interface GmailErrorInfo {
  kind: GmailErrorKind;
  /** HTTP status; 0 when no response came back (network). */
  status: number;
  /** errors[].reason of Google's JSON error body, e.g. "userRateLimitExceeded". */
  reason: string;
  message: string;
  /** From a Retry-After header, in ms. */
  retryAfterMs: number | null;
}

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const DAILY_REASONS = new Set(['dailyLimitExceeded', 'quotaExceeded']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

interface ErrorLike {
  status?: number;
  code?: string | number;
  message?: string;
  cause?: { code?: string; message?: string };
  response?: { status?: number; data?: unknown; headers?: unknown };
}

interface GoogleErrorBody {
  error?: { code?: number; message?: string; errors?: Array<{ reason?: string; message?: string }>; status?: string } | string;
  error_description?: string;
}

export function classifyGmailError(error: unknown): GmailErrorInfo {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : 0);
  const body = (e.response?.data ?? {}) as GoogleErrorBody;
  const detail = typeof body.error === 'object' ? body.error : undefined;
  const reason = detail?.errors?.[0]?.reason ?? (typeof body.error === 'string' ? body.error : '');
  const message = detail?.message ?? body.error_description ?? e.message ?? String(error);
  // Retry-After header, else the time a 429's text names ("User-rate limit exceeded. Retry after <RFC 3339>").
  const namedAt = readRetryAfterText(message);
  const retryAfterMs = readRetryAfter(e.response?.headers) ?? (namedAt === null ? null : Math.max(0, namedAt - Date.now()));
  const info = (kind: GmailErrorKind): GmailErrorInfo => ({ kind, status, reason, message, retryAfterMs });

  if (status === 0) {
    const code = String(e.code ?? e.cause?.code ?? '');
    return info(NETWORK_CODES.has(code) || /fetch failed|socket hang up|network/i.test(`${e.message} ${e.cause?.message ?? ''}`) ? 'transient' : 'other');
  }
  if (DAILY_REASONS.has(reason)) return info('daily');
  if (status === 429 || (status === 403 && RATE_REASONS.has(reason))) return info('rate');
  if (status >= 500) return info('transient');
  if (status === 404) return info('not-found');
  if (status === 401 || reason === 'invalid_grant') return info('auth');
  if (status === 403) return info('forbidden');
  return info('other');
}

/** Retry-After is seconds or an HTTP date (RFC 9110 section 10.2.3). */
function readRetryAfter(headers: unknown): number | null {
  if (typeof headers !== 'object' || headers === null) return null;
  const get = (headers as { get?: unknown }).get;
  const value = typeof get === 'function' ? (get as (name: string) => string | null).call(headers, 'retry-after') : (headers as Record<string, string | undefined>)['retry-after'];
  if (value === null || value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(String(value));
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** Google's daily quota is spent: stop, keep what is done, and resume after the daily reset. */
export class GmailDailyLimitError extends Error {
  override name = 'GmailDailyLimitError';
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The first back-off; each retry doubles it (ms). */
  baseMs: number;
  /** No single wait is longer (ms). */
  capMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1): the jitter. */
  random: () => number;
  /** Told about each retry, for a notice or a test. */
  onRetry?: (info: GmailErrorInfo, attempt: number, waitMs: number) => void;
}

/**
 * Seven tries with waits of about 1, 2, 4, 8, 16 and 32 s, each plus up to a
 * second of jitter (the schedule in the handle-errors guide), about a minute
 * in all: long enough for the per-minute user quota to refill.
 */
export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 7,
  baseMs: 1000,
  capMs: 32_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * @param idempotent false for a create: a 5xx or a dropped connection may come
 *   after Gmail carried the request out ("the request may or may not have been
 *   processed"), so only a rate-limit refusal, which Gmail did not carry out,
 *   is tried again; anything else goes back to the caller to reconcile.
 */
export async function callGmailWithRetry<T>(call: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, idempotent = true): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const info = classifyGmailError(error);
      if (info.kind === 'daily') throw new GmailDailyLimitError(info.message);
      const retriable = info.kind === 'rate' || (idempotent && info.kind === 'transient');
      if (!retriable || attempt >= policy.attempts) throw error;
      const backoff = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1)) + policy.random() * policy.baseMs;
      const wait = Math.max(backoff, info.retryAfterMs ?? 0);
      policy.onRetry?.(info, attempt, wait);
      await policy.sleep(wait);
    }
  }
}
