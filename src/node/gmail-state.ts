/**
 * Everything the CLI keeps between Gmail runs, in one file so the ledger and
 * the cursor that says which mail is in it are always written together.
 */
import type { Owner } from '../core/compose-draft';
import type { Ledger, Millis } from '../core/ledger';
import type { DraftKind, DraftRecord } from '../core/plan-drafts';

export const GMAIL_STATE_FORMAT = 'reconnect-gmail-ledger';
export const GMAIL_STATE_VERSION = 1;

export type ScanPhase = 'sent' | 'received';

/** A full scan in progress: everything listed under one label page by page, folded into its own ledger. */
export interface FullScanProgress {
  kind: 'full';
  /** Why: the first scan, an expired history, or a changed owner. */
  reason: 'first' | 'history-expired' | 'owner-changed';
  /** Local clock when the scan began (ms). */
  startedAt: Millis;
  /** The mailbox's historyId before the first page was listed: incremental scans continue from it. */
  startHistoryId: string;
  /** Messages older than this are outside the lookback and not folded (ms). */
  floor: Millis;
  phase: ScanPhase;
  /** Token of the page being worked on; null for a phase's first page. */
  pageToken: string | null;
  /** Ids of that page already handled (folded or skipped), so a resumed run folds each message once. */
  doneIds: string[];
  /** Whether any handled message of that page is inside the lookback: a page with none ends the phase. */
  pageRecent: boolean;
  /** Ids of the previous page: skipped if a page boundary shifts and lists them again. */
  previousPageIds: string[];
  ledger: Ledger;
  /** Messages handled so far, folded or not. */
  handled: number;
  /** Messages under the SENT and CATEGORY_PERSONAL labels when the scan began. */
  estimate: number;
  /** Ids folded that are dated within a day of startedAt: history after startHistoryId may report them again. */
  tailIds: string[];
}

/** Message ids reported by users.history.list, waiting to be fetched and folded into the main ledger. */
export interface IncrementalScanProgress {
  kind: 'incremental';
  /** The mailbox's historyId when history was read: the next scan starts there. */
  targetHistoryId: string;
  pending: Array<{ id: string; historyRecord: string }>;
  handled: number;
  total: number;
}

/**
 * The first incremental scan after a full one can see messages the full scan
 * already folded: mail that arrived while it ran. Those are skipped by id, and
 * messages history reports up to endHistoryId that are dated before `before`
 * (mail imported during the scan, which it may or may not have listed) are
 * skipped too, since counting a message twice would corrupt the ledger for good.
 */
export interface OverlapGuard {
  ids: string[];
  endHistoryId: string;
  before: Millis;
}

/** drafts.create is about to be called for this person: if the run dies before the id is saved, the next run adopts the draft. */
export interface PendingDraft {
  email: string;
  kind: DraftKind;
  template: string;
  /** The thread the draft replies in; null for a new message. */
  threadId: string | null;
  startedAt: Millis;
}

export interface GmailState {
  format: typeof GMAIL_STATE_FORMAT;
  version: typeof GMAIL_STATE_VERSION;
  /** The Gmail address this ledger was read from. */
  account: string;
  /** The owner's addresses, normalized: the profile address and every send-as alias, or --me. */
  owner: string[];
  /** The default send-as address and its display name: the From of drafts. */
  sender: Owner;
  /** The ledger of every completed scan; null until the first full scan finishes. */
  ledger: Ledger | null;
  /** Mailbox history the ledger is complete up to (users.history.list startHistoryId). */
  historyId: string | null;
  /** When the ledger was last brought up to date (ms). */
  scannedAt: Millis | null;
  overlap: OverlapGuard | null;
  scan: FullScanProgress | IncrementalScanProgress | null;
  /** Labels Reconnect created, name → id: it never touches any other label. */
  labels: Record<string, string>;
  drafts: DraftRecord[];
  pendingDrafts: PendingDraft[];
}

export function createGmailState(account: string): GmailState {
  return {
    format: GMAIL_STATE_FORMAT,
    version: GMAIL_STATE_VERSION,
    account,
    owner: [],
    sender: { name: '', email: account },
    ledger: null,
    historyId: null,
    scannedAt: null,
    overlap: null,
    scan: null,
    labels: {},
    drafts: [],
    pendingDrafts: [],
  };
}
