/**
 * Where Google's errors become Reconnect's: Apps Script throws plain Errors
 * whose only signal is their text, so this is the one place that reads it.
 * Everything downstream (the error card's Retry, a run's summary) reads the
 * ReconnectError's `retryable` and `describe()` instead.
 */
import { ReconnectError } from '../core/reconnect-error';
import { classifyQuotaError, DailyQuotaError, RetryAfterError } from './call-with-retry';

/**
 * What Apps Script says when an execution outruns its limit: 6 minutes for a
 * script, 30 seconds for an add-on card's callback
 * (developers.google.com/apps-script/guides/services/quotas#exception_messages).
 */
const TIMED_OUT = /Exceeded maximum execution time/i;

export function explainGasError(error: unknown): ReconnectError {
  if (error instanceof ReconnectError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (TIMED_OUT.test(message)) {
    return new ReconnectError('It took longer than the 30 seconds Google gives a card.', {
      retryable: true,
      action: 'Retry; if it keeps happening, the weekly run will still do its work.',
    });
  }
  if (error instanceof DailyQuotaError || error instanceof RetryAfterError || classifyQuotaError(error) !== null) {
    return new ReconnectError(`Google's quota for your account is used up for now (${message}).`, {
      retryable: true,
      action: 'Retry in a minute; daily quotas reset within 24 hours.',
    });
  }
  return new ReconnectError(message, { retryable: true, action: 'Retry; if it fails again, open the report or run diagnose from the Apps Script editor.' });
}
