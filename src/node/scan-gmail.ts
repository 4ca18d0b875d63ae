/**
 * Brings the Gmail ledger up to date: a full scan the first time (sent mail,
 * then mail from people, by label, driven by the core's order-free plan,
 * core/plan-scan.ts, which the Apps Script scan shares: every page listed to
 * the end, each id read once, whatever order Gmail lists in), then incremental
 * scans that read only what users.history.list says was added since. Every message is folded
 * exactly once — the core's fold merges only disjoint sets — so the ledger and
 * the position reached are saved together, every `checkpointEvery` messages and
 * at every page, and a run stopped anywhere (a daily quota, Ctrl-C, a crash)
 * continues where the last save left it.
 */
import { addMessage, createLedger } from '../core/fold-messages';
import { DAY_MS } from '../core/ledger';
import { GMAIL_QUOTA_REGIMES } from '../core/pace-gmail-quota';
import { applyListedPage, applyReadThread, beginScanPlan, nextScanStep, restartListing, type ScanPhase } from '../core/plan-scan';
import { normalizeEmail } from '../core/normalize-email';
import { createFoldOptions, DEFAULT_SETTINGS, type FoldOptions } from '../core/settings';
import { classifyGmailError } from './call-gmail-with-retry';
import { DEFAULT_QUOTA } from './create-quota-limiter';
import { HistoryExpiredError, type GmailApiMailSource, type GmailProfile, type MessagePage } from './gmail-api-mail-source';
import { createGmailState, type FullScanProgress, type GmailState, type IncrementalScanProgress } from './gmail-state';
import { UserError } from './user-error';

/**
 * Sent mail wherever it was filed, then received mail in Gmail's Primary
 * category: the label-id form of the Apps Script side's searches, since the
 * gmail.metadata scope allows no `q`. Categories are Gmail's system labels
 * (developers.google.com/workspace/gmail/api/guides/labels).
 */
const PHASE_LABEL: Readonly<Record<ScanPhase, string>> = { sent: 'SENT', received: 'CATEGORY_PERSONAL' };

export interface LedgerStorePort {
  readonly file: string;
  load(): GmailState | null;
  save(state: GmailState): void;
}

export interface ScanGmailProgress {
  kind: 'full' | 'incremental';
  done: number;
  total: number;
}

export interface ScanGmailDeps {
  source: GmailApiMailSource;
  store: LedgerStorePort;
  /** The clock, for the lookback and the overlap guard (ms). */
  now: () => number;
  /** One-line notes for standard error. */
  notice: (line: string) => void;
  onProgress?: (progress: ScanGmailProgress) => void;
  /** Aborting stops the scan at the next message; what is done is saved. */
  signal?: AbortSignal;
}

export interface ScanGmailOptions {
  /** The owner's addresses, normalized; default: the account and its send-as aliases. */
  me?: string[];
  /** The first scan reads this far back (days). */
  lookbackDays: number;
  /** Ids a messages.list page (≤ 500). */
  pageSize: number;
  /** messages.get calls in flight at once. */
  concurrency: number;
  /** Save after this many messages, besides every page. */
  checkpointEvery: number;
}

export const DEFAULT_GMAIL_SCAN: ScanGmailOptions = {
  lookbackDays: DEFAULT_SETTINGS.lookbackDays,
  pageSize: 500,
  concurrency: 10,
  checkpointEvery: 500,
};

export interface GmailScanResult {
  state: GmailState;
  /** The scans that ran, in order: e.g. ['incremental', 'full'] after an expired history. */
  ran: Array<'full' | 'incremental'>;
  /** messages.get calls made by this run. */
  fetched: number;
}

/** The user (or a signal) stopped the scan; progress is saved. */
export class ScanInterruptedError extends Error {
  override name = 'ScanInterruptedError';
}

export async function scanGmail(deps: ScanGmailDeps, options: Partial<ScanGmailOptions> = {}): Promise<GmailScanResult> {
  const opts = { ...DEFAULT_GMAIL_SCAN, ...options };
  const profile = await deps.source.profile();
  const account = normalizeEmail(profile.emailAddress) ?? profile.emailAddress.toLowerCase();
  const stored = deps.store.load();
  if (stored !== null && stored.account !== account) {
    throw new UserError(
      `${deps.store.file} holds the ledger of ${stored.account}, but you are signed in as ${account}; sign in as ${stored.account}, or set RECONNECT_DATA_DIR to another folder for this account`,
    );
  }
  const run = new GmailScanRun(deps, opts, stored ?? createGmailState(account), profile);
  await run.execute();
  return { state: run.state, ran: run.ran, fetched: run.fetched };
}

class GmailScanRun {
  readonly ran: Array<'full' | 'incremental'> = [];
  fetched = 0;
  /** A fold failed half-way: the in-memory ledger may be torn and must not be saved. */
  private broken = false;

