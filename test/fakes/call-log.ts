/**
 * Counts every call the fakes receive, per `service.method` name, and decides
 * which of them fail: scripted faults (k-th call overall, k-th call of a method,
 * or any predicate) and quota exhaustion with Google's wording.
 */

import {
  appsScriptException,
  dailyQuotaMessage,
  googleJsonResponseException,
  rateQuotaMessage,
  retryAfterMessage,
  WORDING,
} from './google-errors';
import { GMAIL_METHOD_REGIMES, type GmailQuotaRegime } from './gmail-contract';

export type CallOutcome = 'pending' | 'ok' | 'threw' | 'fault' | 'quota' | 'timeout';

export interface CallRecord {
  /** 1-based position among all calls the log has seen. */
  readonly seq: number;
  /** Full call name, e.g. 'gmail.users.messages.get' or 'spreadsheet.Range.setValues'. */
  readonly name: string;
  /** First segment of the name: 'gmail', 'spreadsheet', 'properties'... */
  readonly service: string;
  /** Clock time when the call started, ms since the epoch. */
  readonly at: number;
  readonly executionId: string | null;
  outcome: CallOutcome;
}

export type ErrorSource = Error | ((call: CallRecord) => Error);

interface FaultRule {
  readonly description: string;
  matches(call: CallRecord): boolean;
  readonly error: ErrorSource;
  /** Calls this rule may still fail; Infinity for "always". */
  remaining: number;
}

/**
 * Which wording a quota error uses.
 * - 'builtin': "Service invoked too many times for one day: gmail." /
 *   "Service invoked too many times in a short time: gmail. Try Utilities.sleep(1000) between calls."
 *   (developers.google.com/apps-script/guides/services/quotas#exception_messages; the
 *   daily form is the one seen in the wild, e.g. github.com/shabuthomas/gmail-delay-send/issues/34).
 * - 'advanced': a GoogleJsonResponseException, 403 rateLimitExceeded/usageLimits,
 *   "API call to gmail.users.messages.send failed with error: Quota exceeded for quota
 *   metric 'Total Query Cost' and limit 'Units per minute per user'..." — what the
 *   Advanced Gmail Service threw on a consumer account when the per-user per-minute
 *   Gmail API limit was hit (spike record, 2026-09-26).
 *
 * Chosen defaults: a daily quota uses 'builtin' (the Apps Script daily quota is an
 * Apps Script error whatever the service); a rate quota uses 'advanced' for gmail
 * (Reconnect reaches Gmail only through the Advanced Service, whose per-minute
 * limit is the Gmail API's) and 'builtin' for every other service.
 */
export type QuotaWording = 'builtin' | 'advanced' | 'retry-after';

export interface DailyQuota {
  /** Calls allowed per window. */
  limit: number;
  /** Name in the message ("... for one day: <label>."); defaults to the service name. */
  label?: string;
  wording?: QuotaWording;
}

export interface RateQuota {
  /** Units allowed within any window of `windowMs`. */
  limit: number;
  windowMs: number;
  /** Units a call costs; 1 by default. Use gmailQuotaUnits for the Gmail API's table. */
  weight?: (name: string) => number;
  label?: string;
  wording?: QuotaWording;
}

/** "Quotas are per user and reset 24 hours after the first request." (Apps Script quotas page.) */
export const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Documented daily quotas, consumer accounts, for opting in with setDailyQuota.
 * Source: developers.google.com/apps-script/guides/services/quotas#current_quotas
 * ("Email read/write (excluding send) 20,000 / day"; "Properties read/write 50,000 / day").
 * Whether Advanced Gmail Service calls count toward the email read/write quota is
 * not documented.
 */
export const DOCUMENTED_DAILY_QUOTAS = { gmail: 20000, properties: 50000 } as const;

/** Units for a call name such as 'gmail.users.messages.get' (gmail-contract.ts); 0 for anything not a Gmail API request. */
export function gmailQuotaUnits(name: string): number {
  return isGmailApiCall(name) ? GMAIL_METHOD_REGIMES.legacy.units(name.slice('gmail.'.length)) : 0;
}

/** The contract's two regimes (gmail-contract.ts), keyed by the log's call names ('gmail.users.messages.get'). */
export const GMAIL_REGIMES: Readonly<Record<GmailQuotaRegime, { unitsPerMinute: number; units: (name: string) => number }>> = {
  legacy: { unitsPerMinute: GMAIL_METHOD_REGIMES.legacy.unitsPerMinute, units: gmailQuotaUnits },
  '2026': {
    unitsPerMinute: GMAIL_METHOD_REGIMES['2026'].unitsPerMinute,
    units: (name) => (isGmailApiCall(name) ? GMAIL_METHOD_REGIMES['2026'].units(name.slice('gmail.'.length)) : 0),
  },
};

