/**
 * Folds message metadata into a ledger. Every field is a max, a min, a bounded
 * set union or a sum, so the fold ignores message order, never moves a date
 * backwards, and merge(fold(A), fold(B)) = fold(A ∪ B) for disjoint A and B:
 * a scan can stop anywhere and continue in another run.
 */
import { classifyMessage } from './classify-message';
import { addSpelling, mergeSpellings } from './contact-addresses';
import {
  DAY_MS,
  HISTORY_DAYS,
  LEDGER_VERSION,
  REFERENCES_MAX_CHARS,
  type Contact,
  type Ledger,
  type Millis,
  type ThreadRef,
} from './ledger';
import type { MessageMeta } from './message-meta';
import type { Mailbox } from './parse-addresses';
import type { FoldOptions } from './settings';

export function createLedger(): Ledger {
  return {
    version: LEDGER_VERSION,
    contacts: {},
    coverage: { messages: 0, counted: 0, oldest: null, newest: null },
  };
}

export function foldMessages(messages: Iterable<MessageMeta>, options: FoldOptions): Ledger {
  const ledger = createLedger();
  for (const message of messages) addMessage(ledger, message, options);
  return ledger;
}

/** Adds one message to the ledger in place; returns whether it touched a contact. */
export function addMessage(ledger: Ledger, message: MessageMeta, options: FoldOptions): boolean {
  const coverage = ledger.coverage;
  coverage.messages += 1;
  coverage.oldest = minDate(coverage.oldest, message.date);
  coverage.newest = maxDate(coverage.newest, message.date);

  const verdict = classifyMessage(message, options);
  if (verdict.kind === 'skip') return false;
  coverage.counted += 1;
  if (verdict.kind === 'sent') {
    for (const person of verdict.people) touch(ledger, person, message, 'sent', verdict.weak);
  } else {
    touch(ledger, verdict.person, message, 'received', verdict.weak);
  }
  return true;
}

function touch(
  ledger: Ledger,
  person: Mailbox,
  message: MessageMeta,
  direction: 'sent' | 'received',
  weak: boolean,
): void {
  const date = message.date;
  let contact = ledger.contacts[person.email];
  if (contact === undefined) {
    contact = emptyContact(person.email, date);
    ledger.contacts[person.email] = contact;
  }
  contact.firstSeen = Math.min(contact.firstSeen, date);
  const name = capText(person.name, STORED_NAME_MAX);
  if (name !== '' && laterName(date, name, contact)) {
    contact.name = name;
    contact.nameDate = date;
  }
  if (weak) {
    contact.weakCount += 1;
    contact.lastWeak = maxDate(contact.lastWeak, date);
    return;
  }
  // Spellings from one-to-one mail only, like every other field an exchange sets.
  addSpelling(contact.addresses, person.address, date, direction === 'received');
  const messageId = message.messageId ?? '';
  const ref: ThreadRef = {
    id: capText(message.id, STORED_ID_MAX),
    threadId: capText(message.threadId, STORED_ID_MAX),
    subject: capText(message.subject, STORED_SUBJECT_MAX),
    date,
    // A Message-ID too long for a header line cannot be replied to (RFC 5322 section 2.1.1): not kept.
    messageId: messageId.length > STORED_ID_MAX ? '' : messageId,
  };
  const references = capReferences(message.references ?? '');
  if (references !== '') ref.references = references;
  if (direction === 'sent') {
    contact.sentCount += 1;
    contact.lastSent = maxDate(contact.lastSent, date);
    contact.lastSentThread = laterThread(contact.lastSentThread, ref);
    contact.sentDays = addDays(contact.sentDays, [Math.floor(date / DAY_MS)]);
  } else {
    contact.receivedCount += 1;
    contact.lastReceived = maxDate(contact.lastReceived, date);
    contact.lastReceivedThread = laterThread(contact.lastReceivedThread, ref);
    contact.receivedDays = addDays(contact.receivedDays, [Math.floor(date / DAY_MS)]);
  }
  contact.history = addDays(contact.history, [Math.floor(date / DAY_MS)]);
}

/** A contact with no mail yet: what the fold starts from, and what cards and templates show for a stranger. */
export function emptyContact(email: string, date: Millis): Contact {
  return {
    email,
    name: '',
    nameDate: 0,
    firstSeen: date,
    lastSent: null,
    lastReceived: null,
    sentCount: 0,
    receivedCount: 0,
    weakCount: 0,
    lastWeak: null,
    lastSentThread: null,
    lastReceivedThread: null,
    history: [],
    addresses: {},
    sentDays: [],
    receivedDays: [],
  };
}

export function mergeLedgers(a: Ledger, b: Ledger): Ledger {
  const merged = createLedger();
  merged.coverage = {
    messages: a.coverage.messages + b.coverage.messages,
    counted: a.coverage.counted + b.coverage.counted,
    oldest: minDate(a.coverage.oldest, b.coverage.oldest),
    newest: maxDate(a.coverage.newest, b.coverage.newest),
  };
  for (const source of [a, b]) {
    for (const [email, contact] of Object.entries(source.contacts)) {
      const existing = merged.contacts[email];
      merged.contacts[email] = existing === undefined ? cloneContact(contact) : mergeContacts(existing, contact);
    }
  }
  return merged;
}