  constructor(
    private readonly deps: ScanGmailDeps,
    private readonly opts: ScanGmailOptions,
    readonly state: GmailState,
    private readonly profile: GmailProfile,
  ) {}

  async execute(): Promise<void> {
    const { state, opts } = this;
    if (opts.me !== undefined && state.owner.length > 0 && !haveSameMembers(opts.me, state.owner)) {
      this.deps.notice('reconnect: your addresses differ from the ones this ledger was built with (--me); rescanning all mail so sent and received are told apart again');
      await this.beginFull('owner-changed');
    } else if (state.scan === null) {
      if (state.ledger === null || state.historyId === null) await this.beginFull('first');
      else await this.beginIncremental();
    } else if (state.scan.kind === 'full' && state.scan.plan === undefined) {
      // Saved by a version that walked pages newest first: its position means nothing to the plan.
      this.deps.notice('reconnect: the saved full scan is from an older version of Reconnect, so it starts again');
      await this.beginFull(state.scan.reason);
    } else if (state.scan.kind === 'full') {
      this.deps.notice(`reconnect: resuming the full Gmail scan: ${state.scan.handled} of about ${state.scan.estimate} messages done`);
    }
    while (state.scan !== null) {
      const scan = state.scan;
      this.ran.push(scan.kind);
      await this.guard(() => (scan.kind === 'full' ? this.runFull(scan) : this.runIncremental(scan)));
    }
  }

  private fold(): FoldOptions {
    return createFoldOptions(this.state.owner);
  }

  private save(): void {
    this.deps.store.save(this.state);
  }

