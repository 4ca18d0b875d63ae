/**
 * One clock shared by every fake, and the execution budget it enforces.
 *
 * Nothing here reads the host's time: a FakeClock starts where the test says and
 * moves only when a service call or Utilities.sleep advances it.
 */

import { WORDING } from './google-errors';

/**
 * Per-execution runtime limits, in ms.
 * - script: "Script runtime 6 min / execution" (consumer and Workspace alike).
 * - cardAction: "Google Workspace add-on runtime 30 sec / execution"; a card
 *   callback that overruns is reported as "Exceeded maximum execution time"
 *   (github.com/ttsukagoshi/mail-merge-for-gmail/issues/62), so both kinds share one wording.
 * - customFunction: "Custom function runtime 30 sec / execution".
 * Source: developers.google.com/apps-script/guides/services/quotas#current_limitations
 */
export const EXECUTION_LIMIT_MS = {
  script: 6 * 60 * 1000,
  cardAction: 30 * 1000,
  customFunction: 30 * 1000,
} as const;

export type ExecutionKind = keyof typeof EXECUTION_LIMIT_MS;

/**
 * Wall-clock cost of each call, in ms, charged to the shared clock. Keys are the
 * call names the CallLog counts (`service.method`); `service.*` is the default for
 * a service, and anything unlisted costs 0 ms (pure local work such as building a
 * request object or reading a Range's row number).
 *
 * Sources and rationale:
 * - gmail.*: 100 ms per Advanced Gmail Service request, the community's usual
 *   figure for one REST round trip from Apps Script; no measurement of our own
 *   yet, so it is an assumption to revisit when a spike times real calls. The
 *   Gmail.new*() request factories run locally and cost 0.
 * - properties.*: averages of 100 consecutive calls measured by L. Peralta,
 *   "Google Apps Script APIs performance" (ziritione.org/post/apps_script_performance):
 *   getProperty 30-34 ms, setProperty 62-64 ms.
 * - cache.*: same source: get 3-4 ms, put 92-93 ms; remove is unmeasured and
 *   priced like put (both are memcache writes).
 * - spreadsheet.*: assumptions, order of magnitude only: opening a file is a
 *   Drive/Sheets round trip (~300 ms), a values read or write ~100 ms, metadata
 *   reads served from the already loaded document 0-10 ms.
 * - lock.*, script.*: assumptions (~20 ms lock service hop, ~200 ms trigger
 *   service write). A contended waitLock/tryLock additionally waits its timeout.
 * - utilities.sleep: the requested duration, charged by the fake itself.
 */
export const LATENCY_MS: Readonly<Record<string, number>> = {
  'gmail.*': 100,
  'properties.getProperty': 30,
  'properties.getProperties': 30,
  'properties.getKeys': 30,
  'properties.setProperty': 62,
  'properties.setProperties': 62,
  'properties.deleteProperty': 62,
  'properties.deleteAllProperties': 62,
  'cache.get': 3,
  'cache.getAll': 3,
  'cache.put': 93,
  'cache.putAll': 93,
  'cache.remove': 93,
  'cache.removeAll': 93,
  'spreadsheet.SpreadsheetApp.openById': 300,
  'spreadsheet.SpreadsheetApp.openByUrl': 300,
  'spreadsheet.SpreadsheetApp.create': 1000,
  'spreadsheet.SpreadsheetApp.flush': 100,
  'spreadsheet.Range.getValues': 100,
  'spreadsheet.Range.getDisplayValues': 100,
  'spreadsheet.Range.getFormulas': 100,
  'spreadsheet.Range.setValues': 100,
  'spreadsheet.Range.setValue': 50,
  'spreadsheet.Spreadsheet.insertSheet': 200,
  'spreadsheet.Spreadsheet.deleteSheet': 200,
  'spreadsheet.Sheet.sort': 100,
  'spreadsheet.*': 10,
  'lock.tryLock': 20,
  'lock.waitLock': 20,
  'lock.releaseLock': 20,
  'script.TriggerBuilder.create': 200,
  'script.ScriptApp.getProjectTriggers': 50,
  'script.ScriptApp.deleteTrigger': 100,
};

