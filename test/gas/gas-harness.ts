/** Runs Reconnect's Apps Script code against the fakes, one execution at a time, as triggers would. */
import { createGasRuntime, type GasRuntime, type GoogleServices } from '../../src/gas/create-gas-runtime';
import { CONTINUE_HANDLER, scanMailbox, type ScanOptions, type ScanResult } from '../../src/gas/scan-mailbox';
import type { ExecutionOptions } from '../fakes/fake-clock';
import { FakeGoogle } from '../fakes/fake-google';
import type { MailboxBuilder } from '../fakes/mailbox-builder';

export const NOW = '2026-11-02T09:00:00Z';

export function fakeServices(google: FakeGoogle): GoogleServices {
  return {
    gmail: google.Gmail,
    spreadsheetApp: google.SpreadsheetApp,
    propertiesService: google.PropertiesService,
    scriptApp: google.ScriptApp,
    lockService: google.LockService,
    session: google.Session,
    utilities: google.Utilities,
    now: () => google.clock.now(),
  };
}

export interface RunOutcome<T> {
  result?: T;
  error?: unknown;
}

/** One Apps Script execution: a fresh runtime, as each trigger gets; locks end with it. */
export function runExecution<T>(
  google: FakeGoogle,
  body: (runtime: GasRuntime) => T,
  opts: ExecutionOptions = {},
): RunOutcome<T> {
  google.startExecution(opts);
  try {
    return { result: body(createGasRuntime(fakeServices(google))) };
  } catch (error) {
    return { error };
  } finally {
    google.endExecution();
  }
}

export function scanOnce(google: FakeGoogle, options: Partial<ScanOptions> = {}, exec: ExecutionOptions = {}): RunOutcome<ScanResult> {
  return runExecution(google, (runtime) => scanMailbox(runtime, options), exec);
}

/**
 * Runs the scan, then fires the continuation trigger while one is pending (or
 * re-runs the scan, as the next scheduled trigger would, when a run died
 * before it could schedule one), until a run reports done.
 */
export function scanUntilDone(google: FakeGoogle, options: Partial<ScanOptions> = {}, maxRuns = 50): ScanResult[] {
  const results: ScanResult[] = [];
  for (let i = 0; i < maxRuns; i += 1) {
    // The test-side list, not a service call: the harness must not use up an injected fault.
    const pending = google.ScriptApp.triggers.filter((t) => t.handlerFunction === CONTINUE_HANDLER);
    const outcome = runExecution(google, (runtime) => {
      if (pending.length > 0) runtime.triggers.cancel(CONTINUE_HANDLER);
      return scanMailbox(runtime, options);
    });
    google.clock.advance(60_000);
    if (outcome.result !== undefined) {
      results.push(outcome.result);
      if (outcome.result.outcome === 'done') return results;
      if (outcome.result.outcome === 'quota') google.clock.advance(24 * 60 * 60_000);
    }
  }
  throw new Error(`scan did not finish in ${maxRuns} runs`);
}

/** The committed ledger, as the next run would load it. */
export function storedLedger(google: FakeGoogle) {
  const outcome = runExecution(google, (runtime) => runtime.store.load().ledger);
  if (outcome.error !== undefined) throw outcome.error;
  return outcome.result!;
}

export function newGoogle(mailbox: MailboxBuilder, now = NOW, latency?: Readonly<Record<string, number>>): FakeGoogle {
  return new FakeGoogle({ now, mailbox, latency });
}

/** A fresh Google with a copy of `seeded`'s mailbox: much cheaper than seeding it again. */
export function copyGoogle(seeded: FakeGoogle, now = NOW): FakeGoogle {
  return new FakeGoogle({ now, mailbox: undefined, owner: seeded.Gmail.owner, gmailToCopy: seeded.Gmail });
}

export interface TriggerRun {
  handler: string;
  at: number;
  executionId: string;
  result?: unknown;
  error?: unknown;
}

/**
 * Lets time pass as Apps Script would: jumps the clock to the next due
 * trigger, runs its handler in a fresh trigger-started execution, and so on,
 * until `untilMs` or `maxRuns`. Handlers are looked up by name; a trigger whose
 * handler is not given fires and does nothing.
 */
export function driveTriggers(
  google: FakeGoogle,
  handlers: Readonly<Record<string, (services: GoogleServices) => unknown>>,
  untilMs: number,
  maxRuns = 500,
  stop: () => boolean = () => false,
): TriggerRun[] {
  const runs: TriggerRun[] = [];
  while (runs.length < maxRuns && !stop()) {
    const now = google.clock.now();
    let next = Infinity;
    for (const t of google.ScriptApp.triggers) {
      if (t.oneShot && t.firedAt.length > 0) continue;
      const first = t.occurrencesBetween(t.lastCheckedAt, untilMs)[0];
      if (first !== undefined) next = Math.min(next, Math.max(first, now));
    }
    if (next === Infinity || next > untilMs) break;
    google.clock.setTo(next);
    for (const fired of google.ScriptApp.fireDue(next)) {
      const handler = handlers[fired.trigger.handlerFunction];
      if (handler === undefined) continue;
      // The handler builds its own runtime, as the entry module's functions do.
      const execution = google.startExecution({ trigger: true });
      const run: TriggerRun = { handler: fired.trigger.handlerFunction, at: next, executionId: execution.id };
      try {
        run.result = handler(fakeServices(google));
      } catch (error) {
        run.error = error;
      } finally {
        google.endExecution();
      }
      runs.push(run);
    }
  }
  return runs;
}
