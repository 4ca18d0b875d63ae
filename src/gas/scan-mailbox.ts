/**
 * The resumable Gmail scan, driven by the order-free plan in core/plan-scan.ts:
 * lists threads window by window, reads each thread's headers in one call,
 * folds the messages the plan picks, and commits ledger and plan together
 * every `commitEvery` threads. It stops before Apps Script's 6-minute limit,
 * before the day's trigger-runtime cap, at a 429's retry time, and when the
 * per-minute Gmail budget needs a pause, and leaves a one-shot trigger to continue.
 *
 * Only the run that wins the user lock touches the continuation trigger: a run
 * that finds the lock held returns at once and leaves the chain as it is (Apps
 * Script starts a due trigger even while another execution runs). The winner
 * arms a safety continuation first, due only after any run could have ended
 * (6 minutes), so the chain survives the winner dying anywhere.
 */
import { assessLedger, type ContactOverride } from '../core/assess-contact';
import { addMessage, createLedger } from '../core/fold-messages';
import type { Ledger } from '../core/ledger';
import { chooseRegime, compactSpend, createQuotaPace, msUntilClear, recordCall, waitBeforeCall, type QuotaPace } from '../core/pace-gmail-quota';
import { planLapsedLabels } from '../core/plan-labels';
import {
  applyListedPage,
  applyReadThread,
  beginScanPlan,
  buildSegmentQuery,
  estimateMessages,
  finishScanPlan,
  isSentPhaseDone,
  nextScanStep,
  restartListing,
  type ScanPlan,
} from '../core/plan-scan';
import { ReconnectError } from '../core/reconnect-error';
import { foldOptionsFrom, type ReconnectSettings } from '../core/settings';
import { callWithRetry, classifyQuotaError, DailyQuotaError, RetryAfterError } from './call-with-retry';
import type { RunSummary, ScanState } from './properties-state-store';
import type { LabelerPort, LedgerStorePort, MailSourcePort, ReportPort, StateStorePort, TriggerSchedulerPort } from './gas-ports';

/** The trigger handler that continues a scan; the entry module exports a function of this name. */
export const CONTINUE_HANDLER = 'continueScan';
/** The hourly trigger made at setup: it picks a stalled or card-started scan up again. */
export const RESUME_HANDLER = 'resumeScan';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Daily trigger-runtime caps: "Triggers total runtime 90 min / day" (consumer),
 * "6 hr / day" (Google Workspace), developers.google.com/apps-script/guides/services/quotas.
 */
export const DAILY_RUNTIME_CAP_MS = { consumer: 90 * MINUTE, workspace: 6 * 60 * MINUTE } as const;

export interface ScanDeps {
  source: MailSourcePort;
  store: LedgerStorePort;
  state: StateStorePort;
  triggers: TriggerSchedulerPort;
  labeler: LabelerPort;
  lock: GoogleAppsScript.Lock.LockService;
  now: () => number;
  sleep: (ms: number) => void;
  /** The user's snooze, ignore and cadence choices (the sheet's control panel). */
  overrides?: () => Readonly<Record<string, ContactOverride>>;
  /** The spreadsheet report, refreshed after every completed scan. */
  report?: ReportPort;
  /**
   * After the mail, read the calendar's and contacts' changes until
   * `deadline` and return the ledger as people (cards, links, meetings), which
   * labels and the report are judged on. The stored ledger is not changed.
   */
  resolvePeople?: (ledger: Ledger, owner: string[], deadline: number) => { ledger: Ledger; notes: string[]; pending?: 'budget' | 'quota' | null };
}

/**
 * Where the run was started. A card callback is an add-on execution: it has 30
 * seconds and may not create a time-driven trigger sooner than hourly
 * (developers.google.com/apps-script/guides/triggers/installable, Restrictions),
 * so it reads a bounded slice and leaves the rest to the triggers made at setup.
 */
export type ScanContext = 'trigger' | 'editor' | 'card';