/** One address's record merged into another's, keeping `a.email`: how people with several addresses are assessed. */
export function mergeContactRecords(a: Contact, b: Contact): Contact {
  return mergeContacts(a, b);
}

function mergeContacts(a: Contact, b: Contact): Contact {
  const nameFromB = b.name !== '' && laterName(b.nameDate, b.name, a);
  return {
    email: a.email,
    name: nameFromB ? b.name : a.name,
    nameDate: nameFromB ? b.nameDate : a.nameDate,
    firstSeen: Math.min(a.firstSeen, b.firstSeen),
    lastSent: maxDate(a.lastSent, b.lastSent),
    lastReceived: maxDate(a.lastReceived, b.lastReceived),
    sentCount: a.sentCount + b.sentCount,
    receivedCount: a.receivedCount + b.receivedCount,
    weakCount: a.weakCount + b.weakCount,
    lastWeak: maxDate(a.lastWeak, b.lastWeak),
    lastSentThread: laterThread(a.lastSentThread, b.lastSentThread),
    lastReceivedThread: laterThread(a.lastReceivedThread, b.lastReceivedThread),
    history: addDays(a.history, b.history),
    addresses: mergeSpellings(a.addresses, b.addresses),
    sentDays: addDays(a.sentDays, b.sentDays),
    receivedDays: addDays(a.receivedDays, b.receivedDays),
  };
}

function cloneContact(c: Contact): Contact {
  return {
    ...c,
    lastSentThread: c.lastSentThread && { ...c.lastSentThread },
    lastReceivedThread: c.lastReceivedThread && { ...c.lastReceivedThread },
    history: [...c.history],
    addresses: mergeSpellings(c.addresses, {}),
    sentDays: [...c.sentDays],
    receivedDays: [...c.receivedDays],
  };
}

/** The latest non-empty name wins; equal dates fall back to text order so any fold order agrees. */
function laterName(date: Millis, name: string, current: Contact): boolean {
  if (current.name === '') return true;
  if (date !== current.nameDate) return date > current.nameDate;
  return name > current.name;
}

function laterThread(a: ThreadRef | null, b: ThreadRef | null): ThreadRef | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.date !== b.date) return a.date > b.date ? a : b;
  return compareRefs(a, b) >= 0 ? a : b;
}

function compareRefs(a: ThreadRef, b: ThreadRef): number {
  for (const key of ['threadId', 'id', 'messageId', 'subject'] as const) {
    if (a[key] !== b[key]) return a[key] > b[key] ? 1 : -1;
  }
  const [ra, rb] = [a.references ?? '', b.references ?? ''];
  return ra === rb ? 0 : ra > rb ? 1 : -1;
}

/** Sorted union of day numbers, keeping the latest HISTORY_DAYS. */
export function addDays(days: readonly number[], more: readonly number[]): number[] {
  let out = days as number[];
  for (const day of more) out = insertDay(out, day);
  return out;
}

/** One day into a sorted array: a binary search, and a copy only when something changes. */
function insertDay(days: number[], day: number): number[] {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  if (days[lo] === day) return days;
  if (days.length >= HISTORY_DAYS && lo === 0) return days;
  const next = [...days.slice(0, lo), day, ...days.slice(lo)];
  return next.length > HISTORY_DAYS ? next.slice(next.length - HISTORY_DAYS) : next;
}

function maxDate(a: Millis | null, b: Millis | null): Millis | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function minDate(a: Millis | null, b: Millis | null): Millis | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

/** The newest Message-IDs of a References header that fit in REFERENCES_MAX_CHARS, whole ids only. */
export function capReferences(references: string): string {
  const ids = references.match(/<[^<>\s]+>/g) ?? [];
  const kept: string[] = [];
  let length = 0;
  for (let i = ids.length - 1; i >= 0; i -= 1) {
    const id = ids[i]!;
    if (id.length > REFERENCES_MAX_CHARS - 1) continue;
    if (length + id.length + (kept.length > 0 ? 1 : 0) > REFERENCES_MAX_CHARS) break;
    length += id.length + (kept.length > 0 ? 1 : 0);
    kept.unshift(id);
  }
  return kept.join(' ');
}

/**
 * Caps on what the ledger keeps of one message's header text, so that no
 * stored contact, one JSON object a sheet cell, comes near Google Sheets'
 * 50,000-character cell limit even when one message carries a giant display
 * name, subject or Message-ID (characters).
 */
export const STORED_NAME_MAX = 500;
export const STORED_SUBJECT_MAX = 998;
export const STORED_ID_MAX = 998;

/** The text, or its first `max` characters and an ellipsis; whole characters (never half a surrogate pair). */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end -= 1;
  return `${text.slice(0, end)}…`;
}
