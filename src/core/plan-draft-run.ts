/**
 * One draft run, the same on both sides (Apps Script and the Node CLI): who is
 * drafted, the pending record written before each drafts.create, how a pending
 * record is settled after a crash or a lost response, and which message gets
 * the Drafted label. Adapters only carry these steps out.
 *
 * Why pending records: users.drafts.create is not idempotent. When its answer
 * is lost (a network error, a 5xx, an execution killed at its time limit) the
 * draft may or may not exist. Repeating the call blindly can leave two drafts;
 * so each draft carries a marker header, the marker is recorded before the
 * call, and a pending record is settled by looking for a draft that carries it.
 */
import type { DraftPlan } from './compose-draft';
import type { Contact, Millis, ThreadRef } from './ledger';
import type { DraftRecord, PlannedDraft } from './plan-drafts';
import { latestThread } from './plan-labels';

/**
 * The header that names a draft as Reconnect's. An X- header (RFC 822 section
 * 4.7.5 "extension-field"); Gmail keeps the headers of a draft's raw message.
 */
export const DRAFT_MARKER_HEADER = 'X-Reconnect-Draft';

/** A draft as drafts.list names it. */
export interface ListedDraft {
  draftId: string;
  messageId: string;
  threadId: string;
}

/**
 * A marker unique to one create: the run's clock, the draft's place in the run
 * and a hash of the address, in base 36. Header-safe: letters, digits, dots.
 */
