/**
 * ScriptApp with installable clock triggers that are recorded, never run.
 *
 * `fireDue(now)` tells a test which triggers would have fired; calling the
 * handler, and deleting a spent one-shot trigger, is the code under test's job.
 * As in Apps Script, a one-shot trigger (after/at/atDate) stays in
 * getProjectTriggers() after it fires, and keeps counting toward the cap, until
 * the script deletes it.
 *
 * Cap: "Triggers 20 / user / script" (developers.google.com/apps-script/guides/services/quotas#current_limitations);
 * the 21st create() throws "This script has too many triggers. Triggers must be
 * deleted from the script before more can be added."
 *
 * Timing is exact where Apps Script is approximate (after(): "the actual duration
 * may vary, but it won't be less than your specified minimum"; atDate() "near
 * midnight (+/- 15 minutes)"; nearMinute() "plus or minus 15 minutes", per
 * developers.google.com/apps-script/reference/script/clock-trigger-builder): the
 * fake fires at the nominal instant so tests are deterministic.
 */

import { FakeRuntime } from './fake-runtime';
import { appsScriptException, WORDING } from './google-errors';
import { fakeEnum, notImplemented } from './not-implemented';
import { isValidTimeZone, zonedParts, zonedTimeToEpoch } from './time-zone';

export const MAX_TRIGGERS_PER_USER_PER_SCRIPT = 20;

/** ClockTriggerBuilder.everyMinutes: "n: the number of minutes between executions, which must be 1, 5, 10, 15 or 30". */
export const EVERY_MINUTES_ALLOWED = [1, 5, 10, 15, 30] as const;

const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

/** What a test can inspect about a clock trigger: the builder calls, as data. */
export interface ClockTriggerSpec {
  afterMs?: number;
  at?: number;
  atDate?: { year: number; month: number; day: number };
  everyMinutes?: number;
  everyHours?: number;
  everyDays?: number;
  everyWeeks?: number;
  onWeekDay?: (typeof WEEKDAYS)[number];
  onMonthDay?: number;
  atHour?: number;
  nearMinute?: number;
  timeZone?: string;
}

export interface FiredTrigger {
  trigger: FakeTrigger;
  /** The latest scheduled instant inside the window, ms since the epoch. */
  at: number;
  /** How many scheduled instants fell inside the window (missed runs are not replayed). */
  occurrences: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export class FakeTrigger implements GoogleAppsScript.Script.Trigger {
  deleted = false;
  /** Instants fireDue reported for this trigger. */
  readonly firedAt: number[] = [];
  lastCheckedAt: number;

  constructor(
    private readonly rt: FakeRuntime,
    readonly uniqueId: string,
    readonly handlerFunction: string,
    readonly spec: Readonly<ClockTriggerSpec>,
    readonly createdAt: number,
    readonly timeZone: string,
  ) {
    this.lastCheckedAt = createdAt;
  }

  getUniqueId(): string {
    return this.rt.invoke('script.Trigger.getUniqueId', () => this.uniqueId, 0);
  }
  getHandlerFunction(): string {
    return this.rt.invoke('script.Trigger.getHandlerFunction', () => this.handlerFunction, 0);
  }
  getEventType(): GoogleAppsScript.Script.EventType {
    return this.rt.invoke('script.Trigger.getEventType', () => 'CLOCK' as unknown as GoogleAppsScript.Script.EventType, 0);
  }
  getTriggerSource(): GoogleAppsScript.Script.TriggerSource {
    return this.rt.invoke('script.Trigger.getTriggerSource', () => 'CLOCK' as unknown as GoogleAppsScript.Script.TriggerSource, 0);
  }
  /** Trigger.getTriggerSourceId: "For clock triggers, this returns null." */
  getTriggerSourceId(): string {
    return this.rt.invoke('script.Trigger.getTriggerSourceId', () => null as unknown as string, 0);
  }

  get oneShot(): boolean {
    return this.spec.afterMs !== undefined || this.spec.at !== undefined || this.spec.atDate !== undefined;
  }

  /** Scheduled instants in (from, to]. */
  occurrencesBetween(from: number, to: number): number[] {
    const s = this.spec;
    const out: number[] = [];
    const push = (t: number): void => {
      if (t > from && t <= to) out.push(t);
    };
    if (s.afterMs !== undefined) push(this.createdAt + s.afterMs);
    else if (s.at !== undefined) push(s.at);
    else if (s.atDate !== undefined) {
      push(zonedTimeToEpoch(this.timeZone, s.atDate.year, s.atDate.month, s.atDate.day, s.atHour ?? 0, s.nearMinute ?? 0));
    } else if (s.everyMinutes !== undefined || s.everyHours !== undefined) {
      const period = s.everyMinutes !== undefined ? s.everyMinutes * MINUTE : (s.everyHours ?? 1) * HOUR;
      const firstK = Math.max(1, Math.floor((from - this.createdAt) / period) + 1);
      for (let k = firstK; this.createdAt + k * period <= to; k++) push(this.createdAt + k * period);
    } else {
      const created = zonedParts(this.createdAt, this.timeZone);
      const hour = s.atHour ?? created.hour;
      const minute = s.nearMinute ?? 0;
      const localDay = (offsetDays: number): number => {
        const d = new Date(Date.UTC(created.year, created.month - 1, created.day + offsetDays));
        return zonedTimeToEpoch(this.timeZone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), hour, minute);
      };
      if (s.onMonthDay !== undefined) {
        for (let k = 0; ; k++) {
          const y = created.year + Math.floor((created.month - 1 + k) / 12);
          const m = ((created.month - 1 + k) % 12) + 1;
          const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
          if (s.onMonthDay > daysInMonth) continue;
          const t = zonedTimeToEpoch(this.timeZone, y, m, s.onMonthDay, hour, minute);
          if (t > to) break;
          if (t > this.createdAt) push(t);
        }
      } else {
        let step = s.everyDays ?? 1;
        let offset = 0;
        if (s.everyWeeks !== undefined) {
          step = 7 * s.everyWeeks;
          const wanted = s.onWeekDay === undefined ? created.weekday : WEEKDAYS.indexOf(s.onWeekDay);
          offset = (wanted - created.weekday + 7) % 7;
          if (localDay(offset) <= this.createdAt) offset += 7;
        } else if (localDay(0) <= this.createdAt) {
          offset = 1;
        }
        const skip = Math.max(0, Math.floor((from - this.createdAt) / (step * DAY)) - 1);
        for (let k = skip; ; k++) {
          const t = localDay(offset + k * step);
          if (t > to) break;
          push(t);
        }
      }
    }
    return out;
  }
}