export interface ScanOptions {
  /**
   * Work stops after this many ms: Apps Script kills a run at 6 minutes
   * (developers.google.com/apps-script/guides/services/quotas), and the last
   * commit and labels need room after it.
   */
  budgetMs: number;
  /** Threads listed a page (threads.list allows 500). */
  pageSize: number;
  /** Threads read between commits: a run killed between two commits reads at most these again. */
  commitEvery: number;
  /** How soon the continuation fires, in ms. Apps Script runs `after()` triggers no sooner than about a minute. */
  continueAfterMs: number;
  /** The winner's safety continuation, armed first: due only after this run has surely ended (6-minute limit). */
  safetyAfterMs: number;
  /** After a daily-quota stop, wait this long: Google's daily quotas reset 24 hours after the first call. */
  quotaPauseMs: number;
  /** How long to wait for another run's lock before giving way, in ms. */
  lockWaitMs: number;
  /** Pace waits up to this are slept through; longer ones end the run and continue later, costing no runtime. */
  maxPaceSleepMs: number;
  /** Share of the daily runtime cap Reconnect uses: the cap is per user, shared with the user's other scripts. */
  runtimeShare: number;
  context: ScanContext;
}

export const DEFAULT_SCAN_OPTIONS: ScanOptions = {
  budgetMs: 4.5 * MINUTE,
  pageSize: 500,
  commitEvery: 100,
  continueAfterMs: MINUTE,
  safetyAfterMs: 7 * MINUTE,
  quotaPauseMs: DAY,
  lockWaitMs: 10_000,
  maxPaceSleepMs: 2_000,
  runtimeShare: 0.8,
  context: 'trigger',
};

/** A card callback's slice: well inside the add-on's 30 seconds, with the spreadsheet open and a commit after it. */
export const CARD_SCAN_OPTIONS: Partial<ScanOptions> = { budgetMs: 12_000, commitEvery: 50, context: 'card' };

export interface ScanResult extends RunSummary {
  ledger: Ledger | null;
}

export function scanMailbox(deps: ScanDeps, options: Partial<ScanOptions> = {}): ScanResult {
  const opts = { ...DEFAULT_SCAN_OPTIONS, ...options };
  const startedAt = deps.now();
  try {
    const lock = deps.lock.getUserLock();
    // Another run holds the lock: it is scanning, and owns the continuation. Touch nothing.
    if (!lock.tryLock(opts.lockWaitMs)) {
      return { at: startedAt, kind: 'scan', outcome: 'busy', folded: 0, message: 'Another Reconnect run is in progress.', ledger: null };
    }
    try {
      return runLocked(deps, opts, startedAt);
    } catch (error) {
      if (!(error instanceof ReconnectError) || error.retryable) throw error;
      return stopForUser(deps, startedAt, error);
    } finally {
      lock.releaseLock();
    }
  } catch (error) {
    // The day's trigger runtime is spent: a pause until the cap resets, not an error. Nothing more can be
    // saved in this run; the hourly trigger made at setup picks the scan up after the reset.
    if (classifyQuotaError(error) !== 'runtime') throw error;
    const message = `Apps Script's daily runtime for triggers is used up; the scan resumes tomorrow. (${error instanceof Error ? error.message : String(error)})`;
    return { at: startedAt, kind: 'scan', outcome: 'paused', folded: 0, message, ledger: null };
  }
}

/** The daily runtime cap that applies to the owner's account (see DAILY_RUNTIME_CAP_MS). */
export function runtimeCapFor(settings: ReconnectSettings, owner: readonly string[]): number {
  const type =
    settings.accountType !== 'auto'
      ? settings.accountType
      : owner.some((a) => /@(gmail|googlemail)\.com$/i.test(a)) || owner.length === 0
        ? 'consumer'
        : 'workspace';
  return DAILY_RUNTIME_CAP_MS[type];
}