export function draftMarker(email: string, now: Millis, index: number): string {
  let h = 2166136261;
  for (let i = 0; i < email.length; i += 1) {
    h ^= email.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return `${Math.max(0, Math.floor(now)).toString(36)}.${index.toString(36)}.${h.toString(36)}`;
}

/** The record written before drafts.create: if the answer never arrives, the next run looks for this marker. */
export function pendingRecord(planned: PlannedDraft, draft: Pick<DraftPlan, 'threadId'>, marker: string, now: Millis): DraftRecord {
  return {
    email: planned.email,
    kind: planned.kind,
    template: planned.template,
    draftId: '',
    threadId: draft.threadId ?? '',
    createdAt: now,
    state: 'pending',
    sentAt: null,
    marker,
  };
}

/** The pending record of `marker` becomes an open draft once Gmail has answered with its id. */
export function recordCreated(records: readonly DraftRecord[], marker: string, created: { draftId: string; threadId: string }): DraftRecord[] {
  return records.map((r) =>
    r.state === 'pending' && r.marker === marker ? { ...r, state: 'open' as const, draftId: created.draftId, threadId: created.threadId || r.threadId } : r,
  );
}

/**
 * Drafts worth reading for a marker: those no record knows, and, when every
 * pending record replies in a thread, only drafts in those threads. Newest
 * first, as drafts.list answers, so a just-made draft is read early.
 */
export function markerCandidates(records: readonly DraftRecord[], listed: readonly ListedDraft[]): ListedDraft[] {
  const pending = records.filter((r) => r.state === 'pending');
  if (pending.length === 0) return [];
  const known = new Set(records.filter((r) => r.draftId !== '').map((r) => r.draftId));
  const threads = pending.every((r) => r.threadId !== '') ? new Set(pending.map((r) => r.threadId)) : null;
  return listed.filter((d) => !known.has(d.draftId) && (threads === null || threads.has(d.threadId)));
}

/** True once every pending record's marker has been found, so the search can stop. */
export function allMarkersFound(records: readonly DraftRecord[], found: ReadonlyMap<string, ListedDraft>): boolean {
  return records.every((r) => r.state !== 'pending' || (r.marker !== undefined && found.has(r.marker)));
}

export interface SettledPending {
  records: DraftRecord[];
  /** Drafts a crashed run or a lost answer made, now recorded as open. */
  recovered: number;
  /** Pending records with no draft: the create never happened (or the draft is already gone); forgotten. */
  dropped: number;
}

/**
 * Settles every pending record: a draft carrying its marker is adopted as open;
 * without one, the record is dropped, so the person can be drafted again. (Had
 * the user already sent that draft, the next scan sees the sent mail and they
 * are no longer lapsed.)
 */
export function settlePending(records: readonly DraftRecord[], found: ReadonlyMap<string, ListedDraft>): SettledPending {
  const out: DraftRecord[] = [];
  let recovered = 0;
  let dropped = 0;
  const adopted = new Set(records.filter((r) => r.state !== 'pending').map((r) => r.draftId));
  for (const r of records) {
    if (r.state !== 'pending') {
      out.push(r);
      continue;
    }
    const draft = r.marker === undefined ? undefined : found.get(r.marker);
    if (draft === undefined || adopted.has(draft.draftId)) {
      dropped += 1;
      continue;
    }
    adopted.add(draft.draftId);
    recovered += 1;
    out.push({ ...r, state: 'open', draftId: draft.draftId, threadId: draft.threadId || r.threadId });
  }
  return { records: out, recovered, dropped };
}

/**
 * The message that gets the Drafted label: the person's latest message the
 * ledger knows, which is sent or received mail, never a draft. Gmail's drafts
 * guide: draft messages cannot carry any label but DRAFT. Null when the ledger
 * knows no message id (then there is nothing to label).
 */
export function draftedLabelTarget(contact: Contact): ThreadRef | null {
  const ref = latestThread(contact);
  return ref !== null && ref.id !== '' ? ref : null;
}

/** An open (or pending) Reconnect draft for this person, if any. */
export function openDraftOf(records: readonly DraftRecord[], email: string): DraftRecord | null {
  return records.find((r) => r.email === email && r.state === 'open') ?? null;
}

/**
 * "They wrote first": the person wrote after Reconnect drafted to them and the
 * draft is still unsent. The draft no longer fits; it is shown as stale and
 * never deleted, since the user may have edited it.
 */
export function isStaleDraft(record: DraftRecord, contact: Contact | undefined): boolean {
  return record.state === 'open' && contact?.lastReceived != null && contact.lastReceived > record.createdAt;
}

export const STALE_DRAFT_TEXT = 'they wrote first';

/**
 * Messages that should carry the Drafted label and do not: the label target of
 * every open Reconnect draft. A run cut short after its drafts and before its
 * labels leaves these; the next run adds them, so labels converge like drafts.
 */
export function missingDraftedLabels(
  records: readonly DraftRecord[],
  contacts: Readonly<Record<string, Contact>>,
  labelled: readonly { id: string }[],
): Array<{ id: string; threadId: string }> {
  const have = new Set(labelled.map((m) => m.id));
  const out = new Map<string, { id: string; threadId: string }>();
  for (const r of records) {
    if (r.state !== 'open') continue;
    const contact = contacts[r.email];
    const target = contact === undefined ? null : draftedLabelTarget(contact);
    if (target !== null && !have.has(target.id)) out.set(target.id, { id: target.id, threadId: target.threadId });
  }
  return [...out.values()];
}

/**
 * Where "Open draft" goes: the draft's thread in Gmail's Drafts view, which
 * opens the draft for editing. By thread, not message: Gmail gives a draft a
 * new message id each time it is saved, but its thread stays.
 */
export function draftUrl(record: DraftRecord): string {
  return record.threadId === '' ? 'https://mail.google.com/mail/#drafts' : `https://mail.google.com/mail/#drafts/${encodeURIComponent(record.threadId)}`;
}

/**
 * The report's "Reconnect draft" cell for a person, from the draft log as last
 * reconciled: '' when none is open, "Open", or "Stale: they wrote first". Mail
 * the user sent after the draft was made most likely is that draft (the log
 * has not seen it leave Drafts yet), so it shows nothing rather than a guess.
 */
export function describeDraftForReport(records: readonly DraftRecord[], contact: Contact | undefined): string {
  const open = contact === undefined ? null : openDraftOf(records, contact.email);
  if (open === null || (contact!.lastSent ?? 0) > open.createdAt) return '';
  return isStaleDraft(open, contact) ? `Stale: ${STALE_DRAFT_TEXT}` : 'Open';
}

/** What the draft-run plan asks its side to do; the answer goes back to the plan. */
export type DraftIo =
  /** Store the draft log (the spreadsheet's _drafts sheet, or the CLI's state file). Answer: nothing. */
  | { kind: 'save'; records: DraftRecord[] }
  /** users.drafts.create with this marker header, once; a rate-limit refusal may be retried. Answer: the ListedDraft made. */
  | { kind: 'create'; marker: string }
  /** users.drafts.list, every page, newest first. Answer: ListedDraft[]. */
  | { kind: 'list' }
  /** The X-Reconnect-Draft header of a draft, '' if none or gone. Answer: string. */
  | { kind: 'marker'; draftId: string };

export type DraftPlanRun<R> = Generator<DraftIo, R, unknown>;

/** Reads the marker of each draft no record knows, newest first, until every pending marker is found. */
export function* findMarkersPlan(records: readonly DraftRecord[], listed: readonly ListedDraft[] | null): DraftPlanRun<Map<string, ListedDraft>> {
  const found = new Map<string, ListedDraft>();
  if (!records.some((r) => r.state === 'pending')) return found;
  const drafts = listed ?? ((yield { kind: 'list' }) as ListedDraft[]);
  const wanted = new Set(records.filter((r) => r.state === 'pending').map((r) => r.marker ?? ''));
  for (const d of markerCandidates(records, drafts)) {
    if (allMarkersFound(records, found)) break;
    const marker = (yield { kind: 'marker', draftId: d.draftId }) as string;
    if (wanted.has(marker)) found.set(marker, d);
  }
  return found;
}

/**
 * One draft: the pending record with its marker is saved first, then
 * drafts.create is asked for once. If it fails, the marker is looked for at
 * once: a draft carrying it is the one made (its answer was lost); none means
 * none was made (Gmail shows its own writes at once), so the pending record is
 * taken back and the error goes on. Never is the create repeated blindly.
 */
export function* createDraftPlan(
  before: readonly DraftRecord[],
  planned: PlannedDraft,
  draft: Pick<DraftPlan, 'threadId'>,
  marker: string,
  now: Millis,
): DraftPlanRun<{ created: ListedDraft; records: DraftRecord[] }> {
  let records = [...before, pendingRecord(planned, draft, marker, now)];
  yield { kind: 'save', records };
  let created: ListedDraft;
  try {
    created = (yield { kind: 'create', marker }) as ListedDraft;
  } catch (error) {
    const found = (yield* findMarkersPlan(records, null)).get(marker);
    if (found === undefined) {
      yield { kind: 'save', records: [...before] };
      throw error;
    }
    created = found;
  }
  records = recordCreated(records, marker, created);
  yield { kind: 'save', records };
  return { created, records };
}
