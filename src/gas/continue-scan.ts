/** The continuation triggers' work, taking services as arguments so tests run the production path. */
import { classifyQuotaError } from './call-with-retry';
import { createGasRuntime, type GasRuntime, type GoogleServices } from './create-gas-runtime';
import { finishWeekly } from './run-weekly';
import { DEFAULT_SCAN_OPTIONS, scanMailbox } from './scan-mailbox';

/**
 * The one-shot continuation: continues the scan, and a weekly batch waiting on
 * it. It never cancels triggers itself: only a run that wins the lock touches
 * the chain (scan-mailbox.ts), so a continuation that fires during another run
 * leaves that run's chain alone.
 */
export function continueScanWith(runtime: GasRuntime): string {
  const startedAt = runtime.now();
  const result = scanMailbox(runtime, { context: 'trigger' });
  let message = result.message;
  if (result.outcome === 'done' && runtime.state.weeklyPending()) {
    message = `${message} ${finishWeekly(runtime, startedAt + DEFAULT_SCAN_OPTIONS.budgetMs).message}`;
  }
  return message;
}

/**
 * The hourly trigger made at setup: continues a scan that is under way, paused
 * or waiting for its weekly batch (one started from a card, say, which may not
 * make a sooner trigger), and otherwise does nothing, cheaply.
 */
export function resumeScanWith(runtime: GasRuntime): string {
  const scan = runtime.state.scanState();
  const pending = scan.cursor.progress !== null || typeof scan.pausedUntil === 'number' || runtime.state.weeklyPending();
  if (!pending) return 'Nothing to continue.';
  return continueScanWith(runtime);
}

/**
 * Runs a trigger's work from its services. Past the day's trigger-runtime cap
 * every call fails with "Service using too much computer time for one day",
 * even opening the spreadsheet: that is a pause until the cap resets (the
 * hourly trigger tries again), not a failed execution.
 */
export function runTrigger(services: GoogleServices, body: (runtime: GasRuntime) => string): string {
  try {
    return body(createGasRuntime(services));
  } catch (error) {
    if (classifyQuotaError(error) !== 'runtime') throw error;
    return `Apps Script's daily runtime for triggers is used up; the scan resumes after the reset. (${error instanceof Error ? error.message : String(error)})`;
  }
}
