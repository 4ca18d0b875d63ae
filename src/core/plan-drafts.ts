/**
 * What Reconnect remembers about the drafts it made, and who gets one next.
 * Plain data: the Apps Script side keeps the log in the spreadsheet, the CLI in a file.
 */
import type { Assessment } from './assess-contact';
import { DAY_MS, type Ledger, type Millis } from './ledger';

export type DraftKind = 'reconnect' | 'thank-you';

export interface DraftRecord {
  email: string;
  kind: DraftKind;
  template: string;
  draftId: string;
  threadId: string;
  createdAt: Millis;
  /**
   * open: the draft is in Drafts. sent: the user sent it (the person is reached).
   * deleted: the user threw it away; kept only so the person is not drafted
   * again within their cadence. pending: drafts.create is about to be called,
   * or was called and its answer never came; draftId is '' and `marker` names
   * the draft to look for (see plan-draft-run).
   */
  state: 'pending' | 'open' | 'sent' | 'deleted';
  sentAt: Millis | null;
  /** The draft's X-Reconnect-Draft header value; absent on records written before markers existed. */
  marker?: string;
}

/** Records older than this are dropped: a year of weekly batches, then some (days). */
const KEEP_DAYS = 400;

/**
 * Reconnect drafts made this long ago or less count against this week's limit.
 * Six days, not seven, so next week's trigger firing a minute early still has its full batch.
 */
const WEEK_WINDOW_DAYS = 6;

/**
 * Brings the log up to date with Gmail: a draft no longer in Drafts was either
 * sent (a sent message followed it in its thread) or deleted.
 */
export function reconcileDraftLog(
  records: readonly DraftRecord[],
  openDraftIds: ReadonlySet<string>,
  findSentAt: (record: DraftRecord) => Millis | null,
  now: Millis,
): DraftRecord[] {
  const out: DraftRecord[] = [];
  for (const r of records) {
    if (now - r.createdAt > KEEP_DAYS * DAY_MS) continue;
    if (r.state !== 'open' || openDraftIds.has(r.draftId)) {
      out.push(r);
      continue;
    }
    const sentAt = findSentAt(r);
    out.push(sentAt === null ? { ...r, state: 'deleted' } : { ...r, state: 'sent', sentAt });
  }
  return out;
}

export type DraftSkipReason = 'open draft' | 'drafted recently' | 'snoozed' | 'ignored' | 'over the weekly limit';

export interface PlannedDraft {
  email: string;
  kind: DraftKind;
  template: string;
}

export interface DraftBatchPlan {
  drafts: PlannedDraft[];
  skipped: Array<{ email: string; reason: DraftSkipReason }>;
}

export interface PlanDraftsInput {
  assessments: readonly Assessment[];
  ledger: Ledger;
  records: readonly DraftRecord[];
  now: Millis;
  /**
   * Reconnect drafts a week, the most overdue first; drafts made earlier in the
   * week count. Thank-you drafts are on top, up to the same number.
   */
  limit: number;
}

/** Thank-you drafts for people who answered a reconnect message the user sent. */
export function findThankYouDue(ledger: Ledger, records: readonly DraftRecord[]): string[] {
  const due: string[] = [];
  for (const r of records) {
    if (r.kind !== 'reconnect' || r.state !== 'sent' || r.sentAt === null) continue;
    const contact = ledger.contacts[r.email];
    if (contact?.lastReceived == null || contact.lastReceived <= r.sentAt) continue;
    const thanked = records.some((t) => t.email === r.email && t.kind === 'thank-you' && t.createdAt > r.sentAt!);
    if (!thanked && !due.includes(r.email)) due.push(r.email);
  }
  return due;
}

export function planDraftBatch(input: PlanDraftsInput): DraftBatchPlan {
  const { assessments, ledger, records, now, limit } = input;
  const drafts: PlannedDraft[] = [];
  const skipped: DraftBatchPlan['skipped'] = [];
  const openFor = new Set(records.filter((r) => r.state === 'open' || r.state === 'pending').map((r) => r.email));

  for (const email of findThankYouDue(ledger, records).slice(0, limit)) {
    if (openFor.has(email)) skipped.push({ email, reason: 'open draft' });
    else drafts.push({ email, kind: 'thank-you', template: 'thank-you' });
  }

  let reconnects = records.filter((r) => r.kind === 'reconnect' && now - r.createdAt < WEEK_WINDOW_DAYS * DAY_MS).length;
  for (const a of assessments) {
    if (a.state === 'snoozed' || a.state === 'ignored') {
      skipped.push({ email: a.email, reason: a.state });
      continue;
    }
    if (a.state !== 'lapsed') continue;
    if (openFor.has(a.email)) {
      skipped.push({ email: a.email, reason: 'open draft' });
      continue;
    }
    const period = (a.cadenceDays ?? 0) * DAY_MS;
    if (records.some((r) => r.email === a.email && now - r.createdAt < period)) {
      skipped.push({ email: a.email, reason: 'drafted recently' });
      continue;
    }
    if (drafts.some((d) => d.email === a.email)) continue;
    if (reconnects >= limit) {
      skipped.push({ email: a.email, reason: 'over the weekly limit' });
      continue;
    }
    drafts.push({ email: a.email, kind: 'reconnect', template: 'reconnect' });
    reconnects += 1;
  }
  return { drafts, skipped };
}

/**
 * When the user sent mail in a draft's thread after the draft was made, or
 * null: how a draft that left Drafts is told apart as sent rather than deleted.
 * `messages` are the thread's, as threads.get answers them on either side.
 */
export function findSentAfter(
  messages: ReadonlyArray<{ labelIds?: readonly string[] | null; internalDate?: string | null }>,
  createdAt: Millis,
): Millis | null {
  const sent = messages
    .filter((m) => (m.labelIds ?? []).includes('SENT') && Number(m.internalDate ?? 0) >= createdAt)
    .map((m) => Number(m.internalDate));
  return sent.length === 0 ? null : Math.min(...sent);
}
