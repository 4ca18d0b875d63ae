/**
 * Where a resumable mailbox scan stands. The scan walks each phase newest
 * first, so the cursor is the time of the oldest message folded so far plus the
 * ids folded within that same second: Gmail's search bounds are whole seconds,
 * and the ids keep a message from being folded twice when a run stops between
 * two messages of one second. Plain data, saved with the ledger it describes.
 */
import type { Millis } from './ledger';

export type ScanPhase = 'sent' | 'received';
export const SCAN_PHASES: readonly ScanPhase[] = ['sent', 'received'];

export interface SecondMark {
  /** Whole seconds since the epoch. */
  second: number;
  /** Ids of messages in that second already folded. */
  ids: string[];
}

export interface ScanProgress {
  kind: 'full' | 'incremental';
  startedAt: Millis;
  phase: ScanPhase;
  /** Messages newer than this are done in the current phase (null: none yet, start at startedAt). */
  cursor: SecondMark | null;
  /** Lower bound of the scan: the lookback start (full) or the watermark (incremental). */
  floor: SecondMark;
  folded: number;
  /** Ids folded in the second the scan started, in either phase: the next watermark's ids. */
  topIds: string[];
  /** Gmail's estimate of the messages in this scan, for "12,400 of about 40,000". */
  estimate: number;
}

export interface ScanCursor {
  /** Everything up to this second (and the listed ids in it) is in the ledger. Null before the first full scan. */
  watermark: SecondMark | null;
  progress: ScanProgress | null;
}

export const EMPTY_CURSOR: ScanCursor = { watermark: null, progress: null };

export function toSecond(ms: Millis): number {
  return Math.floor(ms / 1000);
}

/** Starts a scan: the first one reads back `lookbackDays`, later ones only what is newer than the watermark. */
export function beginScan(cursor: ScanCursor, now: Millis, lookbackDays: number): ScanProgress {
  const floor = cursor.watermark ?? { second: toSecond(now - lookbackDays * 86_400_000), ids: [] };
  return {
    kind: cursor.watermark === null ? 'full' : 'incremental',
    startedAt: now,
    phase: 'sent',
    cursor: null,
    floor: { second: floor.second, ids: [...floor.ids] },
    folded: 0,
    topIds: [],
    estimate: 0,
  };
}

const BASE_QUERY: Readonly<Record<ScanPhase, string>> = {
  // Sent mail, wherever it was filed.
  sent: 'in:sent -in:chats -in:drafts',
  // Mail from people: Gmail's own categories already set machines apart.
  received:
    '-in:sent -in:chats -in:drafts -category:promotions -category:social -category:updates -category:forums',
};

/**
 * The Gmail search for the next page. Both bounds are widened by a second and
 * exact filtering happens in `isPending`, since Gmail documents `after:`/`before:`
 * with epoch seconds but not whether they include the second itself
 * (support.google.com/mail/answer/7190).
 */
export function buildScanQuery(progress: ScanProgress): string {
  const upper = progress.cursor?.second ?? toSecond(progress.startedAt);
  return `${BASE_QUERY[progress.phase]} after:${progress.floor.second - 1} before:${upper + 1}`;
}

/** Whether a listed id still needs fetching, before its date is known. */
export function isListedPending(progress: ScanProgress, id: string): boolean {
  return !(progress.cursor?.ids.includes(id) ?? false) && !progress.floor.ids.includes(id);
}

/** Whether a fetched message falls inside the scan and has not been folded. */
export function isPending(progress: ScanProgress, id: string, date: Millis): boolean {
  const s = toSecond(date);
  const upper = progress.cursor?.second ?? toSecond(progress.startedAt);
  if (s > upper || s < progress.floor.second) return false;
  if (s === upper && progress.cursor !== null && progress.cursor.ids.includes(id)) return false;
  if (s === progress.floor.second && progress.floor.ids.includes(id)) return false;
  return true;
}

/** Moves the cursor past one message; messages arrive newest first. */
export function advanceCursor(progress: ScanProgress, id: string, date: Millis): ScanProgress {
  const s = toSecond(date);
  const cursor = progress.cursor !== null && progress.cursor.second === s
    ? { second: s, ids: [...progress.cursor.ids, id] }
    : { second: s, ids: [id] };
  const topIds = s === toSecond(progress.startedAt) ? [...progress.topIds, id] : progress.topIds;
  return { ...progress, cursor, folded: progress.folded + 1, topIds };
}

/** After the last phase: the watermark becomes the scan's start, so mail that arrived meanwhile is read next time. */
export function finishPhase(cursor: ScanCursor, progress: ScanProgress): ScanCursor {
  const next = progress.phase === 'sent' ? 'received' : null;
  if (next !== null) return { ...cursor, progress: { ...progress, phase: next, cursor: null } };
  return { watermark: { second: toSecond(progress.startedAt), ids: [...progress.topIds] }, progress: null };
}
