/**
 * The shared spine of every fake: one clock, one call log, and the execution
 * currently running. Each fake method body runs through `invoke`, which counts
 * the call, applies faults and quotas, charges latency to the clock and kills
 * the execution when the clock passes its deadline.
 */

import { CallLog } from './call-log';
import { Execution, ExecutionOptions, ExecutionTimeoutError, FakeClock, LATENCY_MS, latencyFor } from './fake-clock';
import { appsScriptException, WORDING } from './google-errors';

/**
 * "Triggers total runtime: 90 min / day" on consumer accounts, "6 hr / day" on
 * Google Workspace (developers.google.com/apps-script/guides/services/quotas#current_quotas).
 * Past it, Apps Script fails runs with "Service using too much computer time
 * for one day" (the quotas page's exception messages). Quotas "reset 24 hours
 * after the first request", so the window starts with the first trigger run.
 */
export const TRIGGER_RUNTIME_CAP_MS = { consumer: 90 * 60_000, workspace: 6 * 60 * 60_000 } as const;

interface RuntimeCap {
  limitMs: number;
  usedMs: number;
  windowStart: number | null;
}

export interface FakeRuntimeOptions {
  /** Clock start. Defaults to a fixed Monday, 2025-01-06T09:00:00Z, so runs never depend on the host clock. */
  start?: Date | number | string;
  /** Latency overrides merged over LATENCY_MS, same keys. */
  latency?: Readonly<Record<string, number>>;
}

export const DEFAULT_START = '2025-01-06T09:00:00Z';

export class FakeRuntime {
  readonly clock: FakeClock;
  readonly log = new CallLog();
  readonly latency: Readonly<Record<string, number>>;
  private current: Execution | null = null;
  private executionSeq = 0;
  private readonly executions: Execution[] = [];
  private cap: RuntimeCap | null = null;
  private readonly afterCallListeners: (() => void)[] = [];
  private inAfterCall = false;

  constructor(opts: FakeRuntimeOptions = {}) {
    this.clock = new FakeClock(opts.start ?? DEFAULT_START);
    this.latency = { ...LATENCY_MS, ...(opts.latency ?? {}) };
  }

  get currentExecution(): Execution | null {
    return this.current;
  }

  /** Every execution started so far. */
  get allExecutions(): readonly Execution[] {
    return this.executions;
  }

  /** Starts an execution and makes it current; its clock budget starts now. */
  startExecution(opts: ExecutionOptions = {}): Execution {
    const exec = new Execution(this.clock, { ...opts, id: opts.id ?? `exec-${++this.executionSeq}` });
    if (exec.trigger) {
      this.rollCapWindow();
      if (this.cap !== null && this.cap.windowStart === null) this.cap.windowStart = exec.startedAt;
      exec.whenEnded((e) => {
        if (this.cap !== null) this.cap.usedMs += this.clock.now() - e.startedAt;
      });
    }
    this.executions.push(exec);
    this.current = exec;
    return exec;
  }

  /**
   * Runs `fn` as a second execution that starts now while the current one is
   * still running (the current one stays current afterwards); its locks are
   * released when it ends, as Apps Script does.
   */
  runConcurrently<T>(opts: ExecutionOptions, fn: () => T): { result?: T; error?: unknown; execution: Execution } {
    const previous = this.current;
    const exec = this.startExecution(opts);
    try {
      return { result: fn(), execution: exec };
    } catch (error) {
      return { error, execution: exec };
    } finally {
      exec.end();
      this.current = previous;
    }
  }

  /** Makes `exec` current for the duration of `fn`, to interleave overlapping runs. */
  withExecution<T>(exec: Execution | null, fn: () => T): T {
    const previous = this.current;
    this.current = exec;
    try {
      return fn();
    } finally {
      this.current = previous;
    }
  }

  /** Ends the current execution (releasing its locks) and clears it. */
  endExecution(): void {
    this.current?.end();
    this.current = null;
  }

