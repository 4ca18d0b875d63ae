/**
 * The resumable Gmail scan: pages newest first through sent, then received
 * mail, folds each message into the ledger, and commits ledger and cursor
 * together after every page. It stops before Apps Script's 6-minute limit
 * and leaves a one-shot trigger to continue.
 */
import { assessLedger, type ContactOverride } from '../core/assess-contact';
import { addMessage } from '../core/fold-messages';
import type { Ledger } from '../core/ledger';
import { planLapsedLabels } from '../core/plan-labels';
import {
  advanceCursor,
  beginScan,
  buildScanQuery,
  finishPhase,
  isListedPending,
  isPending,
  type ScanCursor,
  type ScanProgress,
} from '../core/scan-cursor';
import { foldOptionsFrom } from '../core/settings';
import { PermanentError } from '../core/reconnect-error';
import { callWithRetry, DailyQuotaError } from './call-with-retry';
import type { GmailLabeler } from './gmail-labeler';
import type { GmailMailSource } from './gmail-mail-source';
import type { PropertiesStateStore, RunSummary, ScanState } from './properties-state-store';
import type { ScriptAppTriggerScheduler } from './script-app-trigger-scheduler';
import type { SheetLedgerStore } from './sheet-ledger-store';
import type { ReportRefresh } from './sheets-control-panel';

/** The trigger handler that continues a scan; the entry module exports a function of this name. */
export const CONTINUE_HANDLER = 'continueScan';

export interface ScanDeps {
  source: GmailMailSource;
  store: SheetLedgerStore;
  state: PropertiesStateStore;
  triggers: ScriptAppTriggerScheduler;
  labeler: GmailLabeler;
  lock: GoogleAppsScript.Lock.LockService;
  now: () => number;
  sleep: (ms: number) => void;
  /** The user's snooze, ignore and cadence choices (the sheet's control panel). */
  overrides?: () => Readonly<Record<string, ContactOverride>>;
  /** The spreadsheet report, refreshed after every completed scan. */
  report?: { refresh(input: ReportRefresh): unknown };
  /**
   * Issue 14: after the mail, read the calendar's and contacts' changes until
   * `deadline` and return the ledger as people (cards, links, meetings), which
   * labels and the report are judged on. The stored ledger is not changed.
   */
  resolvePeople?: (ledger: Ledger, owner: string[], deadline: number) => { ledger: Ledger; notes: string[] };
}

export interface ScanOptions {
  /**
   * Work stops after this many ms: Apps Script kills a run at 6 minutes
   * (developers.google.com/apps-script/guides/services/quotas), and the last
   * page, commit and labels need room after it.
   */
  budgetMs: number;
  /** Messages listed a page; each page ends in a commit. */
  pageSize: number;
  /** How soon the continuation fires, in ms. Apps Script runs `after()` triggers no sooner than about a minute. */
  continueAfterMs: number;
  /** After a daily-quota stop, wait this long: Google's daily quotas reset 24 hours after the first call. */
  quotaPauseMs: number;
  /** How long to wait for another run's lock before giving way, in ms. */
  lockWaitMs: number;
}

export const DEFAULT_SCAN_OPTIONS: ScanOptions = {
  budgetMs: 4.5 * 60_000,
  pageSize: 250,
  continueAfterMs: 60_000,
  quotaPauseMs: 24 * 60 * 60_000,
  lockWaitMs: 10_000,
};

export interface ScanResult extends RunSummary {
  ledger: Ledger | null;
}

export function scanMailbox(deps: ScanDeps, options: Partial<ScanOptions> = {}): ScanResult {
  const opts = { ...DEFAULT_SCAN_OPTIONS, ...options };
  const startedAt = deps.now();
  const lock = deps.lock.getUserLock();
  // Another run holds the lock: it is scanning, and a second scan would fold the same mail twice.
  if (!lock.tryLock(opts.lockWaitMs)) {
    return { at: startedAt, kind: 'scan', outcome: 'busy', folded: 0, message: 'Another Reconnect run is in progress.', ledger: null };
  }
  try {
    return runLocked(deps, opts, startedAt);
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    return stopForUser(deps, startedAt, error);
  } finally {
    lock.releaseLock();
  }
}