function runLocked(deps: ScanDeps, opts: ScanOptions, startedAt: number): ScanResult {
  const arms = opts.context !== 'card';
  const arm = (afterMs: number) => {
    if (arms) armContinuation(deps, afterMs);
  };
  // First, so the chain survives this run dying anywhere after it.
  arm(opts.safetyAfterMs);
  const settings = deps.state.settings();
  const loaded = deps.store.load();
  let ledger = loaded.ledger;
  let scan: ScanState = loaded.scan;
  let pace: QuotaPace = createQuotaPace('legacy');
  const runtimeWindow = scan.runtime && startedAt < scan.runtime.windowStart + DAY ? scan.runtime : { windowStart: startedAt, usedMs: 0 };
  const runtimeCap = runtimeCapFor(settings, scan.owner) * opts.runtimeShare;
  const usedMs = () => runtimeWindow.usedMs + (deps.now() - startedAt);
  const stateOf = (plan: ScanPlan | null, extra: Partial<ScanState> = {}): Omit<ScanState, 'ledgerSheet'> => ({
    cursor: {
      watermark: scan.cursor.watermark,
      progress: plan === null ? null : { kind: plan.kind, startedAt: plan.startedAt, folded: plan.folded, estimate: estimateMessages(plan), sentDone: isSentPhaseDone(plan) },
    },
    owner: scan.owner,
    pausedUntil: null,
    waitingFor: null,
    runtime: { windowStart: runtimeWindow.windowStart, usedMs: usedMs() },
    regime: scan.regime ?? null,
    paceSpent: compactSpend(pace, deps.now()),
    ...extra,
  });
  const pauseUntil = (until: number, waitingFor: string, plan: ScanPlan | null) => {
    arm(Math.max(opts.continueAfterMs, until - deps.now()));
    deps.state.saveScanState({ ...stateOf(plan, { pausedUntil: until, waitingFor }), ledgerSheet: scan.ledgerSheet });
  };

  // Waiting for a retry time or a quota reset: no Gmail call before it.
  if (typeof scan.pausedUntil === 'number' && startedAt < scan.pausedUntil) {
    const waitingFor = scan.waitingFor ?? 'a pause Gmail asked for';
    arm(Math.max(opts.continueAfterMs, scan.pausedUntil - startedAt));
    return summarize(deps, startedAt, null, 'paused', 0, ledger, `Waiting for ${waitingFor}; the scan resumes at ${new Date(scan.pausedUntil).toISOString()}.`);
  }
  if (usedMs() >= runtimeCap - MINUTE) {
    const until = runtimeWindow.windowStart + DAY;
    pauseUntil(until, "tomorrow's Apps Script runtime (today's trigger runtime is used up)", null);
    return summarize(deps, startedAt, null, 'paused', 0, ledger, `Today's Apps Script trigger runtime is used up; the scan resumes at ${new Date(until).toISOString()}.`);
  }

  const retry = <T>(call: () => T) => callWithRetry(call, deps.sleep);
  let plan = scan.cursor.progress === null ? null : deps.store.loadPlan(scan);
  if (scan.cursor.progress !== null && plan === null) {
    // A scan stored by an older version (or a plan that cannot be read): what it folded cannot be told
    // apart, so the ledger is rebuilt by a fresh full scan. Nothing of the user's is in the ledger itself.
    ledger = createLedger();
    scan = { ...scan, cursor: { watermark: null, progress: null } };
  }
  const foldedBefore = plan?.folded ?? 0;
  pace = createQuotaPace(chooseRegime(settings.gmailQuota, scan.regime ?? null), scan.paceSpent ?? []);
  const deadline = startedAt + Math.min(opts.budgetMs, runtimeCap - runtimeWindow.usedMs);
  const commit = (extra: Partial<ScanState> = {}) => {
    scan = deps.store.commit(ledger, stateOf(plan, extra), scan.ledgerSheet, plan);
  };
  const folded = () => (plan?.folded ?? 0) - foldedBefore;
  let sentDoneBefore = true;
  const stop = (afterMs: number, waitingFor: string | null) => {
    commit({ waitingFor });
    arm(Math.max(opts.continueAfterMs, afterMs));
    const result = summarize(deps, startedAt, plan, 'partial', folded(), ledger);
    // Every thread holding sent mail is read in this run: the first lapsed list is worth showing now.
    if (!sentDoneBefore && plan !== null && plan.kind === 'full' && isSentPhaseDone(plan)) refreshReport(deps, result, ledger);
    return result;
  };
  let sinceCommit = 0;

  try {
    if (plan === null) {
      scan = { ...scan, owner: retry(() => deps.source.ownerAddresses()) };
      plan = beginScanPlan(scan.cursor.watermark, startedAt, settings.lookbackDays);
    }
    const fold = foldOptionsFrom(settings, scan.owner);
    sentDoneBefore = isSentPhaseDone(plan);
    for (;;) {
      const step = nextScanStep(plan);
      if (step.kind === 'done') break;
      const now = deps.now();
      if (now >= deadline) {
        const capped = usedMs() >= runtimeCap - MINUTE;
        if (capped) {
          commit();
          pauseUntil(runtimeWindow.windowStart + DAY, "tomorrow's Apps Script runtime (today's trigger runtime is used up)", plan);
          return summarize(deps, startedAt, plan, 'paused', folded(), ledger, `Today's Apps Script trigger runtime is used up; the scan resumes tomorrow.`);
        }
        return stop(opts.continueAfterMs, null);
      }
      const method = step.kind === 'list' ? 'users.threads.list' : 'users.threads.get';
      const wait = waitBeforeCall(pace, method, now);
      if (wait > 0) {
        if (wait > opts.maxPaceSleepMs || now + wait >= deadline) return stop(wait, "Gmail's per-minute quota to refill");
        deps.sleep(wait);
      }
      pace = recordCall(pace, method, deps.now());
      if (step.kind === 'list') {
        const segment = step.segment;
        let page;
        try {
          page = retry(() => deps.source.listThreads(buildSegmentQuery(segment), segment.pageToken, opts.pageSize));
        } catch (error) {
          // A saved page token Gmail no longer takes: list the window again; what it read is skipped.
          if (segment.pageToken === null || !isInvalidArgument(error)) throw error;
          plan = restartListing(plan);
          continue;
        }
        plan = applyListedPage(plan, page.threadIds, page.nextPageToken, page.estimate);
      } else {
        const messages = retry(() => deps.source.readThread(step.threadId));
        const applied = applyReadThread(plan, step.threadId, messages);
        for (const m of applied.fold) addMessage(ledger, m, fold);
        plan = applied.plan;
        sinceCommit += 1;
      }
      if (sinceCommit >= opts.commitEvery) {
        commit();
        sinceCommit = 0;
      }
    }
  } catch (error) {
    if (error instanceof RetryAfterError) {
      const until = error.untilMs ?? deps.now() + MINUTE;
      // A per-user 429 the legacy pace would not have met: this project is under the per-minute regime of 2026.
      const regime = settings.gmailQuota === 'auto' ? '2026' : (scan.regime ?? null);
      commit({ pausedUntil: until, waitingFor: "the retry time Gmail gave after a rate limit", regime });
      arm(Math.max(opts.continueAfterMs, until - deps.now()));
      return summarize(deps, startedAt, plan, 'paused', folded(), ledger, `Gmail asked Reconnect to wait until ${new Date(until).toISOString()}; the scan resumes then.`);
    }
    if (error instanceof DailyQuotaError) {
      const until = deps.now() + opts.quotaPauseMs;
      commit({ pausedUntil: until, waitingFor: "Gmail's daily quota to reset" });
      arm(opts.quotaPauseMs);
      return summarize(deps, startedAt, plan, 'quota', folded(), ledger, error.message);
    }
    throw error;
  }

  const finished = plan!;
  const readThisRun = folded();
  scan = { ...scan, cursor: { watermark: finishScanPlan(finished), progress: null } };
  plan = null;
  commit({ cursor: scan.cursor });
  let people: ReturnType<NonNullable<ScanDeps['resolvePeople']>> = { ledger, notes: [] };
  try {
    // The label update spends a burst (a batchModify is 50 units, 200 under the 2026 table): under the
    // per-minute regime, let the last minute's reads age out first.
    const clear = msUntilClear(pace, deps.now());
    if (pace.regime === '2026' && clear > 0 && deps.now() + clear < startedAt + opts.budgetMs + MINUTE) deps.sleep(clear);
    people = deps.resolvePeople?.(ledger, scan.owner, startedAt + opts.budgetMs) ?? people;
    updateLabels(deps, people.ledger, startedAt);
  } catch (error) {
    if (!(error instanceof RetryAfterError)) throw error;
    // The ledger is complete and committed; the labels follow in the continuation after the retry time.
    const until = error.untilMs ?? deps.now() + MINUTE;
    pauseUntil(until, 'the retry time Gmail gave after a rate limit, to move the lapsed labels', null);
    return summarize(deps, startedAt, finished, 'partial', readThisRun, ledger);
  }
  const result = refreshReport(deps, summarize(deps, startedAt, finished, 'done', readThisRun, ledger, people.notes.join(' ')), people.ledger);
  // After the report: a run killed while refreshing it leaves the continuation to try again.
  // A calendar or contacts sync cut short goes on in the continuation (a day later after a daily quota).
  if (people.pending === 'quota') deps.triggers.scheduleOnce(CONTINUE_HANDLER, opts.quotaPauseMs);
  else if (people.pending !== 'budget') deps.triggers.cancel(CONTINUE_HANDLER);
  return result;
}