/** Resolves a call's latency: exact name, then the longest `prefix.*` match, then 0. */
export function latencyFor(name: string, table: Readonly<Record<string, number>> = LATENCY_MS): number {
  const exact = table[name];
  if (exact !== undefined) return exact;
  const parts = name.split('.');
  for (let i = parts.length - 1; i >= 1; i--) {
    const wildcard = table[`${parts.slice(0, i).join('.')}.*`];
    if (wildcard !== undefined) return wildcard;
  }
  return 0;
}

export class FakeClock {
  private ms: number;

  constructor(start: Date | number | string) {
    this.ms = typeof start === 'number' ? start : new Date(start).getTime();
    if (!Number.isFinite(this.ms)) throw new Error(`FakeClock: invalid start ${String(start)}`);
  }

  now(): number {
    return this.ms;
  }

  date(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): number {
    if (!(ms >= 0)) throw new Error(`FakeClock: cannot advance by ${ms} ms`);
    this.ms += ms;
    return this.ms;
  }

  /** Moves to a later instant; the clock never runs backwards. */
  setTo(instant: Date | number | string): number {
    const target = typeof instant === 'number' ? instant : new Date(instant).getTime();
    if (!(target >= this.ms)) throw new Error(`FakeClock: cannot move back from ${this.ms} to ${target}`);
    this.ms = target;
    return this.ms;
  }
}

/**
 * Thrown when the clock passes an execution's deadline. In Apps Script this
 * termination cannot be caught; the fake cannot enforce that, so once an
 * execution has died every later call in it throws again and `execution.died`
 * stays true for the test to assert.
 */
export class ExecutionTimeoutError extends Error {
  constructor(readonly executionId: string) {
    super(WORDING.exceededMaxExecutionTime);
    this.name = 'Exception';
  }
}

/** What happens to the call that crosses the deadline. */
export type EffectOnDeath = 'lost' | 'applied';

export interface ExecutionOptions {
  id?: string;
  kind?: ExecutionKind;
  /** Overrides the kind's limit, in ms. */
  limitMs?: number;
  /**
   * 'lost' (default): the call that crosses the deadline has no effect.
   * 'applied': it takes effect server-side but the script dies before seeing the
   * result, e.g. a draft exists that the run never recorded.
   */
  effectOnDeath?: EffectOnDeath;
  /**
   * A time-driven trigger started this run: its runtime counts toward the daily
   * trigger-runtime cap (FakeRuntime.setTriggerRuntimeCap).
   */
  trigger?: boolean;
}

export class Execution {
  readonly id: string;
  readonly kind: ExecutionKind;
  readonly startedAt: number;
  readonly limitMs: number;
  readonly effectOnDeath: EffectOnDeath;
  readonly trigger: boolean;
  died = false;
  ended = false;
  private readonly onEnd: ((e: Execution) => void)[] = [];

  constructor(
    private readonly clock: FakeClock,
    opts: ExecutionOptions & { id: string },
  ) {
    this.id = opts.id;
    this.kind = opts.kind ?? 'script';
    this.startedAt = clock.now();
    this.limitMs = opts.limitMs ?? EXECUTION_LIMIT_MS[this.kind];
    this.effectOnDeath = opts.effectOnDeath ?? 'lost';
    this.trigger = opts.trigger ?? false;
  }

  get deadline(): number {
    return this.startedAt + this.limitMs;
  }

  elapsedMs(): number {
    return this.clock.now() - this.startedAt;
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - this.clock.now());
  }

  /** True once the clock has passed the deadline ("passes 6 minutes", so exactly 6:00.000 is still alive). */
  isOverdue(): boolean {
    return this.clock.now() > this.deadline;
  }

  /** Throws if dead or overdue, marking the execution dead and ending it. */
  check(): void {
    if (this.died) throw new ExecutionTimeoutError(this.id);
    if (this.isOverdue()) {
      this.died = true;
      this.end();
      throw new ExecutionTimeoutError(this.id);
    }
  }

  whenEnded(listener: (e: Execution) => void): void {
    this.onEnd.push(listener);
  }

  /** Ends the run: Apps Script releases the run's locks when it finishes or dies. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const l of this.onEnd) l(this);
  }
}
