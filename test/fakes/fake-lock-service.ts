/**
 * LockService with explicit executions, so two overlapping runs can be staged
 * in one single-threaded test.
 *
 * A lock belongs to an execution (Apps Script releases it when the execution
 * ends or dies). The fake cannot block while another run finishes, so a
 * contended tryLock/waitLock charges its whole timeout to the shared clock and
 * then fails: tryLock returns false, waitLock throws "Lock timeout: another
 * process was holding the lock for too long." (the text Apps Script throws).
 *
 * Within one execution the lock is re-entrant: a second Lock object from the
 * same execution acquires at once. Google does not document this case.
 */

import { Execution } from './fake-clock';
import { FakeRuntime } from './fake-runtime';
import { appsScriptException, WORDING } from './google-errors';

export type LockScope = 'script' | 'user' | 'document';

/** Execution id used when a test runs calls with no execution started. */
export const NO_EXECUTION = 'no-execution';

interface LockState {
  holder: string | null;
}

export class FakeLock implements GoogleAppsScript.Lock.Lock {
  private held = false;

  constructor(
    private readonly svc: LockRegistry,
    private readonly scope: LockScope,
    private readonly executionId: () => string,
  ) {}

  hasLock(): boolean {
    return this.svc.rt.invoke('lock.hasLock', () => this.held && this.svc.state(this.scope).holder === this.executionId());
  }

  tryLock(timeoutInMillis: number): boolean {
    return this.svc.rt.invoke('lock.tryLock', () => this.acquire(timeoutInMillis));
  }

  waitLock(timeoutInMillis: number): void {
    this.svc.rt.invoke('lock.waitLock', () => {
      if (!this.acquire(timeoutInMillis)) throw appsScriptException(WORDING.lockTimeout);
    });
  }

  releaseLock(): void {
    this.svc.rt.invoke('lock.releaseLock', () => {
      const state = this.svc.state(this.scope);
      if (this.held && state.holder === this.executionId()) state.holder = null;
      this.held = false;
    });
  }

  private acquire(timeoutInMillis: number): boolean {
    const state = this.svc.state(this.scope);
    const me = this.executionId();
    if (state.holder === null || state.holder === me) {
      state.holder = me;
      this.held = true;
      this.svc.watch(me);
      return true;
    }
    this.svc.rt.clock.advance(Math.max(0, timeoutInMillis));
    this.svc.executionById(me)?.check();
    this.held = false;
    return false;
  }
}

/** The locks themselves, shared by every view of the service. */
class LockRegistry {
  private readonly states = new Map<LockScope, LockState>();
  private readonly watched = new Set<string>();

  constructor(readonly rt: FakeRuntime) {}

  state(scope: LockScope): LockState {
    let s = this.states.get(scope);
    if (!s) {
      s = { holder: null };
      this.states.set(scope, s);
    }
    return s;
  }

  executionById(id: string): Execution | undefined {
    return this.rt.allExecutions.find((e) => e.id === id);
  }

  /** Releases an execution's locks when it ends, as Apps Script does. */
  watch(executionId: string): void {
    if (this.watched.has(executionId)) return;
    const exec = this.executionById(executionId);
    if (!exec) return;
    this.watched.add(executionId);
    exec.whenEnded(() => this.releaseAll(executionId));
  }

  releaseAll(executionId: string): void {
    for (const s of this.states.values()) if (s.holder === executionId) s.holder = null;
  }

  holder(scope: LockScope): string | null {
    return this.state(scope).holder;
  }
}

export interface FakeLockServiceOptions {
  /** A standalone script has no document lock: getDocumentLock() returns null. */
  containerBound?: boolean;
}

export class FakeLockService implements GoogleAppsScript.Lock.LockService {
  private readonly registry: LockRegistry;

  constructor(
    readonly runtime: FakeRuntime,
    private readonly opts: FakeLockServiceOptions = {},
    registry?: LockRegistry,
    private readonly boundExecution?: string,
  ) {
    this.registry = registry ?? new LockRegistry(runtime);
  }

  /** The service as seen by one execution, whichever execution is current. */
  forExecution(executionId: string): FakeLockService {
    return new FakeLockService(this.runtime, this.opts, this.registry, executionId);
  }

  getScriptLock(): FakeLock {
    return this.runtime.invoke('lock.getScriptLock', () => this.lock('script'), 0);
  }

  getUserLock(): FakeLock {
    return this.runtime.invoke('lock.getUserLock', () => this.lock('user'), 0);
  }

  getDocumentLock(): FakeLock {
    return this.runtime.invoke(
      'lock.getDocumentLock',
      () => (this.opts.containerBound ? this.lock('document') : (null as unknown as FakeLock)),
      0,
    );
  }

  /** Which execution holds a lock, for assertions (uncounted). */
  holderOf(scope: LockScope): string | null {
    return this.registry.holder(scope);
  }

  /** Frees every lock an execution holds, as when Apps Script ends it (uncounted). */
  releaseAllFor(executionId: string): void {
    this.registry.releaseAll(executionId);
  }

  private lock(scope: LockScope): FakeLock {
    const bound = this.boundExecution;
    return new FakeLock(this.registry, scope, () => bound ?? this.runtime.currentExecution?.id ?? NO_EXECUTION);
  }
}