  /**
   * Runs one service call. Order: a dead execution throws at once; the call is
   * counted; a scripted fault or quota error throws; latency is charged; if that
   * takes the clock past the deadline the execution dies (the call's effect is
   * applied first only when the execution says 'applied'); otherwise `fn` runs.
   */
  invoke<T>(name: string, fn: () => T, latencyMs?: number): T {
    try {
      return this.invokeOnce(name, fn, latencyMs);
    } finally {
      this.notifyAfterCall();
    }
  }

  /**
   * Caps the runtime of trigger-started executions per 24 hours (see
   * TRIGGER_RUNTIME_CAP_MS); `usedMs` is runtime already spent today, e.g. by
   * the user's other scripts, since the cap is per user.
   */
  setTriggerRuntimeCap(limitMs: number, usedMs = 0): this {
    this.cap = { limitMs, usedMs, windowStart: usedMs > 0 ? this.clock.now() : null };
    return this;
  }

  /** Trigger runtime spent in the current window, ms (the running execution included). */
  triggerRuntimeUsed(): number {
    this.rollCapWindow();
    const running = this.current?.trigger === true && !this.current.ended ? this.clock.now() - this.current.startedAt : 0;
    return (this.cap?.usedMs ?? 0) + running;
  }

  /**
   * Runs `listener` after every service call (not re-entrantly), e.g. to start a
   * due trigger while another execution is mid-run (FakeScriptApp.fireConcurrently).
   */
  afterCall(listener: () => void): void {
    this.afterCallListeners.push(listener);
  }

  private notifyAfterCall(): void {
    if (this.inAfterCall || this.afterCallListeners.length === 0) return;
    this.inAfterCall = true;
    try {
      for (const l of this.afterCallListeners) l();
    } finally {
      this.inAfterCall = false;
    }
  }

  private rollCapWindow(): void {
    const cap = this.cap;
    if (cap === null || cap.windowStart === null) return;
    if (this.clock.now() >= cap.windowStart + 24 * 60 * 60_000) {
      cap.windowStart = null;
      cap.usedMs = 0;
    }
  }

  private overCap(exec: Execution | null): boolean {
    if (exec === null || !exec.trigger || this.cap === null) return false;
    this.rollCapWindow();
    return this.cap.usedMs + (this.clock.now() - exec.startedAt) > this.cap.limitMs;
  }

  private invokeOnce<T>(name: string, fn: () => T, latencyMs?: number): T {
    const exec = this.current;
    const call = this.log.begin(name, this.clock.now(), exec?.id ?? null);
    if (exec?.died) {
      call.outcome = 'timeout';
      throw new ExecutionTimeoutError(exec.id);
    }
    const cost = latencyMs ?? latencyFor(name, this.latency);
    if (this.overCap(exec)) {
      call.outcome = 'quota';
      throw appsScriptException(WORDING.tooMuchComputerTime);
    }
    const fault = this.log.faultFor(call);
    if (fault) {
      call.outcome = 'fault';
      this.charge(cost, call);
      throw fault;
    }
    const quota = this.log.quotaErrorFor(call, this.clock.now());
    if (quota) {
      call.outcome = 'quota';
      this.charge(cost, call);
      throw quota;
    }
    this.clock.advance(cost);
    if (exec?.isOverdue()) {
      call.outcome = 'timeout';
      if (exec.effectOnDeath === 'applied') {
        try {
          fn();
        } catch {
          // The script is dying anyway; a failed effect is simply not applied.
        }
      }
      exec.check();
    }
    try {
      const result = fn();
      call.outcome = 'ok';
      const lost = this.log.lostAnswerFor(call);
      if (lost) {
        call.outcome = 'fault';
        throw lost;
      }
      return result;
    } catch (e) {
      if (call.outcome === 'fault') throw e;
      call.outcome = 'threw';
      throw e;
    }
  }

  /** Advances the clock as Utilities.sleep does, then enforces the deadline. */
  sleep(ms: number): void {
    this.clock.advance(ms);
    this.current?.check();
  }

  private charge(cost: number, call: { outcome: string }): void {
    this.clock.advance(cost);
    if (this.current?.isOverdue()) {
      call.outcome = 'timeout';
      this.current.check();
    }
  }
}
