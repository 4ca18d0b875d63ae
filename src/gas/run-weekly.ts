/**
 * The weekly trigger: an incremental scan, then a capped batch of drafts for
 * the most overdue people and thank-you drafts where someone answered. When
 * the scan needs another run, the batch waits for it (weeklyPending) and the
 * continuation runs it.
 */
import type { DraftingDeps } from './draft-reconnects';
import { runDraftBatch, type BatchSummary } from './draft-reconnects';
import type { RunSummary } from './properties-state-store';
import { CONTINUE_HANDLER, DEFAULT_SCAN_OPTIONS, scanMailbox, type ScanOptions } from './scan-mailbox';

/** Handler name of the weekly trigger; the entry module exports a function of this name. */
export const WEEKLY_HANDLER = 'weeklyRun';

/** Continuations a week's batch may use for drafts that failed in a way that may pass. */
export const WEEKLY_DRAFT_RETRIES = 3;

export interface WeeklyResult {
  outcome: RunSummary['outcome'];
  message: string;
  batch: BatchSummary | null;
}

export function runWeekly(deps: DraftingDeps, options: Partial<ScanOptions> = {}): WeeklyResult {
  const startedAt = deps.now();
  const budget = options.budgetMs ?? DEFAULT_SCAN_OPTIONS.budgetMs;
  deps.state.setWeeklyPending(true);
  const scan = scanMailbox(deps, options);
  if (scan.outcome !== 'done' || scan.ledger === null) {
    return { outcome: scan.outcome, message: `${scan.message} Drafts follow when the scan is complete.`, batch: null };
  }
  return finishWeekly(deps, startedAt + budget);
}

/** The draft half of the weekly run, under the user lock so two runs never draft twice. */
export function finishWeekly(deps: DraftingDeps, deadline: number): WeeklyResult {
  const lock = deps.lock.getUserLock();
  if (!lock.tryLock(DEFAULT_SCAN_OPTIONS.lockWaitMs)) {
    return { outcome: 'busy', message: 'Another Reconnect run is in progress.', batch: null };
  }
  try {
    if (!deps.state.weeklyPending()) return { outcome: 'done', message: 'The weekly drafts are already made.', batch: null };
    const { ledger } = deps.store.load();
    const batch = runDraftBatch(deps, ledger, deadline);
    // A draft that failed in a way that may pass is tried again a minute later, a few times, not next week.
    const retries = deps.state.weeklyRetries();
    const retryDrafts = batch.errors.some((e) => e.retryable) && retries < WEEKLY_DRAFT_RETRIES;
    if (!batch.cutShort && !retryDrafts) {
      deps.state.setWeeklyPending(false);
      deps.state.setWeeklyRetries(0);
    } else {
      if (!batch.cutShort) deps.state.setWeeklyRetries(retries + 1);
      // The rest of the batch follows in a continuation, which scans (cheaply: new mail only) and drafts on.
      deps.triggers.scheduleOnce(CONTINUE_HANDLER, DEFAULT_SCAN_OPTIONS.continueAfterMs);
    }
    let message = describeBatch(batch, retryDrafts);
    const outcome: RunSummary['outcome'] = batch.cutShort || retryDrafts ? 'partial' : batch.errors.some((e) => !e.retryable) ? 'error' : 'done';
    const summary: RunSummary = { at: deps.now(), kind: 'weekly', outcome, folded: 0, message };
    const settings = deps.state.settings();
    try {
      // The report shows the new drafts and this summary, not the scan's.
      // As people, like the scan's refresh, so the report does not fall back to bare addresses after drafting.
      deps.report?.refresh({ ledger: deps.viewPeople?.(ledger, summary.at) ?? ledger, now: summary.at, policy: settings.policy, mergeGmailVariants: settings.mergeGmailVariants, lastRun: summary });
    } catch (error) {
      message = `${message} The report sheets were not refreshed: ${error instanceof Error ? error.message : String(error)}`;
    }
    deps.state.saveLastRun({ ...summary, message });
    return { outcome: summary.outcome, message, batch };
  } finally {
    lock.releaseLock();
  }
}

export function describeBatch(batch: BatchSummary, retrying = false): string {
  const reasons = new Map<string, number>();
  for (const s of batch.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const thanks = batch.drafted.filter((d) => d.kind === 'thank-you').length;
  const parts = [
    `Drafted ${batch.drafted.length - thanks} reconnect and ${thanks} thank-you note(s).`,
    reasons.size === 0 ? '' : `Skipped: ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')}.`,
    batch.errors.length === 0 ? '' : `Errors: ${batch.errors.map((e) => `${e.email}: ${e.message}`).join('; ')}.`,
    batch.templateProblems.length === 0 ? '' : `Template problems: ${batch.templateProblems.join('; ')}.`,
    batch.cutShort ? 'The rest follow in the next run.' : '',
    !batch.cutShort && retrying ? 'Reconnect tries the failed drafts again shortly.' : '',
  ];
  return parts.filter((p) => p !== '').join(' ');
}
