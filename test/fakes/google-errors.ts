/**
 * Errors shaped the way Apps Script surfaces them, so code under test can branch
 * on the same properties it would see in production.
 *
 * Advanced services throw a `GoogleJsonResponseException`: a plain Error whose
 * `name` is set, whose message is `API call to <api>.<resource>.<method> failed
 * with error: <message>`, and whose `details` is `{code, message, errors: [{reason,
 * domain, message}]}`. Observed verbatim on a consumer account for
 * gmail.users.history.list (404 and 400) and gmail.users.messages.send (403 rate
 * limit), see the exact texts kept in WORDING below.
 *
 * Built-in services (SpreadsheetApp, PropertiesService, LockService...) throw an
 * Error named `Exception` with the bare message ("Exception: <message>" when printed).
 */

export interface GoogleErrorDetails {
  code: number;
  message: string;
  errors: { reason: string; domain: string; message: string }[];
}

export interface GoogleJsonResponseException extends Error {
  name: 'GoogleJsonResponseException';
  details: GoogleErrorDetails;
}

/** Exact texts the fakes throw; tests compare against these rather than retyping them. */
export const WORDING = {
  // Gmail API error bodies (developers.google.com/workspace/gmail/api/guides/handle-errors; observed in spikes).
  notFound: 'Requested entity was not found.',
  labelExists: 'Label name exists or conflicts',
  invalidLabelName: 'Invalid label name',
  noLabelChanges: 'No label add or removes specified',
  labelOnDraft: 'Draft messages cannot have any label other than the DRAFT system label.',
  gmailRateLimit:
    "Quota exceeded for quota metric 'Total Query Cost' and limit 'Units per minute per user' of service 'gmail.googleapis.com' for consumer 'project_number:000000000000'.",
  sendingForbidden: 'FakeGmail: sending is forbidden in Reconnect',
  // Apps Script runtime (developers.google.com/apps-script/guides/services/quotas#exception_messages).
  exceededMaxExecutionTime: 'Exceeded maximum execution time',
  // Daily trigger-runtime cap (same page: "Service using too much computer time for one day").
  tooMuchComputerTime: 'Service using too much computer time for one day',
  // Card-callback trigger limit: installable triggers guide, "add-ons can use time-driven
  // triggers at most once an hour". Google publishes no wording; this one is ours.
  addonTriggerTooFrequent: 'Add-ons may not create time-based triggers that run more than once an hour.',
  // Sheets.
  cellTooLong: 'Your input contains more than the maximum of 50000 characters in a single cell.',
  workbookCellLimit: 'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
  openByIdFailed: 'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
  openByUrlFailed: 'Unexpected error while getting the method or property openByUrl on object SpreadsheetApp.',
  rangeOutsideSheet: 'The coordinates of the range are outside the dimensions of the sheet.',
  // Properties and cache.
  propertyValueTooLarge: 'Argument too large: value',
  propertyStoreFull: 'You have exceeded the property storage quota. Please remove some properties and try again.',
  cacheKeyTooLarge: 'Argument too large: key',
  cacheValueTooLarge: 'Argument too large: value',
  // Lock and triggers.
  lockTimeout: 'Lock timeout: another process was holding the lock for too long.',
  tooManyTriggers: 'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
  authorizationRequired: 'Authorization is required to perform that action.',
  // Transient server error Apps Script surfaces for many services.
  serverError: "We're sorry, a server error occurred. Please wait a bit and try again.",
} as const;

/**
 * The Gmail API's 429 for a user over the per-user rate: "User-rate limit
 * exceeded. Retry after <RFC 3339 time>" (developers.google.com/workspace/gmail/api/guides/handle-errors,
 * "429: Too many requests"; the time form is what clients report, e.g.
 * googleapis/google-api-nodejs-client issues).
 */
export function retryAfterMessage(untilMs: number): string {
  return `User-rate limit exceeded. Retry after ${new Date(untilMs).toISOString()}`;
}

export function dailyQuotaMessage(serviceLabel: string): string {
  return `Service invoked too many times for one day: ${serviceLabel}.`;
}

export function rateQuotaMessage(serviceLabel: string): string {
  return `Service invoked too many times in a short time: ${serviceLabel}. Try Utilities.sleep(1000) between calls.`;
}

/** An advanced-service error, e.g. apiCall 'gmail.users.messages.get'. */
export function googleJsonResponseException(
  apiCall: string,
  code: number,
  reason: string,
  message: string,
  domain = 'global',
): GoogleJsonResponseException {
  const err = new Error(`API call to ${apiCall} failed with error: ${message}`) as GoogleJsonResponseException;
  err.name = 'GoogleJsonResponseException';
  err.details = { code, message, errors: [{ reason, domain, message }] };
  return err;
}

/** A built-in service error as Apps Script prints it: name `Exception`. */
export function appsScriptException(message: string): Error {
  const err = new Error(message);
  err.name = 'Exception';
  return err;
}