export class FakeClockTriggerBuilder implements GoogleAppsScript.Script.ClockTriggerBuilder {
  private readonly spec: ClockTriggerSpec = {};

  constructor(
    private readonly app: FakeScriptApp,
    private readonly handler: string,
  ) {}

  private step(method: string, fn: () => void): this {
    return this.app.runtime.invoke(
      `script.ClockTriggerBuilder.${method}`,
      () => {
        fn();
        return this;
      },
      0,
    );
  }

  after(durationMilliseconds: number): this {
    return this.step('after', () => {
      if (!(durationMilliseconds >= 0)) throw new Error(`FakeScriptApp: after() needs a non-negative duration, got ${durationMilliseconds}`);
      this.spec.afterMs = durationMilliseconds;
    });
  }
  at(date: Date): this {
    return this.step('at', () => {
      this.spec.at = new Date(date).getTime();
    });
  }
  atDate(year: number, month: number, day: number): this {
    return this.step('atDate', () => {
      this.spec.atDate = { year, month, day };
    });
  }
  atHour(hour: number): this {
    return this.step('atHour', () => {
      if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new Error(`FakeScriptApp: atHour() needs 0..23, got ${hour}`);
      this.spec.atHour = hour;
    });
  }
  nearMinute(minute: number): this {
    return this.step('nearMinute', () => {
      if (!Number.isInteger(minute) || minute < 0 || minute > 59) throw new Error(`FakeScriptApp: nearMinute() needs 0..59, got ${minute}`);
      this.spec.nearMinute = minute;
    });
  }
  everyMinutes(n: number): this {
    return this.step('everyMinutes', () => {
      if (!(EVERY_MINUTES_ALLOWED as readonly number[]).includes(n)) {
        throw new Error(`FakeScriptApp: everyMinutes() accepts 1, 5, 10, 15 or 30, got ${n}`);
      }
      this.spec.everyMinutes = n;
    });
  }
  everyHours(n: number): this {
    return this.step('everyHours', () => {
      if (!Number.isInteger(n) || n < 1) throw new Error(`FakeScriptApp: everyHours() needs a positive integer, got ${n}`);
      this.spec.everyHours = n;
    });
  }
  everyDays(n: number): this {
    return this.step('everyDays', () => {
      if (!Number.isInteger(n) || n < 1) throw new Error(`FakeScriptApp: everyDays() needs a positive integer, got ${n}`);
      this.spec.everyDays = n;
    });
  }
  everyWeeks(n: number): this {
    return this.step('everyWeeks', () => {
      if (!Number.isInteger(n) || n < 1) throw new Error(`FakeScriptApp: everyWeeks() needs a positive integer, got ${n}`);
      this.spec.everyWeeks = n;
    });
  }
  onWeekDay(day: GoogleAppsScript.Base.Weekday): this {
    return this.step('onWeekDay', () => {
      const name = typeof day === 'number' ? WEEKDAYS[day] : String(day);
      const match = WEEKDAYS.find((d) => d === name);
      if (!match) throw new Error(`FakeScriptApp: onWeekDay() needs a ScriptApp.WeekDay, got ${String(day)}`);
      this.spec.onWeekDay = match;
    });
  }
  onMonthDay(day: number): this {
    return this.step('onMonthDay', () => {
      if (!Number.isInteger(day) || day < 1 || day > 31) throw new Error(`FakeScriptApp: onMonthDay() needs 1..31, got ${day}`);
      this.spec.onMonthDay = day;
    });
  }
  inTimezone(timezone: string): this {
    return this.step('inTimezone', () => {
      if (!isValidTimeZone(timezone)) throw new Error(`FakeScriptApp: inTimezone() got an unknown zone ${timezone}`);
      this.spec.timeZone = timezone;
    });
  }