  /** Saves what is done when the run stops on an error from Gmail, the network or the user. */
  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!this.broken) this.save();
      throw error;
    }
  }

  private async beginFull(reason: FullScanProgress['reason']): Promise<void> {
    const { source } = this.deps;
    const identity = await source.owner(this.profile.emailAddress);
    const estimate = (await source.labelTotal('SENT')) + (await source.labelTotal('CATEGORY_PERSONAL'));
    const now = this.deps.now();
    this.state.owner = this.opts.me ?? identity.addresses;
    this.state.sender = { name: identity.name, email: identity.email };
    this.state.scan = {
      kind: 'full',
      reason,
      startedAt: now,
      // Read before the first page is listed: whatever is added later shows up in history.
      startHistoryId: this.profile.historyId,
      // One window for the whole lookback: without `q` (the metadata scope) a label cannot be listed by date.
      plan: beginScanPlan(null, now, this.opts.lookbackDays, Number.POSITIVE_INFINITY),
      ledger: createLedger(),
      handled: 0,
      estimate,
      tailIds: [],
    };
    if (reason === 'first') {
      // One messages.get a message, at the pace the default limiter keeps (create-quota-limiter.ts).
      const units = GMAIL_QUOTA_REGIMES.legacy.units('users.messages.get');
      const minutes = Math.max(1, Math.ceil((estimate * units) / DEFAULT_QUOTA.unitsPerMinute));
      this.deps.notice(
        `reconnect: first scan of ${this.state.account}: up to ${estimate} messages from the last ${Math.round(this.opts.lookbackDays / 365)} years, about ${minutes} minute(s) at Gmail's per-user rate; it can be stopped and resumed`,
      );
    }
    this.save();
  }

  private async beginIncremental(): Promise<void> {
    const { source } = this.deps;
    const start = this.state.historyId!;
    const added = new Map<string, string>();
    let target = start;
    let pageToken: string | null = null;
    try {
      do {
        const page = await source.historyPage(start, pageToken);
        for (const a of page.added) {
          // Labels at the time it was added spare a fetch of mail the scan never reads.
          if (!added.has(a.id) && (a.labelIds.length === 0 || isScanned(a.labelIds))) added.set(a.id, a.historyRecord);
        }
        pageToken = page.nextPageToken;
        target = page.historyId;
      } while (pageToken !== null);
    } catch (error) {
      if (!(error instanceof HistoryExpiredError)) throw error;
      this.deps.notice('reconnect: Gmail no longer has the history since your last scan (it keeps about a week), so this is a full rescan');
      await this.beginFull('history-expired');
      return;
    }
    this.state.scan = {
      kind: 'incremental',
      targetHistoryId: target,
      pending: [...added].map(([id, historyRecord]) => ({ id, historyRecord })),
      handled: 0,
      total: added.size,
    };
    this.save();
  }

  private async runFull(scan: FullScanProgress): Promise<void> {
    const fold = this.fold();
    let sinceSave = 0;
    for (;;) {
      this.checkAbort();
      const step = nextScanStep(scan.plan);
      if (step.kind === 'done') {
        await this.finishFull(scan);
        return;
      }
      const segment = step.segment;
      if (step.kind === 'list') {
        let page: MessagePage;
        try {
          page = await this.deps.source.listPage(PHASE_LABEL[segment.phase], segment.pageToken, this.opts.pageSize);
        } catch (error) {
          // Page tokens are opaque and may not outlive a long pause (a daily-quota stop): list the
          // label again from its start; what was read is skipped by id.
          if (segment.pageToken === null || classifyGmailError(error).status !== 400) throw error;
          this.deps.notice('reconnect: Gmail no longer accepts the saved position of the full scan, so it lists that part again');
          scan.plan = restartListing(scan.plan);
          continue;
        }
        // Never inferred from a short page or from dates: only a missing nextPageToken ends a listing.
        scan.plan = applyListedPage(scan.plan, page.messages.map((m) => m.id), page.nextPageToken, page.estimate);
        this.save();
        sinceSave = 0;
        continue;
      }
      await this.forEachConcurrently([...segment.pending], async (id) => {
        const meta = await this.deps.source.getMetadata(id);
        this.fetched += 1;
        this.foldSafely(() => {
          const applied = applyReadThread(scan.plan, id, meta === null ? [] : [meta]);
          scan.plan = applied.plan;
          scan.handled += 1;
          for (const m of applied.fold) {
            addMessage(scan.ledger, m, fold);
            if (m.date >= scan.startedAt - DAY_MS) scan.tailIds.push(m.id);
          }
        });
        this.deps.onProgress?.({ kind: 'full', done: scan.handled, total: Math.max(scan.estimate, scan.handled) });
        sinceSave += 1;
        if (sinceSave >= this.opts.checkpointEvery) {
          this.save();
          sinceSave = 0;
        }
      });
      this.save();
      sinceSave = 0;
    }
  }

  private async finishFull(scan: FullScanProgress): Promise<void> {
    const end = await this.deps.source.profile();
    const state = this.state;
    state.ledger = scan.ledger;
    state.historyId = scan.startHistoryId;
    state.overlap = { ids: scan.tailIds, endHistoryId: end.historyId, before: scan.startedAt - DAY_MS };
    state.scan = null;
    state.scannedAt = this.deps.now();
    this.save();
  }

  private async runIncremental(scan: IncrementalScanProgress): Promise<void> {
    const state = this.state;
    const ledger = state.ledger!;
    const fold = this.fold();
    const overlap = state.overlap;
    const overlapIds = new Set(overlap?.ids ?? []);
    const done = new Set<string>();
    const save = () => {
      scan.pending = scan.pending.filter((p) => !done.has(p.id));
      this.save();
    };
    let sinceSave = 0;
    const records = new Map(scan.pending.map((p) => [p.id, p.historyRecord]));
    try {
      await this.forEachConcurrently([...records.keys()], async (id) => {
        const meta = await this.deps.source.getMetadata(id);
        this.fetched += 1;
        this.foldSafely(() => {
          done.add(id);
          scan.handled += 1;
          if (meta === null || !isScanned(meta.labels)) return;
          if (overlap !== null) {
            if (overlapIds.has(meta.id)) return;
            if (BigInt(records.get(id)!) <= BigInt(overlap.endHistoryId) && meta.date < overlap.before) return;
          }
          addMessage(ledger, meta, fold);
        });
        this.deps.onProgress?.({ kind: 'incremental', done: scan.handled, total: scan.total });
        sinceSave += 1;
        if (sinceSave >= this.opts.checkpointEvery) {
          save();
          sinceSave = 0;
        }
      });
    } finally {
      scan.pending = scan.pending.filter((p) => !done.has(p.id));
    }
    if (scan.total > 0) this.deps.notice(`reconnect: ${scan.total} new message(s) since the last scan`);
    state.historyId = scan.targetHistoryId;
    state.overlap = null;
    state.scan = null;
    state.scannedAt = this.deps.now();
    this.save();
  }

  private foldSafely(fold: () => void): void {
    try {
      fold();
    } catch (error) {
      this.broken = true;
      throw error;
    }
  }

  private checkAbort(): void {
    if (this.deps.signal?.aborted === true) throw new ScanInterruptedError('the scan was interrupted');
  }

  /**
   * Runs `work` over the ids with at most `concurrency` in flight. On the first
   * failure no new work starts; calls in flight finish (and are folded) before
   * the failure is passed on, so the saved state counts exactly what was folded.
   */
  private async forEachConcurrently(ids: readonly string[], work: (id: string) => Promise<void>): Promise<void> {
    let next = 0;
    let failure: { error: unknown } | null = null;
    const worker = async () => {
      while (failure === null && next < ids.length) {
        const id = ids[next++]!;
        try {
          this.checkAbort();
          await work(id);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, ids.length) }, worker));
    if (failure !== null) throw (failure as { error: unknown }).error;
  }
}

function isScanned(labels: readonly string[]): boolean {
  return labels.includes('SENT') || labels.includes('CATEGORY_PERSONAL');
}

function haveSameMembers(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}

