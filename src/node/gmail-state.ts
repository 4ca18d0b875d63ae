/**
 * Everything the CLI keeps between Gmail runs, in one file so the ledger and
 * the cursor that says which mail is in it are always written together.
 */
import type { Owner } from '../core/compose-draft';
import type { Ledger, Millis } from '../core/ledger';
import type { DraftKind, DraftRecord } from '../core/plan-drafts';
import type { ScanPlan } from '../core/plan-scan';

export const GMAIL_STATE_FORMAT = 'reconnect-gmail-ledger';
export const GMAIL_STATE_VERSION = 1;

export type { ScanPhase } from '../core/plan-scan';

/**
 * A full scan in progress, driven by the core's order-free plan (core/plan-scan.ts):
 * every page of each label is listed, each message read once, and only those
 * dated inside the lookback folded into the scan's own ledger.
 */
export interface FullScanProgress {
  kind: 'full';
  /** Why: the first scan, an expired history, or a changed owner. */
  reason: 'first' | 'history-expired' | 'owner-changed';
  /** Local clock when the scan began (ms). */
  startedAt: Millis;
  /** The mailbox's historyId before the first page was listed: incremental scans continue from it. */
  startHistoryId: string;
  /** The plan: segments (a label each, for the lookback's window), pages, ids read. */
  plan: ScanPlan;
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