function isGmailApiCall(name: string): boolean {
  return name.startsWith('gmail.users.');
}

/**
 * Puts the log's Gmail calls under one regime's per-user units a minute; over
 * it, calls fail with 429 "User-rate limit exceeded. Retry after <time>", the
 * time being when enough of the last minute's units have aged out.
 */
export function setGmailRegime(log: CallLog, regime: GmailQuotaRegime, wording: QuotaWording = 'retry-after'): CallLog {
  const r = GMAIL_REGIMES[regime];
  return log.setRateQuota('gmail', { limit: r.unitsPerMinute, windowMs: 60_000, weight: r.units, wording });
}

interface DailyState {
  quota: DailyQuota;
  windowStart: number | null;
  used: number;
}

interface RateState {
  quota: RateQuota;
  recent: { at: number; units: number }[];
}

export class CallLog {
  private readonly records: CallRecord[] = [];
  private readonly faults: FaultRule[] = [];
  /** Rules that let a call take effect, then lose its answer. */
  private readonly lostAnswers: FaultRule[] = [];
  private readonly daily = new Map<string, DailyState>();
  private readonly rate = new Map<string, RateState>();
  private readonly outages = new Map<string, number>();

  /** Every call so far, oldest first. */
  get calls(): readonly CallRecord[] {
    return this.records;
  }

  /** Calls whose name equals `name`, or that start with `name` + '.' (so 'gmail' counts the whole service). */
  count(name?: string): number {
    if (name === undefined) return this.records.length;
    return this.records.filter((r) => r.name === name || r.name.startsWith(`${name}.`)).length;
  }

  /** Calls per exact name. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.records) out[r.name] = (out[r.name] ?? 0) + 1;
    return out;
  }

  callsOf(name: string): CallRecord[] {
    return this.records.filter((r) => r.name === name || r.name.startsWith(`${name}.`));
  }

  /** Fails the k-th call from now, whatever the service (k = 1 is the next call). */
  failOnCall(k: number, error: ErrorSource): this {
    assertPositiveInteger(k, 'k');
    let seen = 0;
    return this.addFault(`call #${k} from now`, () => ++seen === k, error, 1);
  }

  /** Fails the k-th call from now of exactly this name (k = 1 is the next one). */
  failOnMethodCall(name: string, k: number, error: ErrorSource): this {
    assertPositiveInteger(k, 'k');
    let seen = 0;
    return this.addFault(`${name} call #${k} from now`, (c) => c.name === name && ++seen === k, error, 1);
  }

  /** Fails matching calls, `times` of them (default: every one). */
  failWhen(predicate: (call: CallRecord) => boolean, error: ErrorSource, times = Infinity): this {
    return this.addFault('predicate', predicate, error, times);
  }

  /**
   * The k-th call from now of this name (or of any name, when name is null) is
   * carried out, then its answer is lost: the caller gets `error` though the
   * change was made. What a dropped connection, a 5xx after the write or an
   * execution killed mid-call looks like to the script (Gmail API
   * handle-errors guide: 5xx "the request may or may not have been processed").
   */
  loseAnswerOnCall(name: string | null, k: number, error: ErrorSource = lostAnswerError): this {
    assertPositiveInteger(k, 'k');
    let seen = 0;
    this.lostAnswers.push({ description: `answer lost: ${name ?? 'any'} #${k}`, matches: (c) => (name === null || c.name === name) && ++seen === k, error, remaining: 1 });
    return this;
  }

  /** The error for a call whose effect happened but whose answer is lost, if a rule says so. */
  lostAnswerFor(call: CallRecord): Error | null {
    let hit: Error | null = null;
    for (const rule of this.lostAnswers) {
      if (rule.remaining <= 0) continue;
      if (rule.matches(call) && hit === null) {
        rule.remaining -= 1;
        hit = typeof rule.error === 'function' ? rule.error(call) : rule.error;
      }
    }
    return hit;
  }

  clearFaults(): this {
    this.lostAnswers.length = 0;
    this.faults.length = 0;
    return this;
  }

  setDailyQuota(service: string, quota: DailyQuota): this {
    this.daily.set(service, { quota, windowStart: null, used: 0 });
    return this;
  }

  setRateQuota(service: string, quota: RateQuota): this {
    this.rate.set(service, { quota, recent: [] });
    return this;
  }

