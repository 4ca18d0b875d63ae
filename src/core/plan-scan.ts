/**
 * One order-free plan for a resumable mailbox scan, shared by the Apps Script
 * scan and `reconnect scan --gmail`. Pure data and pure steps: the adapters
 * list and read, the plan says what to do next and which messages to fold.
 *
 * Gmail promises no listing order and no page length; only `nextPageToken`
 * says more results follow (users.messages.list / users.threads.list
 * references; a real account listed out of order by hours,
 * googleapis/google-api-nodejs-client#3508). So the plan never infers
 * anything from order or page size:
 * - the scan range is cut into time windows closed on both ends, in whole
 *   seconds of `internalDate` (what Gmail's after:/before: compare);
 * - each window is listed to the end, one segment a phase, always following
 *   `nextPageToken`; a short or empty page is just a page;
 * - listed ids are deduplicated against what the window already read, so an
 *   id listed twice, or a listing restarted after a stale token, reads once;
 * - a thread read for a window folds every message of that window it holds
 *   (sent or from people), so a thread met again in the other phase is skipped;
 * - a message is folded only in the window its own date falls in, so a
 *   thread spanning windows folds each message once.
 * Segments run sent mail first, newest window first: the first run already
 * knows whom you wrote to. State is plain JSON, committed with the ledger,
 * so a run killed at any call resumes exactly at the last commit.
 */
import type { Millis } from './ledger';
import type { MessageMeta } from './message-meta';

export type ScanPhase = 'sent' | 'received';
export const SCAN_PHASES: readonly ScanPhase[] = ['sent', 'received'];

/** Everything dated before `second` is in the ledger, and so are `ids` (those dated in the tail before it). */
export interface ScanWatermark {
  /** Whole seconds since the epoch. */
  second: number;
  /** Ids folded that are dated within TAIL_SECONDS before `second`. */
  ids: string[];
}

export interface ScanSegment {
  phase: ScanPhase;
  /** The window, whole seconds of internalDate: `from` inclusive, `to` exclusive. */
  from: number;
  to: number;
  /** Token of the next page to list; null for the first page. */
  pageToken: string | null;
  /** The listing has ended: the last page carried no nextPageToken. */
  listed: boolean;
  /** Threads listed and not yet read. */
  pending: string[];
}

export interface ScanPlan {
  kind: 'full' | 'incremental';
  startedAt: Millis;
  /** Segments still to do, the current one first. */
  segments: ScanSegment[];
  /** Threads read, per window (keyed by its `from`): dropped when the window's last segment ends. */
  read: Record<string, string[]>;
  /** Ids never to fold again: the previous watermark's tail (incremental scans). */
  skip: string[];
  /** Where the next watermark will stand. */
  until: number;
  /** Ids folded (or skipped as already folded) dated within the tail before `until`. */
  tail: string[];
  folded: number;
  threadsRead: number;
  /** Gmail's estimates, summed over the first page of each segment: for "12,400 of about 40,000". */
  estimate: number;
}

/**
 * How far back an incremental scan looks past the watermark, in seconds: mail
 * can become searchable a little after its internalDate, so the newest hour is
 * listed again next time, and the ids already folded in it are skipped.
 */
export const TAIL_SECONDS = 3600;

/** Full scans cut the lookback into windows of this many days. */
export const WINDOW_DAYS = 90;

export function toSecond(ms: Millis): number {
  return Math.floor(ms / 1000);
}

function segmentsFor(from: number, to: number, windowDays: number): ScanSegment[] {
  const windows: Array<[number, number]> = [];
  const step = Math.max(1, Math.round(windowDays * 86_400));
  for (let hi = to; hi > from; hi -= step) windows.push([Math.max(from, hi - step), hi]);
  const make = (phase: ScanPhase) =>
    windows.map(([lo, hi]): ScanSegment => ({ phase, from: lo, to: hi, pageToken: null, listed: false, pending: [] }));
  return [...make('sent'), ...make('received')];
}

/** A full scan of the last `lookbackDays`, or an incremental one from the watermark to now. */
export function beginScanPlan(watermark: ScanWatermark | null, now: Millis, lookbackDays: number, windowDays = WINDOW_DAYS): ScanPlan {
  // Through the current second: mail that lands later in it is dated inside the tail, which the next scan lists again.
  const until = toSecond(now) + 1;
  const full = watermark === null;
  const from = full ? toSecond(now - lookbackDays * 86_400_000) : Math.min(watermark.second - TAIL_SECONDS, until);
  return {
    kind: full ? 'full' : 'incremental',
    startedAt: now,
    segments: segmentsFor(from, until, full ? windowDays : Number.POSITIVE_INFINITY),
    read: {},
    skip: full ? [] : [...watermark.ids],
    until,
    tail: [],
    folded: 0,
    threadsRead: 0,
    estimate: 0,
  };
}

export type ScanStep =
  | { kind: 'list'; segment: ScanSegment }
  | { kind: 'read'; segment: ScanSegment; threadId: string }
  | { kind: 'done' };

/** What to do next: read a listed thread, list the next page, or nothing (the plan is complete). */
export function nextScanStep(plan: ScanPlan): ScanStep {
  const segment = plan.segments[0];
  if (segment === undefined) return { kind: 'done' };
  const threadId = segment.pending[0];
  if (threadId !== undefined) return { kind: 'read', segment, threadId };
  // listed with nothing pending is finished by the step that emptied it, so this segment still lists.
  return { kind: 'list', segment };
}

