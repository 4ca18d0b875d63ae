/**
 * The shared spine of every fake: one clock, one call log, and the execution
 * currently running. Each fake method body runs through `invoke`, which counts
 * the call, applies faults and quotas, charges latency to the clock and kills
 * the execution when the clock passes its deadline.
 */

import { CallLog } from './call-log';
import { Execution, ExecutionOptions, ExecutionTimeoutError, FakeClock, LATENCY_MS, latencyFor } from './fake-clock';

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
    this.executions.push(exec);
    this.current = exec;
    return exec;
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
    const exec = this.current;
    const call = this.log.begin(name, this.clock.now(), exec?.id ?? null);
    if (exec?.died) {
      call.outcome = 'timeout';
      throw new ExecutionTimeoutError(exec.id);
    }
    const cost = latencyMs ?? latencyFor(name, this.latency);
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