/**
 * Arms the one-shot continuation. A trigger Apps Script will not make (an
 * add-on's hourly limit, the 20-trigger cap, a passing failure) does not fail
 * the scan: its progress is committed, and the hourly `resumeScan` trigger made
 * at setup continues it. The daily runtime cap is not swallowed: it is a pause.
 */
function armContinuation(deps: ScanDeps, afterMs: number): void {
  try {
    deps.triggers.scheduleOnce(CONTINUE_HANDLER, afterMs);
  } catch (error) {
    if (classifyQuotaError(error) === 'runtime' || /Exceeded maximum execution time/.test(String(error))) throw error;
  }
}

/**
 * A failure retrying cannot fix (a label name the user already uses): the
 * continuation is cancelled rather than fired every minute, and the `error`
 * outcome says what to do. The next scan, scheduled or asked for, tries again.
 */
function stopForUser(deps: ScanDeps, at: number, error: ReconnectError): ScanResult {
  deps.triggers.cancel(CONTINUE_HANDLER);
  const summary: RunSummary = { at, kind: 'scan', outcome: 'error', folded: 0, message: error.describe() };
  deps.state.saveLastRun(summary);
  return { ...summary, ledger: null };
}

function isInvalidArgument(error: unknown): boolean {
  const details = (error as { details?: { code?: number } } | null)?.details;
  return details?.code === 400;
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
  plan: ScanPlan | null,
  outcome: RunSummary['outcome'],
  folded: number,
  ledger: Ledger,
  detail = '',
): ScanResult {
  const messages: Record<RunSummary['outcome'], string> = {
    done: `Scan complete: ${folded} new messages read.${detail === '' ? '' : ` ${detail}`}`,
    partial: `Scanned ${plan?.folded ?? 0} of about ${plan === null ? 0 : estimateMessages(plan)} messages; continuing shortly.`,
    quota: `Gmail's daily quota is used up; scanning resumes tomorrow. (${detail})`,
    busy: 'Another Reconnect run is in progress.',
    error: detail,
    paused: detail,
  };
  const kind = plan === null || plan.kind === 'incremental' ? 'scan' : 'full scan';
  const summary: RunSummary = { at, kind, outcome, folded, message: messages[outcome] };
  deps.state.saveLastRun(summary);
  return { ...summary, ledger };
}