function runLocked(deps: ScanDeps, opts: ScanOptions, startedAt: number): ScanResult {
  const settings = deps.state.settings();
  const loaded = deps.store.load();
  const ledger = loaded.ledger;
  let scan: ScanState = loaded.scan;
  // Scheduled first, so a run killed at the time limit is still continued.
  deps.triggers.scheduleOnce(CONTINUE_HANDLER, opts.continueAfterMs);

  const retry = <T>(call: () => T) => callWithRetry(call, deps.sleep);
  let cursor: ScanCursor = scan.cursor;
  let progress: ScanProgress;
  let owner = scan.owner;
  if (cursor.progress === null) {
    owner = retry(() => deps.source.ownerAddresses());
    progress = beginScan(cursor, startedAt, settings.lookbackDays);
  } else {
    progress = cursor.progress;
  }
  const fold = foldOptionsFrom(settings, owner);
  const foldedBefore = progress.folded;
  const commit = () => {
    scan = deps.store.commit(ledger, { cursor: { ...cursor, progress }, owner }, scan.ledgerSheet);
  };
  const overBudget = () => deps.now() - startedAt >= opts.budgetMs;

  try {
    for (;;) {
      if (overBudget()) {
        commit();
        return summarize(deps, startedAt, progress, 'partial', progress.folded - foldedBefore, ledger);
      }
      const page = retry(() => deps.source.list(buildScanQuery(progress), opts.pageSize));
      if (progress.cursor === null) progress = { ...progress, estimate: progress.estimate + page.estimate };
      let stoppedEarly = false;
      for (const listed of page.messages) {
        if (!isListedPending(progress, listed.id)) continue;
        if (overBudget()) {
          stoppedEarly = true;
          break;
        }
        const message = retry(() => deps.source.get(listed.id));
        if (!isPending(progress, message.id, message.date)) continue;
        addMessage(ledger, message, fold);
        progress = advanceCursor(progress, message.id, message.date);
      }
      const lastPage = !stoppedEarly && page.messages.length < opts.pageSize;
      const stuck = !stoppedEarly && !lastPage && page.messages.every((m) => !isListedPending(progress, m.id));
      if (lastPage || stuck) {
        cursor = finishPhase(cursor, progress);
        if (cursor.progress === null) {
          scan = deps.store.commit(ledger, { cursor, owner }, scan.ledgerSheet);
          break;
        }
        progress = cursor.progress;
      }
      commit();
    }
  } catch (error) {
    if (!(error instanceof DailyQuotaError)) throw error;
    commit();
    deps.triggers.scheduleOnce(CONTINUE_HANDLER, opts.quotaPauseMs);
    return summarize(deps, startedAt, progress, 'quota', progress.folded - foldedBefore, ledger, error.message);
  }

  const people = deps.resolvePeople?.(ledger, owner, startedAt + opts.budgetMs) ?? { ledger, notes: [] };
  updateLabels(deps, people.ledger, startedAt);
  const done = summarize(deps, startedAt, progress, 'done', progress.folded - foldedBefore, ledger, people.notes.join(' '));
  const result = refreshReport(deps, done, people.ledger);
  // After the report: a run killed while refreshing it leaves the continuation to try again.
  deps.triggers.cancel(CONTINUE_HANDLER);
  return result;
}

/**
 * A failure retrying cannot fix (a label name the user already uses): the
 * continuation is cancelled rather than fired every minute, and the `error`
 * outcome says what to do. The next scan, scheduled or asked for, tries again.
 */
function stopForUser(deps: ScanDeps, at: number, error: PermanentError): ScanResult {
  deps.triggers.cancel(CONTINUE_HANDLER);
  const message = `${error.message}${error.action === '' ? '' : ` ${error.action}`}`;
  const summary: RunSummary = { at, kind: 'scan', outcome: 'error', folded: 0, message };
  deps.state.saveLastRun(summary);
  return { ...summary, ledger: null };
}

/** A report that cannot be refreshed leaves the scan done (ledger and labels are), and the run summary says why. */
function refreshReport(deps: ScanDeps, result: ScanResult, ledger: Ledger): ScanResult {
  if (deps.report === undefined) return result;
  const settings = deps.state.settings();
  try {
    deps.report.refresh({ ledger, now: result.at, policy: settings.policy, mergeGmailVariants: settings.mergeGmailVariants, lastRun: result });
    return result;
  } catch (error) {
    const message = `${result.message} The report sheets were not refreshed: ${error instanceof Error ? error.message : String(error)}`;
    const { ledger: _ledger, ...summary } = { ...result, message };
    deps.state.saveLastRun(summary);
    return { ...result, message };
  }
}

/** Moves the lapsed label so it sits on each lapsed person's latest thread, and nowhere else. */
export function updateLabels(deps: ScanDeps, ledger: Ledger, now: number): void {
  const settings = deps.state.settings();
  const assessments = assessLedger(ledger, now, settings.policy, deps.overrides?.() ?? {});
  const retry = <T>(call: () => T) => callWithRetry(call, deps.sleep);
  const labelId = retry(() => deps.labeler.ensureLabel(settings.labels.lapsed));
  const labelled = retry(() => deps.labeler.labelled(labelId));
  const plan = planLapsedLabels(assessments, ledger, labelled);
  retry(() => deps.labeler.apply(labelId, plan));
}

function summarize(
  deps: ScanDeps,
  at: number,
  progress: ScanProgress,
  outcome: RunSummary['outcome'],
  folded: number,
  ledger: Ledger,
  detail = '',
): ScanResult {
  const messages: Record<RunSummary['outcome'], string> = {
    done: `Scan complete: ${folded} new messages read.${detail === '' ? '' : ` ${detail}`}`,
    partial: `Scanned ${progress.folded} of about ${progress.estimate} messages; continuing shortly.`,
    quota: `Gmail's daily quota is used up; scanning resumes tomorrow. (${detail})`,
    busy: 'Another Reconnect run is in progress.',
    error: detail,
  };
  const summary: RunSummary = { at, kind: progress.kind === 'full' ? 'full scan' : 'scan', outcome, folded, message: messages[outcome] };
  deps.state.saveLastRun(summary);
  return { ...summary, ledger };
}