  clearQuotas(): this {
    this.daily.clear();
    this.rate.clear();
    this.outages.clear();
    return this;
  }

  /**
   * Every call of `service` before `untilMs` fails with the Gmail API's 429
   * "User-rate limit exceeded. Retry after <untilMs>", as when a user's
   * per-minute budget is spent by another client of the same account.
   */
  setRetryAfterOutage(service: string, untilMs: number): this {
    this.outages.set(service, untilMs);
    return this;
  }

  /** Records a call; the runtime fills in its outcome. */
  begin(name: string, at: number, executionId: string | null): CallRecord {
    const record: CallRecord = {
      seq: this.records.length + 1,
      name,
      service: name.split('.')[0] ?? name,
      at,
      executionId,
      outcome: 'pending',
    };
    this.records.push(record);
    return record;
  }

  /** The scripted fault for this call, if any. Every rule sees every call, so counters stay exact. */
  faultFor(call: CallRecord): Error | null {
    let hit: Error | null = null;
    for (const rule of this.faults) {
      if (rule.remaining <= 0) continue;
      if (rule.matches(call) && hit === null) {
        rule.remaining -= 1;
        hit = typeof rule.error === 'function' ? rule.error(call) : rule.error;
      }
    }
    return hit;
  }

  /** Applies quotas; returns the error for an over-quota call, else charges the call and returns null. */
  quotaErrorFor(call: CallRecord, now: number): Error | null {
    const until = this.outages.get(call.service);
    if (until !== undefined && now < until) return retryAfterError(call, until);
    const d = this.daily.get(call.service);
    if (d) {
      if (d.windowStart === null || now >= d.windowStart + QUOTA_WINDOW_MS) {
        d.windowStart = now;
        d.used = 0;
      }
      if (d.used >= d.quota.limit) return quotaError(call, d.quota.wording ?? 'builtin', 'daily', d.quota.label);
    }
    const r = this.rate.get(call.service);
    let units = 0;
    if (r) {
      units = (r.quota.weight ?? (() => 1))(call.name);
      r.recent = r.recent.filter((x) => x.at > now - r.quota.windowMs);
      const used = r.recent.reduce((s, x) => s + x.units, 0);
      if (units > 0 && used + units > r.quota.limit) {
        const wording = r.quota.wording ?? (call.service === 'gmail' ? 'advanced' : 'builtin');
        if (wording === 'retry-after') return retryAfterError(call, freedAt(r, units, now));
        return quotaError(call, wording, 'rate', r.quota.label);
      }
    }
    if (d) d.used += 1;
    if (r && units > 0) r.recent.push({ at: now, units });
    return null;
  }

  private addFault(description: string, matches: (c: CallRecord) => boolean, error: ErrorSource, times: number): this {
    this.faults.push({ description, matches, error, remaining: times });
    return this;
  }
}

/** When enough of the window's units have aged out for a call of `units` to pass. */
function freedAt(r: RateState, units: number, now: number): number {
  let used = r.recent.reduce((sum, x) => sum + x.units, 0);
  for (const x of r.recent) {
    if (used + units <= r.quota.limit) break;
    used -= x.units;
    if (used + units <= r.quota.limit) return x.at + r.quota.windowMs + 1;
  }
  return now + r.quota.windowMs;
}

function retryAfterError(call: CallRecord, untilMs: number): Error {
  return googleJsonResponseException(call.name, 429, 'rateLimitExceeded', retryAfterMessage(untilMs), 'usageLimits');
}

function quotaError(call: CallRecord, wording: QuotaWording, kind: 'daily' | 'rate', label?: string): Error {
  const serviceLabel = label ?? call.service;
  if (wording === 'advanced') {
    if (kind === 'rate') return googleJsonResponseException(call.name, 403, 'rateLimitExceeded', WORDING.gmailRateLimit, 'usageLimits');
    return googleJsonResponseException(call.name, 403, 'dailyLimitExceeded', dailyQuotaMessage(serviceLabel), 'usageLimits');
  }
  return appsScriptException(kind === 'daily' ? dailyQuotaMessage(serviceLabel) : rateQuotaMessage(serviceLabel));
}

/** What Apps Script throws when Google's server fails mid-request (the documented server-error wording). */
function lostAnswerError(call: CallRecord): Error {
  return call.service === 'gmail'
    ? googleJsonResponseException(call.name, 500, 'backendError', 'Backend Error', 'global')
    : appsScriptException(WORDING.serverError);
}

function assertPositiveInteger(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`CallLog: ${what} must be a positive integer, got ${n}`);
}