  create(): FakeTrigger {
    return this.app.runtime.invoke('script.TriggerBuilder.create', () => {
      const s = this.spec;
      const kinds = [
        s.afterMs !== undefined,
        s.at !== undefined,
        s.atDate !== undefined,
        s.everyMinutes !== undefined,
        s.everyHours !== undefined,
        s.everyDays !== undefined,
        s.everyWeeks !== undefined,
        s.onMonthDay !== undefined,
      ].filter(Boolean).length;
      if (kinds === 0) throw new Error('FakeScriptApp: a clock trigger needs after(), at(), atDate(), onMonthDay() or an every*() recurrence');
      if (kinds > 1) throw new Error('FakeScriptApp: a clock trigger takes exactly one schedule');
      if (s.onWeekDay !== undefined && s.everyWeeks === undefined) throw new Error('FakeScriptApp: onWeekDay() needs everyWeeks()');
      if (s.atHour !== undefined && s.everyMinutes !== undefined) throw new Error('FakeScriptApp: atHour() does not combine with everyMinutes()');
      this.app.checkAddonLimit(s);
      return this.app.register(this.handler, { ...s });
    });
  }
}

export class FakeTriggerBuilder implements GoogleAppsScript.Script.TriggerBuilder {
  constructor(
    private readonly app: FakeScriptApp,
    private readonly handler: string,
  ) {}

  timeBased(): FakeClockTriggerBuilder {
    return this.app.runtime.invoke('script.TriggerBuilder.timeBased', () => new FakeClockTriggerBuilder(this.app, this.handler), 0);
  }

  // Not modelled: each throws NotImplementedError.
  forDocument(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'TriggerBuilder.forDocument');
  }
  forForm(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'TriggerBuilder.forForm');
  }
  forSpreadsheet(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'TriggerBuilder.forSpreadsheet');
  }
  forUserCalendar(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'TriggerBuilder.forUserCalendar');
  }
}

class FakeAuthorizationInfo implements GoogleAppsScript.Script.AuthorizationInfo {
  constructor(
    private readonly required: boolean,
    private readonly authorized: string[],
  ) {}

  /**
   * The granular-consent addition (2025): the scopes the user granted among those
   * asked about, or among the manifest's when none were named. Not in @types 2.0.13.
   */
  getAuthorizedScopes(): string[] {
    return [...this.authorized];
  }

  getAuthorizationStatus(): GoogleAppsScript.Script.AuthorizationStatus {
    return (this.required ? 'REQUIRED' : 'NOT_REQUIRED') as unknown as GoogleAppsScript.Script.AuthorizationStatus;
  }

  getAuthorizationUrl(): string {
    return this.required ? 'https://script.google.com/macros/d/fake/authorize' : (null as unknown as string);
  }
}