/** Adds a listed page: new thread ids join the segment's pending set; the token says whether more follow. */
export function applyListedPage(plan: ScanPlan, threadIds: readonly string[], nextPageToken: string | null, estimate: number): ScanPlan {
  const [segment, ...rest] = plan.segments;
  if (segment === undefined) return plan;
  const read = new Set(plan.read[String(segment.from)] ?? []);
  const pending = new Set(segment.pending);
  for (const id of threadIds) if (id !== '' && !read.has(id)) pending.add(id);
  const first = segment.pageToken === null;
  const next: ScanSegment = { ...segment, pending: [...pending], pageToken: nextPageToken, listed: nextPageToken === null };
  return settle({ ...plan, segments: [next, ...rest], estimate: plan.estimate + (first ? estimate : 0) });
}

/** The saved page token was refused (tokens are opaque and may expire): list the segment again from its start. */
export function restartListing(plan: ScanPlan): ScanPlan {
  const [segment, ...rest] = plan.segments;
  if (segment === undefined) return plan;
  return { ...plan, segments: [{ ...segment, pageToken: null, listed: false }, ...rest] };
}

/** Whether a message is mail the scan reads: sent by the owner, or from people (Gmail's own categories set machines apart). */
export function isScannedMessage(labels: readonly string[]): boolean {
  const has = (l: string) => labels.includes(l);
  if (has('DRAFT') || has('CHAT') || has('SPAM') || has('TRASH')) return false;
  if (has('SENT')) return true;
  return !(has('CATEGORY_PROMOTIONS') || has('CATEGORY_SOCIAL') || has('CATEGORY_UPDATES') || has('CATEGORY_FORUMS'));
}

/**
 * Takes a read thread (null: it is gone) off the current segment and returns
 * the messages to fold: those dated inside the segment's window, scanned, and
 * not already folded. The caller folds them and commits plan and ledger together.
 */
export function applyReadThread(plan: ScanPlan, threadId: string, messages: readonly MessageMeta[] | null): { plan: ScanPlan; fold: MessageMeta[] } {
  const [segment, ...rest] = plan.segments;
  if (segment === undefined) return { plan, fold: [] };
  const key = String(segment.from);
  const skip = new Set(plan.skip);
  const fold: MessageMeta[] = [];
  const tail = [...plan.tail];
  const seen = new Set<string>();
  for (const m of messages ?? []) {
    const s = toSecond(m.date);
    if (m.id === '' || seen.has(m.id) || s < segment.from || s >= segment.to || !isScannedMessage(m.labels)) continue;
    seen.add(m.id);
    const inTail = s >= plan.until - TAIL_SECONDS && s < plan.until;
    if (inTail && !tail.includes(m.id)) tail.push(m.id);
    if (skip.has(m.id)) continue;
    fold.push(m);
  }
  const next: ScanSegment = { ...segment, pending: segment.pending.filter((id) => id !== threadId) };
  const readHere = [...(plan.read[key] ?? []), threadId];
  return {
    plan: settle({ ...plan, segments: [next, ...rest], read: { ...plan.read, [key]: readHere }, tail, folded: plan.folded + fold.length, threadsRead: plan.threadsRead + 1 }),
    fold,
  };
}

/** Drops finished segments, and the read set of a window none of the remaining segments covers. */
function settle(plan: ScanPlan): ScanPlan {
  let segments = plan.segments;
  let read = plan.read;
  while (segments[0] !== undefined && segments[0].listed && segments[0].pending.length === 0) {
    const done = segments[0];
    segments = segments.slice(1);
    if (!segments.some((s) => s.from === done.from)) {
      const { [String(done.from)]: _gone, ...kept } = read;
      read = kept;
    }
  }
  return segments === plan.segments ? plan : { ...plan, segments, read };
}

/**
 * Messages the scan will have read, roughly: Gmail estimates threads per
 * listing, and the threads read so far say how many messages a thread holds.
 */
export function estimateMessages(plan: ScanPlan): number {
  const perThread = plan.threadsRead === 0 ? 1 : plan.folded / plan.threadsRead;
  return Math.max(plan.folded, Math.round(plan.estimate * perThread));
}

export function isPlanDone(plan: ScanPlan): boolean {
  return plan.segments.length === 0;
}

/** The completed plan's watermark: the next scan reads from here. */
export function finishScanPlan(plan: ScanPlan): ScanWatermark {
  return { second: plan.until, ids: [...plan.tail] };
}

/** Whether the sent segments are all done: the first lapsed list can be shown. */
export function isSentPhaseDone(plan: ScanPlan): boolean {
  return !plan.segments.some((s) => s.phase === 'sent');
}

const BASE_QUERY: Readonly<Record<ScanPhase, string>> = {
  // Sent mail, wherever it was filed.
  sent: 'in:sent -in:chats -in:drafts',
  // Mail from people: Gmail's own categories already set machines apart.
  received:
    '-in:sent -in:chats -in:drafts -category:promotions -category:social -category:updates -category:forums',
};

/**
 * The Gmail search for a segment. Both bounds are widened by a second, since
 * Gmail documents `after:`/`before:` with epoch seconds but not whether they
 * include the second itself (support.google.com/mail/answer/7190); exact
 * membership is decided by applyReadThread from each message's own date.
 */
export function buildSegmentQuery(segment: Pick<ScanSegment, 'phase' | 'from' | 'to'>): string {
  return `${BASE_QUERY[segment.phase]} after:${segment.from - 1} before:${segment.to + 1}`;
}