export interface FakeScriptAppOptions {
  /**
   * Add-on context: a card callback (an execution of kind 'cardAction') may not
   * create a time-driven trigger that fires sooner than an hour from now or more
   * often than hourly. Source: developers.google.com/apps-script/guides/triggers/installable,
   * Restrictions / Time-driven triggers: "add-ons can use time-driven triggers at
   * most once an hour". Default true; Google publishes no wording, see WORDING.
   */
  addonTriggerLimit?: boolean;
  scriptId?: string;
  /** The script's time zone (appsscript.json timeZone); triggers use it unless inTimezone() says otherwise. */
  timeZone?: string;
  /** Scopes the user has granted. Default: every scope requireScopes is asked about. */
  grantedScopes?: readonly string[];
  /** Scopes the manifest declares, for requireAllScopes. */
  declaredScopes?: readonly string[];
}

export class FakeScriptApp implements GoogleAppsScript.Script.ScriptApp {
  private readonly live: FakeTrigger[] = [];
  /** Triggers the script deleted, in order. */
  readonly deletedTriggers: FakeTrigger[] = [];
  private triggerSeq = 0;
  private tokenSeq = 0;
  readonly scriptId: string;
  readonly timeZone: string;

  readonly AuthMode = fakeEnum<typeof GoogleAppsScript.Script.AuthMode>(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL']);
  readonly AuthorizationStatus = fakeEnum<typeof GoogleAppsScript.Script.AuthorizationStatus>(['REQUIRED', 'NOT_REQUIRED']);
  readonly EventType = fakeEnum<typeof GoogleAppsScript.Script.EventType>([
    'CLOCK',
    'ON_OPEN',
    'ON_EDIT',
    'ON_FORM_SUBMIT',
    'ON_CHANGE',
    'ON_EVENT_UPDATED',
  ]);
  readonly InstallationSource = fakeEnum<typeof GoogleAppsScript.Script.InstallationSource>([
    'APPS_MARKETPLACE_DOMAIN_ADD_ON',
    'NONE',
    'WEB_STORE_ADD_ON',
  ]);
  readonly TriggerSource = fakeEnum<typeof GoogleAppsScript.Script.TriggerSource>([
    'SPREADSHEETS',
    'CLOCK',
    'FORMS',
    'DOCUMENTS',
    'CALENDAR',
  ]);
  readonly WeekDay = fakeEnum<typeof GoogleAppsScript.Base.Weekday>(WEEKDAYS);

  constructor(
    readonly runtime: FakeRuntime,
    private readonly opts: FakeScriptAppOptions = {},
  ) {
    this.scriptId = opts.scriptId ?? '1FakeScriptId0000000000000000000000000000000000000000000';
    this.timeZone = opts.timeZone ?? 'Etc/UTC';
  }

  newTrigger(functionName: string): FakeTriggerBuilder {
    return this.runtime.invoke('script.ScriptApp.newTrigger', () => new FakeTriggerBuilder(this, functionName), 0);
  }

  getProjectTriggers(): FakeTrigger[] {
    return this.runtime.invoke('script.ScriptApp.getProjectTriggers', () => [...this.live]);
  }

  deleteTrigger(trigger: GoogleAppsScript.Script.Trigger): void {
    this.runtime.invoke('script.ScriptApp.deleteTrigger', () => {
      const id = trigger instanceof FakeTrigger ? trigger.uniqueId : trigger.getUniqueId();
      const i = this.live.findIndex((t) => t.uniqueId === id);
      if (i < 0) return;
      const [gone] = this.live.splice(i, 1);
      if (gone) {
        gone.deleted = true;
        this.deletedTriggers.push(gone);
      }
    });
  }

  getOAuthToken(): string {
    return this.runtime.invoke('script.ScriptApp.getOAuthToken', () => `ya29.fake-token-${++this.tokenSeq}`, 0);
  }

  getScriptId(): string {
    return this.runtime.invoke('script.ScriptApp.getScriptId', () => this.scriptId, 0);
  }

  /** Also accepts the 2025 `(authMode, oAuthScopes)` form, which @types 2.0.13 does not declare. */
  getAuthorizationInfo(_authMode: GoogleAppsScript.Script.AuthMode, oAuthScopes?: string[]): FakeAuthorizationInfo {
    return this.runtime.invoke(
      'script.ScriptApp.getAuthorizationInfo',
      () => {
        const asked = oAuthScopes ?? [...this.declared()];
        const missing = this.missing(asked);
        return new FakeAuthorizationInfo(missing.length > 0, asked.filter((x) => !missing.includes(x)));
      },
      0,
    );
  }

  /** Throws "Authorization is required to perform that action." when any scope is not granted. */
  requireScopes(_authMode: GoogleAppsScript.Script.AuthMode, oAuthScopes: string[]): void {
    this.runtime.invoke('script.ScriptApp.requireScopes', () => {
      if (this.missing(oAuthScopes).length > 0) throw appsScriptException(WORDING.authorizationRequired);
    }, 0);
  }

  requireAllScopes(_authMode: GoogleAppsScript.Script.AuthMode): void {
    this.runtime.invoke('script.ScriptApp.requireAllScopes', () => {
      if (this.missing(this.declared()).length > 0) throw appsScriptException(WORDING.authorizationRequired);
    }, 0);
  }

  /** Throws in add-on context for a trigger sooner or more frequent than hourly (see addonTriggerLimit). */
  checkAddonLimit(spec: ClockTriggerSpec): void {
    if (this.opts.addonTriggerLimit === false || this.runtime.currentExecution?.kind !== 'cardAction') return;
    const now = this.runtime.clock.now();
    const tooSoon =
      (spec.afterMs !== undefined && spec.afterMs < HOUR) ||
      (spec.at !== undefined && spec.at < now + HOUR) ||
      spec.everyMinutes !== undefined;
    if (tooSoon) throw appsScriptException(WORDING.addonTriggerTooFrequent);
  }

  // ---- test-side helpers (not service calls) ----------------------------------

  /**
   * Due triggers fire while another execution is running: after every service
   * call, each trigger that came due starts `run` as a concurrent execution
   * (trigger-started, so it counts toward the runtime cap). Apps Script starts a
   * due trigger whether or not another execution of the script is running; that is
   * what LockService is for (developers.google.com/apps-script/reference/lock,
   * "prevents concurrent access to sections of code"), and after() is only a
   * minimum delay (ClockTriggerBuilder.after). Spent one-shot triggers stay listed
   * until the script deletes them, as before.
   */
  fireConcurrently(run: (trigger: FakeTrigger) => unknown): void {
    this.runtime.afterCall(() => {
      const current = this.runtime.currentExecution;
      if (current === null || current.ended) return;
      for (const fired of this.fireDue(this.runtime.clock.now())) {
        this.concurrentRuns.push(this.runtime.runConcurrently({ trigger: true }, () => run(fired.trigger)));
      }
    });
  }

  /** What each concurrently fired run returned or threw, in order. */
  readonly concurrentRuns: { result?: unknown; error?: unknown }[] = [];

  /** Records a new trigger, enforcing the per-user cap. Used by the builder's create(). */
  register(handler: string, spec: ClockTriggerSpec): FakeTrigger {
    if (this.live.length >= MAX_TRIGGERS_PER_USER_PER_SCRIPT) throw appsScriptException(WORDING.tooManyTriggers);
    this.triggerSeq += 1;
    const id = (7592073902986100000n + BigInt(this.triggerSeq)).toString();
    const t = new FakeTrigger(this.runtime, id, handler, spec, this.runtime.clock.now(), spec.timeZone ?? this.timeZone);
    this.live.push(t);
    return t;
  }

  /** Triggers that exist now, uncounted. */
  get triggers(): readonly FakeTrigger[] {
    return this.live;
  }

  /**
   * Which triggers would have fired since the previous fireDue (or their
   * creation) up to `now` (default: the clock). One-shot triggers fire once.
   */
  fireDue(now: number = this.runtime.clock.now()): FiredTrigger[] {
    const fired: FiredTrigger[] = [];
    for (const t of this.live) {
      if (t.oneShot && t.firedAt.length > 0) continue;
      const hits = t.occurrencesBetween(t.lastCheckedAt, now);
      t.lastCheckedAt = Math.max(t.lastCheckedAt, now);
      const last = hits[hits.length - 1];
      if (last === undefined) continue;
      t.firedAt.push(last);
      fired.push({ trigger: t, at: last, occurrences: hits.length });
    }
    return fired;
  }

  private declared(): readonly string[] {
    return this.opts.declaredScopes ?? [];
  }

  private missing(scopes: readonly string[]): string[] {
    const granted = this.opts.grantedScopes;
    if (granted === undefined) return [];
    return scopes.filter((s) => !granted.includes(s));
  }

  // Not modelled: each throws NotImplementedError.
  getIdentityToken(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'getIdentityToken');
  }
  getInstallationSource(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'getInstallationSource');
  }
  getService(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'getService');
  }
  getUserTriggers(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'getUserTriggers');
  }
  invalidateAuth(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'invalidateAuth');
  }
  newStateToken(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'newStateToken');
  }
  getProjectKey(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'getProjectKey');
  }
  getScriptTriggers(..._args: unknown[]): never {
    return notImplemented('FakeScriptApp', 'getScriptTriggers');
  }
}
