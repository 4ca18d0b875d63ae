/**
 * In-memory Advanced Gmail Service (`Gmail`, type GoogleAppsScript.Gmail).
 *
 * Reconnect reads and writes Gmail only through this service, with metadata-only
 * requests, under the gmail.modify scope. The fake answers the methods Reconnect
 * uses with Gmail API v1 response shapes; every other method throws
 * NotImplementedError. Sending is never allowed: Messages.send and Drafts.send
 * record the attempt and throw.
 *
 * Besides the service surface, FakeGmail offers test-side helpers (seeding,
 * simulated user actions, inspection) that are not service calls: they are not
 * counted, cost no time and never fail.
 */

import { FakeRuntime } from './fake-runtime';
import { googleJsonResponseException, GoogleJsonResponseException, WORDING } from './google-errors';
import {
  BATCH_MODIFY_MAX_IDS,
  addsLabelToDraft,
  orderListing,
  pageBounds,
  pageSize,
  SYSTEM_LABELS,
  type ListingMode,
} from './gmail-contract';
import { parseGmailQuery, searchSpelling } from './gmail-query';
import { notImplemented } from './not-implemented';
import { buildRfc822, Header, headerValue, messageIdTokens, parseRfc822 } from './rfc822';

type Message = GoogleAppsScript.Gmail.Schema.Message;
type Thread = GoogleAppsScript.Gmail.Schema.Thread;
type Draft = GoogleAppsScript.Gmail.Schema.Draft;
type Label = GoogleAppsScript.Gmail.Schema.Label;
type History = GoogleAppsScript.Gmail.Schema.History;

/** Labels the API refuses to add or remove by hand ("Invalid label: SENT", googleapis/google-api-php-client#1254). */
const IMMUTABLE_LABELS = new Set(['SENT', 'DRAFT', 'CHAT']);

/**
 * How long history records stay readable. Gmail: a history ID is "typically valid
 * for at least a week" but "in some rare circumstances may be valid for only a
 * few hours" (users.history.list reference). Default one week; tests shorten it.
 */
export const DEFAULT_HISTORY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Gmail snippets are about 200 characters of the body, HTML-escaped ("&#39;" for an apostrophe). */
const SNIPPET_LENGTH = 200;

export interface SendAsAlias {
  sendAsEmail: string;
  displayName?: string;
  isPrimary?: boolean;
  isDefault?: boolean;
  replyToAddress?: string;
  treatAsAlias?: boolean;
  verificationStatus?: string;
}

export interface FakeGmailOptions {
  /** The mailbox owner, what getProfile returns and what 'me' means. */
  owner: string;
  ownerName?: string;
  /** Extra send-as aliases besides the primary address. */
  aliases?: readonly SendAsAlias[];
  historyRetentionMs?: number;
  /** First history id. Gmail's are large integers; the value only has to grow. */
  firstHistoryId?: number;
  /**
   * 'strict' (default): a draft joins the requested thread only when the Gmail
   * threading rules hold (threadId given, In-Reply-To and References set, Subject
   * matching), otherwise it starts a new thread. 'lenient': threadId alone is enough.
   * Source: the Message.threadId field reference, "To add a message or draft to a
   * thread, the following criteria must be met: 1. The requested threadId must be
   * specified ... 2. The References and In-Reply-To headers must be set in
   * compliance with the RFC 2822 standard. 3. The Subject headers must match."
   */
  threading?: 'strict' | 'lenient';
  /** How unkindly messages.list and threads.list page; default: newest first, full pages. */
  listing?: ListingMode;
}

export interface MessageSeed {
  /** Joins this existing thread; a new thread otherwise. */
  threadId?: string;
  from: string;
  to?: string | readonly string[];
  cc?: string | readonly string[];
  bcc?: string | readonly string[];
  subject?: string;
  /** Explicit instant; becomes internalDate and the Date header. */
  date: Date | number | string;
  /** Label ids or user label names (created on first use). */
  labels?: readonly string[];
  /** RFC 5322 Message-ID; generated from a counter when absent. */
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  /** Extra headers, in order, e.g. List-Id, List-Unsubscribe, Precedence, Auto-Submitted. */
  headers?: Readonly<Record<string, string>> | readonly Header[];
  body?: string;
}

interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  internalDate: number;
  historyId: number;
  headers: Header[];
  text: string;
}

interface StoredLabel {
  id: string;
  name: string;
  type: 'system' | 'user';
  labelListVisibility?: string;
  messageListVisibility?: string;
  color?: GoogleAppsScript.Gmail.Schema.LabelColor;
}

interface StoredDraft {
  id: string;
  messageId: string;
  createdBy: 'api' | 'user';
  createdAt: number;
}

/** What a test can inspect about a draft: the parsed headers Reconnect wrote. */
export interface DraftSnapshot {
  id: string;
  messageId: string;
  threadId: string;
  createdBy: 'api' | 'user';
  createdAt: number;
  to: string;
  cc: string;
  bcc: string;
  from: string;
  subject: string;
  inReplyTo: string;
  references: string;
  headers: Header[];
  body: string;
}

export interface DraftWrite {
  draftId: string;
  action: 'create' | 'update';
  at: number;
  /** The thread the request asked for, if any. */
  requestedThreadId: string | null;
  /** The thread the draft landed in. */
  threadId: string;
  /** Threading rules the request broke (empty when it joined cleanly or asked for no thread). */
  threadingProblems: string[];
  /** The decoded RFC 822 text. */
  rfc822: string;
}

export interface SendAttempt {
  method: 'users.messages.send' | 'users.drafts.send';
  at: number;
  resource: unknown;
}

export interface DraftDeletion {
  draftId: string;
  by: 'api' | 'user';
  createdBy: 'api' | 'user';
  at: number;
}

interface HistoryEntry {
  id: number;
  at: number;
  message: { id: string; threadId: string; labelIds: string[] };
  type: 'messageAdded' | 'messageDeleted' | 'labelAdded' | 'labelRemoved';
  labelIds?: string[];
}

interface ListOptions {
  maxResults?: number;
  pageToken?: string;
  q?: string;
  labelIds?: string | string[];
  includeSpamTrash?: boolean;
  format?: string;
  metadataHeaders?: string | string[];
  startHistoryId?: string | number;
  historyTypes?: string | string[];
  labelId?: string;
}

const HISTORY_TYPES = ['messageAdded', 'messageDeleted', 'labelAdded', 'labelRemoved'] as const;

function toMs(date: Date | number | string): number {
  const ms = typeof date === 'number' ? date : new Date(date).getTime();
  if (!Number.isFinite(ms)) throw new Error(`FakeGmail: invalid date ${String(date)}`);
  return ms;
}

function list(v: string | readonly string[] | undefined): string[] {
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : [...v];
}

function htmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** RFC 2822 date in UTC, e.g. "Tue, 02 Jan 2024 10:00:00 +0000". */
export function rfc2822Date(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(
    d.getUTCHours(),
  )}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function normalizeSubject(s: string): string {
  return s
    .trim()
    .replace(/^((re|fwd?|aw|wg)\s*:\s*)+/i, '')
    .trim()
    .toLowerCase();
}

function encodePageToken(offset: number, turn = 0): string {
  return Buffer.from(turn === 0 ? `fake-page:${offset}` : `fake-page:${offset}:${turn}`).toString('base64url');
}

/** The state and rules behind the service surface. */
class GmailStore {
  readonly owner: string;
  readonly ownerName: string;
  readonly aliases: SendAsAlias[];
  readonly threading: 'strict' | 'lenient';
  listing: ListingMode;
  historyRetentionMs: number;
  readonly messages = new Map<string, StoredMessage>();
  readonly threads = new Map<string, string[]>();
  readonly labels = new Map<string, StoredLabel>();
  readonly drafts = new Map<string, StoredDraft>();
  readonly history: HistoryEntry[] = [];
  readonly draftWrites: DraftWrite[] = [];
  readonly sendAttempts: SendAttempt[] = [];
  readonly draftDeletions: DraftDeletion[] = [];
  historyId: number;
  /** The oldest startHistoryId history.list still accepts. */
  historyFloor: number;
  idSeq = 0;
  labelSeq = 0;
  draftSeq = 0;
  rfcSeq = 0;

  constructor(
    readonly rt: FakeRuntime,
    opts: FakeGmailOptions,
  ) {
    this.owner = opts.owner;
    this.ownerName = opts.ownerName ?? '';
    this.aliases = [...(opts.aliases ?? [])];
    this.threading = opts.threading ?? 'strict';
    this.listing = { ...(opts.listing ?? {}) };
    this.historyRetentionMs = opts.historyRetentionMs ?? DEFAULT_HISTORY_RETENTION_MS;
    this.historyId = opts.firstHistoryId ?? 1000;
    this.historyFloor = this.historyId;
    for (const id of SYSTEM_LABELS) this.labels.set(id, { id, name: id, type: 'system' });
  }

  /**
   * Copies every piece of state into `target`, a fresh store on another
   * runtime: a test that rebuilds the same mailbox thousands of times seeds it
   * once and copies it.
   */
  copyInto(target: GmailStore): void {
    const copyMap = <K, V>(from: Map<K, V>, to: Map<K, V>) => {
      to.clear();
      for (const [k, v] of from) to.set(k, structuredClone(v));
    };
    copyMap(this.messages, target.messages);
    copyMap(this.threads, target.threads);
    copyMap(this.labels, target.labels);
    copyMap(this.drafts, target.drafts);
    target.history.push(...structuredClone(this.history));
    target.draftWrites.push(...structuredClone(this.draftWrites));
    target.sendAttempts.push(...structuredClone(this.sendAttempts));
    target.draftDeletions.push(...structuredClone(this.draftDeletions));
    target.historyId = this.historyId;
    target.historyFloor = this.historyFloor;
    target.historyRetentionMs = this.historyRetentionMs;
    target.listing = { ...this.listing };
    target.idSeq = this.idSeq;
    target.labelSeq = this.labelSeq;
    target.draftSeq = this.draftSeq;
    target.rfcSeq = this.rfcSeq;
  }

  error(method: string, code: number, reason: string, message: string): GoogleJsonResponseException {
    return googleJsonResponseException(`gmail.${method}`, code, reason, message);
  }

  notFound(method: string): GoogleJsonResponseException {
    return this.error(method, 404, 'notFound', WORDING.notFound);
  }

  checkUser(userId: string, method: string): void {
    if (userId === 'me' || userId.toLowerCase() === this.owner.toLowerCase()) return;
    throw this.error(method, 403, 'forbidden', `Delegation denied for ${this.owner}`);
  }

  // ---- ids ----------------------------------------------------------------

  /** Gmail message ids are 16 hex digits that grow with time; derive them from the date plus a counter. */
  newMessageId(internalDate: number): string {
    this.idSeq += 1;
    let id = ((BigInt(internalDate) << 20n) | BigInt(this.idSeq & 0xfffff)).toString(16);
    while (this.messages.has(id) || this.threads.has(id)) {
      this.idSeq += 1;
      id = ((BigInt(internalDate) << 20n) | BigInt(this.idSeq & 0xfffff)).toString(16);
    }
    return id;
  }

  newRfcMessageId(): string {
    this.rfcSeq += 1;
    return `<fake-${this.rfcSeq}@mail.fake.test>`;
  }

  // ---- labels -------------------------------------------------------------

  /** Label id for an id or a user label name, creating the user label when asked. */
  labelIdFor(idOrName: string, create: boolean): string | null {
    if (this.labels.has(idOrName)) return idOrName;
    const upper = idOrName.toUpperCase();
    if (this.labels.get(upper)?.type === 'system') return upper;
    const byName = [...this.labels.values()].find((l) => l.name.toLowerCase() === idOrName.toLowerCase());
    if (byName) return byName.id;
    if (!create) return null;
    return this.createUserLabel({ name: idOrName }).id;
  }

  createUserLabel(resource: Label): StoredLabel {
    this.labelSeq += 1;
    const label: StoredLabel = {
      id: `Label_${this.labelSeq}`,
      name: resource.name ?? '',
      type: 'user',
      labelListVisibility: resource.labelListVisibility ?? 'labelShow',
      messageListVisibility: resource.messageListVisibility ?? 'show',
    };
    if (resource.color) label.color = { ...resource.color };
    this.labels.set(label.id, label);
    return label;
  }

  /** Resolves a `label:` search value: an id, a name, or Gmail's search spelling of a name. */
  resolveSearchLabel(value: string): string | null {
    const direct = this.labelIdFor(value, false);
    if (direct) return direct;
    const spelled = searchSpelling(value);
    const hit = [...this.labels.values()].find((l) => searchSpelling(l.name) === spelled);
    return hit ? hit.id : null;
  }

  labelResource(l: StoredLabel, withCounts: boolean): Label {
    const out: Label = { id: l.id, name: l.name, type: l.type };
    if (l.messageListVisibility) out.messageListVisibility = l.messageListVisibility;
    if (l.labelListVisibility) out.labelListVisibility = l.labelListVisibility;
    if (l.color) out.color = { ...l.color };
    if (withCounts) {
      const msgs = [...this.messages.values()].filter((m) => m.labelIds.includes(l.id));
      const unread = msgs.filter((m) => m.labelIds.includes('UNREAD'));
      out.messagesTotal = msgs.length;
      out.messagesUnread = unread.length;
      out.threadsTotal = new Set(msgs.map((m) => m.threadId)).size;
      out.threadsUnread = new Set(unread.map((m) => m.threadId)).size;
    }
    return out;
  }

  // ---- history ------------------------------------------------------------

  private bump(): number {
    this.historyId += 1;
    return this.historyId;
  }

  record(type: HistoryEntry['type'], m: StoredMessage, silent: boolean, labelIds?: string[]): void {
    const id = this.bump();
    m.historyId = id;
    if (silent) {
      this.historyFloor = id;
      return;
    }
    const entry: HistoryEntry = {
      id,
      at: this.rt.clock.now(),
      type,
      message: { id: m.id, threadId: m.threadId, labelIds: [...m.labelIds] },
    };
    if (labelIds) entry.labelIds = [...labelIds];
    this.history.push(entry);
  }

  /** Drops records older than the retention window; the floor rises past them. */
  expireHistory(): void {
    const cutoff = this.rt.clock.now() - this.historyRetentionMs;
    while (this.history.length > 0 && (this.history[0]?.at ?? Infinity) < cutoff) {
      const dropped = this.history.shift();
      if (dropped) this.historyFloor = Math.max(this.historyFloor, dropped.id);
    }
  }

  // ---- messages -----------------------------------------------------------

  addMessage(seed: MessageSeed, silent: boolean): StoredMessage {
    const internalDate = toMs(seed.date);
    if (seed.threadId !== undefined && !this.threads.has(seed.threadId)) {
      throw new Error(`FakeGmail: seed refers to unknown thread ${seed.threadId}`);
    }
    const headers: Header[] = [{ name: 'From', value: seed.from }];
    const to = list(seed.to).join(', ');
    const cc = list(seed.cc).join(', ');
    const bcc = list(seed.bcc).join(', ');
    if (to) headers.push({ name: 'To', value: to });
    if (cc) headers.push({ name: 'Cc', value: cc });
    if (bcc) headers.push({ name: 'Bcc', value: bcc });
    if (seed.subject !== undefined) headers.push({ name: 'Subject', value: seed.subject });
    headers.push({ name: 'Date', value: rfc2822Date(internalDate) });
    headers.push({ name: 'Message-ID', value: seed.messageId ?? this.newRfcMessageId() });
    if (seed.inReplyTo) headers.push({ name: 'In-Reply-To', value: seed.inReplyTo });
    if (seed.references) headers.push({ name: 'References', value: seed.references });
    const extra = seed.headers;
    if (extra) {
      const pairs = Array.isArray(extra)
        ? (extra as readonly Header[])
        : Object.entries(extra as Readonly<Record<string, string>>).map(([name, value]) => ({ name, value }));
      for (const h of pairs) headers.push({ name: h.name, value: h.value });
    }
    const labelIds: string[] = [];
    for (const l of seed.labels ?? []) {
      const id = this.labelIdFor(l, true);
      if (id && !labelIds.includes(id)) labelIds.push(id);
    }
    return this.insert(headers, seed.body ?? '', labelIds, internalDate, seed.threadId ?? null, silent);
  }

  insert(
    headers: Header[],
    text: string,
    labelIds: string[],
    internalDate: number,
    threadId: string | null,
    silent: boolean,
  ): StoredMessage {
    const id = this.newMessageId(internalDate);
    const tid = threadId ?? id;
    const m: StoredMessage = { id, threadId: tid, labelIds, internalDate, historyId: this.historyId, headers, text };
    this.messages.set(id, m);
    const members = this.threads.get(tid) ?? [];
    members.push(id);
    members.sort((a, b) => this.order(a, b));
    this.threads.set(tid, members);
    this.record('messageAdded', m, silent);
    return m;
  }

  /** Oldest first, ties by id. */
  private order(a: string, b: string): number {
    const ma = this.messages.get(a);
    const mb = this.messages.get(b);
    return (ma?.internalDate ?? 0) - (mb?.internalDate ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  }

  deleteMessage(id: string, silent: boolean): void {
    const m = this.messages.get(id);
    if (!m) return;
    this.record('messageDeleted', m, silent);
    this.messages.delete(id);
    const members = (this.threads.get(m.threadId) ?? []).filter((x) => x !== id);
    if (members.length === 0) this.threads.delete(m.threadId);
    else this.threads.set(m.threadId, members);
  }

  /** Label changes with Gmail's side effects: SPAM or TRASH takes a message out of INBOX. */
  applyLabels(m: StoredMessage, add: readonly string[], remove: readonly string[], silent: boolean): void {
    const toAdd = [...add];
    const toRemove = [...remove];
    if ((toAdd.includes('SPAM') || toAdd.includes('TRASH')) && !toRemove.includes('INBOX')) toRemove.push('INBOX');
    for (const l of toRemove) {
      if (toAdd.includes(l)) continue;
      const i = m.labelIds.indexOf(l);
      if (i < 0) continue;
      m.labelIds.splice(i, 1);
      this.record('labelRemoved', m, silent, [l]);
    }
    for (const l of toAdd) {
      if (m.labelIds.includes(l)) continue;
      m.labelIds.push(l);
      this.record('labelAdded', m, silent, [l]);
    }
  }

  /** Validates a modify request the way the API does: some change, known labels, none Gmail manages itself. */
  validateModify(method: string, add: readonly string[] | undefined, remove: readonly string[] | undefined): void {
    const a = add ?? [];
    const r = remove ?? [];
    if (a.length === 0 && r.length === 0) throw this.error(method, 400, 'invalidArgument', WORDING.noLabelChanges);
    for (const l of [...a, ...r]) {
      if (!this.labels.has(l) || IMMUTABLE_LABELS.has(l)) {
        throw this.error(method, 400, 'invalidArgument', `Invalid label: ${l}`);
      }
    }
  }

  /** Labels refused on draft messages (gmail-contract.ts, addsLabelToDraft). */
  refuseLabelsOnDrafts(method: string, ids: readonly string[], add: readonly string[] | undefined): void {
    const isDraft = ids.map((id) => this.messages.get(id)?.labelIds.includes('DRAFT') ?? false);
    if (addsLabelToDraft(add, isDraft)) throw this.error(method, 400, 'invalidArgument', WORDING.labelOnDraft);
  }

  snippet(m: StoredMessage): string {
    return htmlEscape(m.text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_LENGTH));
  }

  rfc822(m: StoredMessage): string {
    return buildRfc822(m.headers, m.text);
  }

  toApi(m: StoredMessage, method: string, format: string | undefined, metadataHeaders?: string | string[]): Message {
    const f = (format ?? 'full').toLowerCase();
    if (!['minimal', 'metadata', 'full', 'raw'].includes(f)) {
      throw this.error(method, 400, 'invalidArgument', `Invalid value at 'format' (type.googleapis.com/google.apps.gmail.v1.Format), "${format}"`);
    }
    const out: Message = { id: m.id, threadId: m.threadId };
    if (m.labelIds.length > 0) out.labelIds = [...m.labelIds];
    out.snippet = this.snippet(m);
    out.sizeEstimate = Buffer.byteLength(this.rfc822(m), 'utf8');
    out.historyId = String(m.historyId);
    out.internalDate = String(m.internalDate);
    if (f === 'metadata') {
      const wanted = list(metadataHeaders).map((h) => h.toLowerCase());
      const headers = wanted.length === 0 ? m.headers : m.headers.filter((h) => wanted.includes(h.name.toLowerCase()));
      out.payload = { mimeType: 'text/plain', headers: headers.map((h) => ({ name: h.name, value: h.value })) };
    } else if (f === 'full') {
      const data = Buffer.from(m.text, 'utf8');
      out.payload = {
        partId: '',
        mimeType: 'text/plain',
        filename: '',
        headers: m.headers.map((h) => ({ name: h.name, value: h.value })),
        body: { size: data.length, data: data.toString('base64url') },
      };
    } else if (f === 'raw') {
      out.raw = Buffer.from(this.rfc822(m), 'utf8').toString('base64url');
    }
    return out;
  }

  message(method: string, id: string): StoredMessage {
    const m = this.messages.get(id);
    if (!m) throw this.notFound(method);
    return m;
  }

  /** Messages matching list options, newest first. */
  select(method: string, o: ListOptions, pool: Iterable<StoredMessage> = this.messages.values()): StoredMessage[] {
    const query = o.q ? parseGmailQuery(o.q, (v) => this.resolveSearchLabel(v)) : null;
    const labelIds = list(o.labelIds);
    for (const l of labelIds) {
      if (!this.labels.has(l)) throw this.error(method, 400, 'invalidArgument', `Invalid label: ${l}`);
    }
    const spamTrashOk =
      o.includeSpamTrash === true ||
      (query?.wantsSpamOrTrash ?? false) ||
      labelIds.includes('SPAM') ||
      labelIds.includes('TRASH');
    const out: StoredMessage[] = [];
    for (const m of pool) {
      if (!spamTrashOk && (m.labelIds.includes('SPAM') || m.labelIds.includes('TRASH'))) continue;
      if (!labelIds.every((l) => m.labelIds.includes(l))) continue;
      if (query && !query.matches(m)) continue;
      out.push(m);
    }
    return out.sort((a, b) => b.internalDate - a.internalDate || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  page<T>(method: string, items: T[], o: ListOptions, mode: ListingMode = {}): { items: T[]; nextPageToken?: string } {
    const size = pageSize(o.maxResults);
    let offset = 0;
    let turn = 0;
    if (o.pageToken !== undefined && o.pageToken !== '') {
      const decoded = /^fake-page:(\d+)(?::(\d+))?$/.exec(Buffer.from(o.pageToken, 'base64url').toString());
      if (!decoded) throw this.error(method, 400, 'invalidArgument', 'Invalid pageToken');
      offset = Number(decoded[1]);
      turn = Number(decoded[2] ?? 0);
    }
    const ordered = orderListing(items, mode, `${method}|${o.q ?? ''}|${list(o.labelIds).join(',')}`);
    const { start, end } = pageBounds(mode, offset, turn, size);
    const slice = ordered.slice(start, end);
    const result: { items: T[]; nextPageToken?: string } = { items: slice };
    const next = end;
    if (next < ordered.length) result.nextPageToken = encodePageToken(next, turn + 1);
    return result;
  }

  // ---- drafts -------------------------------------------------------------

  newDraftId(): string {
    this.draftSeq += 1;
    return `r-${(5000000000000000000n + BigInt(this.draftSeq)).toString()}`;
  }

  /** Decodes a draft request and places its message, applying Gmail's threading rules. */
  writeDraftMessage(method: string, resource: Draft): { m: StoredMessage; write: Omit<DraftWrite, 'draftId' | 'action'> } {
    const msg = resource.message;
    if (!msg || typeof msg.raw !== 'string' || msg.raw === '') {
      throw this.error(method, 400, 'invalidArgument', 'Missing draft message');
    }
    if (!/^[A-Za-z0-9_\-+/=\s]*$/.test(msg.raw)) {
      throw this.error(method, 400, 'invalidArgument', 'Invalid value for ByteString: ' + msg.raw.slice(0, 20));
    }
    const rfc822 = Buffer.from(msg.raw.replace(/\s+/g, ''), 'base64').toString('utf8');
    const parsed = parseRfc822(rfc822);
    const requested = msg.threadId ?? null;
    const problems: string[] = [];
    let threadId: string | null = null;
    if (requested !== null) {
      const members = this.threads.get(requested);
      if (!members) throw this.notFound(method);
      const inReplyTo = headerValue(parsed.headers, 'In-Reply-To') ?? '';
      const references = headerValue(parsed.headers, 'References') ?? '';
      if (messageIdTokens(inReplyTo).length === 0) problems.push('In-Reply-To is not set');
      if (messageIdTokens(references).length === 0) problems.push('References is not set');
      const threadIds = new Set(
        members.map((id) => headerValue(this.messages.get(id)?.headers ?? [], 'Message-ID') ?? '').filter(Boolean),
      );
      if (messageIdTokens(inReplyTo).length > 0 && !messageIdTokens(inReplyTo).some((t) => threadIds.has(t))) {
        problems.push('In-Reply-To names no message in the thread');
      }
      const first = this.messages.get(members[0] ?? '');
      const threadSubject = normalizeSubject(headerValue(first?.headers ?? [], 'Subject') ?? '');
      const draftSubject = normalizeSubject(headerValue(parsed.headers, 'Subject') ?? '');
      if (threadSubject !== draftSubject) problems.push('Subject does not match the thread');
      const rulesBroken = problems.some((p) => p !== 'In-Reply-To names no message in the thread');
      threadId = this.threading === 'lenient' || !rulesBroken ? requested : null;
    }
    const headers = [...parsed.headers];
    if (!headerValue(headers, 'From')) headers.unshift({ name: 'From', value: this.owner });
    const now = this.rt.clock.now();
    const m = this.insert(headers, parsed.text, ['DRAFT'], now, threadId, false);
    return { m, write: { at: now, requestedThreadId: requested, threadId: m.threadId, threadingProblems: problems, rfc822 } };
  }

  draftRecord(d: StoredDraft): DraftSnapshot {
    const m = this.messages.get(d.messageId);
    const headers = m?.headers ?? [];
    const h = (name: string): string => headerValue(headers, name) ?? '';
    return {
      id: d.id,
      messageId: d.messageId,
      threadId: m?.threadId ?? '',
      createdBy: d.createdBy,
      createdAt: d.createdAt,
      to: h('To'),
      cc: h('Cc'),
      bcc: h('Bcc'),
      from: h('From'),
      subject: h('Subject'),
      inReplyTo: h('In-Reply-To'),
      references: h('References'),
      headers: headers.map((x) => ({ ...x })),
      body: m?.text ?? '',
    };
  }

  draft(method: string, id: string): StoredDraft {
    const d = this.drafts.get(id);
    if (!d) throw this.notFound(method);
    return d;
  }

  threadResource(method: string, id: string, format?: string, metadataHeaders?: string | string[]): Thread {
    const members = this.threads.get(id);
    if (!members) throw this.notFound(method);
    const msgs = members.map((mid) => this.messages.get(mid)).filter((m): m is StoredMessage => m !== undefined);
    return {
      id,
      historyId: String(Math.max(...msgs.map((m) => m.historyId))),
      messages: msgs.map((m) => this.toApi(m, method, format, metadataHeaders)),
    };
  }
}

// ---- service surface --------------------------------------------------------

class FakeAttachments implements GoogleAppsScript.Gmail.Collection.Users.Messages.AttachmentsCollection {
  // Not modelled: each throws NotImplementedError.
  get(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Messages.Attachments.get');
  }
}

class FakeMessages implements GoogleAppsScript.Gmail.Collection.Users.MessagesCollection {
  readonly Attachments = new FakeAttachments();

  constructor(private readonly s: GmailStore) {}

  list(userId: string, optionalArgs?: object): GoogleAppsScript.Gmail.Schema.ListMessagesResponse {
    const method = 'users.messages.list';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const o = (optionalArgs ?? {}) as ListOptions;
      const matched = this.s.select(method, o);
      const { items, nextPageToken } = this.s.page(method, matched, o, this.s.listing);
      const out: GoogleAppsScript.Gmail.Schema.ListMessagesResponse = {};
      if (items.length > 0) out.messages = items.map((m) => ({ id: m.id, threadId: m.threadId }));
      if (nextPageToken) out.nextPageToken = nextPageToken;
      out.resultSizeEstimate = matched.length;
      return out;
    });
  }

  get(userId: string, id: string, optionalArgs?: object): Message {
    const method = 'users.messages.get';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const o = (optionalArgs ?? {}) as ListOptions;
      return this.s.toApi(this.s.message(method, id), method, o.format, o.metadataHeaders);
    });
  }

  batchModify(resource: GoogleAppsScript.Gmail.Schema.BatchModifyMessagesRequest, userId: string): void {
    const method = 'users.messages.batchModify';
    this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const ids = resource.ids ?? [];
      if (ids.length === 0) throw this.s.error(method, 400, 'invalidArgument', 'ids: must not be empty');
      if (ids.length > BATCH_MODIFY_MAX_IDS) {
        throw this.s.error(method, 400, 'invalidArgument', `ids: at most ${BATCH_MODIFY_MAX_IDS} ids per request, got ${ids.length}`);
      }
      this.s.validateModify(method, resource.addLabelIds, resource.removeLabelIds);
      this.s.refuseLabelsOnDrafts(method, ids, resource.addLabelIds);
      // Unknown ids are skipped silently, as Gmail does: batchModify reports no per-id errors.
      for (const id of ids) {
        const m = this.s.messages.get(id);
        if (m) this.s.applyLabels(m, resource.addLabelIds ?? [], resource.removeLabelIds ?? [], false);
      }
    });
  }

  send(resource: Message, _userId: string, _mediaData?: unknown): never {
    return forbidSend(this.s, 'users.messages.send', resource);
  }

  // Not modelled: each throws NotImplementedError.
  batchDelete(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Messages.batchDelete');
  }
  import(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Messages.import');
  }
  insert(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Messages.insert');
  }
  modify(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Messages.modify');
  }
  remove(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Messages.remove');
  }
  trash(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Messages.trash');
  }
  untrash(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Messages.untrash');
  }
}

function forbidSend(s: GmailStore, method: SendAttempt['method'], resource: unknown): never {
  return s.rt.invoke(`gmail.${method}`, () => {
    s.sendAttempts.push({ method, at: s.rt.clock.now(), resource });
    throw new Error(WORDING.sendingForbidden);
  });
}

class FakeThreads implements GoogleAppsScript.Gmail.Collection.Users.ThreadsCollection {
  constructor(private readonly s: GmailStore) {}

  get(userId: string, id: string, optionalArgs?: object): Thread {
    const method = 'users.threads.get';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const o = (optionalArgs ?? {}) as ListOptions;
      return this.s.threadResource(method, id, o.format, o.metadataHeaders);
    });
  }

  list(userId: string, optionalArgs?: object): GoogleAppsScript.Gmail.Schema.ListThreadsResponse {
    const method = 'users.threads.list';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const o = (optionalArgs ?? {}) as ListOptions;
      const matched = new Set(this.s.select(method, o).map((m) => m.threadId));
      const latest = (tid: string): number =>
        Math.max(...(this.s.threads.get(tid) ?? []).map((id) => this.s.messages.get(id)?.internalDate ?? 0));
      const threads = [...matched].sort((a, b) => latest(b) - latest(a) || (a < b ? 1 : -1));
      const { items, nextPageToken } = this.s.page(method, threads, o, this.s.listing);
      const out: GoogleAppsScript.Gmail.Schema.ListThreadsResponse = {};
      if (items.length > 0) {
        out.threads = items.map((tid) => {
          const members = (this.s.threads.get(tid) ?? []).map((id) => this.s.messages.get(id));
          const last = members[members.length - 1];
          return {
            id: tid,
            snippet: last ? this.s.snippet(last) : '',
            historyId: String(Math.max(...members.map((m) => m?.historyId ?? 0))),
          };
        });
      }
      if (nextPageToken) out.nextPageToken = nextPageToken;
      out.resultSizeEstimate = threads.length;
      return out;
    });
  }

  modify(resource: GoogleAppsScript.Gmail.Schema.ModifyThreadRequest, userId: string, id: string): Thread {
    const method = 'users.threads.modify';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const members = this.s.threads.get(id);
      if (!members) throw this.s.notFound(method);
      this.s.validateModify(method, resource.addLabelIds, resource.removeLabelIds);
      for (const mid of members) {
        const m = this.s.messages.get(mid);
        if (m) this.s.applyLabels(m, resource.addLabelIds ?? [], resource.removeLabelIds ?? [], false);
      }
      return this.s.threadResource(method, id, 'minimal');
    });
  }

  // Not modelled: each throws NotImplementedError.
  remove(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Threads.remove');
  }
  trash(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Threads.trash');
  }
  untrash(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Threads.untrash');
  }
}

class FakeLabels implements GoogleAppsScript.Gmail.Collection.Users.LabelsCollection {
  constructor(private readonly s: GmailStore) {}

  list(userId: string): GoogleAppsScript.Gmail.Schema.ListLabelsResponse {
    const method = 'users.labels.list';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      return { labels: [...this.s.labels.values()].map((l) => this.s.labelResource(l, false)) };
    });
  }

  get(userId: string, id: string): Label {
    const method = 'users.labels.get';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const l = this.s.labels.get(id);
      if (!l) throw this.s.notFound(method);
      return this.s.labelResource(l, true);
    });
  }

  create(resource: Label, userId: string): Label {
    const method = 'users.labels.create';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const name = (resource.name ?? '').trim();
      const isSystemName = (SYSTEM_LABELS as readonly string[]).includes(name.toUpperCase());
      if (name === '' || isSystemName) throw this.s.error(method, 400, 'invalidArgument', WORDING.invalidLabelName);
      const clash = [...this.s.labels.values()].some((l) => l.name.toLowerCase() === name.toLowerCase());
      if (clash) throw this.s.error(method, 409, 'duplicate', WORDING.labelExists);
      return this.s.labelResource(this.s.createUserLabel({ ...resource, name }), false);
    });
  }

  // Not modelled: each throws NotImplementedError.
  patch(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Labels.patch');
  }
  remove(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Labels.remove');
  }
  update(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Labels.update');
  }
}

class FakeDrafts implements GoogleAppsScript.Gmail.Collection.Users.DraftsCollection {
  constructor(private readonly s: GmailStore) {}

  create(resource: Draft, userId: string, _mediaData?: unknown): Draft {
    const method = 'users.drafts.create';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const { m, write } = this.s.writeDraftMessage(method, resource);
      const d: StoredDraft = { id: this.s.newDraftId(), messageId: m.id, createdBy: 'api', createdAt: write.at };
      this.s.drafts.set(d.id, d);
      this.s.draftWrites.push({ draftId: d.id, action: 'create', ...write });
      return { id: d.id, message: { id: m.id, threadId: m.threadId, labelIds: [...m.labelIds] } };
    });
  }

  get(userId: string, id: string, optionalArgs?: object): Draft {
    const method = 'users.drafts.get';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const o = (optionalArgs ?? {}) as ListOptions;
      const d = this.s.draft(method, id);
      return { id: d.id, message: this.s.toApi(this.s.message(method, d.messageId), method, o.format) };
    });
  }

  list(userId: string, optionalArgs?: object): GoogleAppsScript.Gmail.Schema.ListDraftsResponse {
    const method = 'users.drafts.list';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const o = (optionalArgs ?? {}) as ListOptions;
      const byMessage = new Map([...this.s.drafts.values()].map((d) => [d.messageId, d]));
      const pool = [...byMessage.keys()].map((id) => this.s.messages.get(id)).filter((m): m is StoredMessage => !!m);
      const matched = this.s.select(method, { q: o.q, includeSpamTrash: o.includeSpamTrash }, pool);
      const { items, nextPageToken } = this.s.page(method, matched, o);
      const out: GoogleAppsScript.Gmail.Schema.ListDraftsResponse = {};
      if (items.length > 0) {
        out.drafts = items.map((m) => ({ id: byMessage.get(m.id)?.id, message: { id: m.id, threadId: m.threadId } }));
      }
      if (nextPageToken) out.nextPageToken = nextPageToken;
      out.resultSizeEstimate = matched.length;
      return out;
    });
  }

  update(resource: Draft, userId: string, id: string, _mediaData?: unknown): Draft {
    const method = 'users.drafts.update';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const d = this.s.draft(method, id);
      const { m, write } = this.s.writeDraftMessage(method, resource);
      // Gmail replaces the draft's message: a new message id, the old one deleted.
      this.s.deleteMessage(d.messageId, false);
      d.messageId = m.id;
      this.s.draftWrites.push({ draftId: d.id, action: 'update', ...write });
      return { id: d.id, message: { id: m.id, threadId: m.threadId, labelIds: [...m.labelIds] } };
    });
  }

  remove(userId: string, id: string): void {
    const method = 'users.drafts.delete';
    this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const d = this.s.draft(method, id);
      this.s.draftDeletions.push({ draftId: d.id, by: 'api', createdBy: d.createdBy, at: this.s.rt.clock.now() });
      this.s.drafts.delete(d.id);
      this.s.deleteMessage(d.messageId, false);
    });
  }

  send(resource: Draft, _userId: string, _mediaData?: unknown): never {
    return forbidSend(this.s, 'users.drafts.send', resource);
  }
}

class FakeHistory implements GoogleAppsScript.Gmail.Collection.Users.HistoryCollection {
  constructor(private readonly s: GmailStore) {}

  list(userId: string, optionalArgs?: object): GoogleAppsScript.Gmail.Schema.ListHistoryResponse {
    const method = 'users.history.list';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const o = (optionalArgs ?? {}) as ListOptions;
      const raw = o.startHistoryId;
      if (raw === undefined || raw === null || raw === '') {
        throw this.s.error(method, 400, 'invalidArgument', 'Required parameter: startHistoryId');
      }
      const text = String(raw);
      if (!/^\d+$/.test(text)) {
        // Verbatim from a consumer account, 2026-09-26: 400, reason "invalid".
        throw this.s.error(method, 400, 'invalid', `Invalid value at 'start_history_id' (TYPE_UINT64), "${text}"`);
      }
      const start = Number(text);
      this.s.expireHistory();
      // Both an expired and a future position answer 404 (observed for current + 1,000,000).
      if (start < this.s.historyFloor || start > this.s.historyId) throw this.s.notFound(method);
      const types = list(o.historyTypes);
      for (const t of types) {
        if (!(HISTORY_TYPES as readonly string[]).includes(t)) {
          throw this.s.error(method, 400, 'invalidArgument', `Invalid value for historyTypes: ${t}`);
        }
      }
      const entries = this.s.history.filter(
        (e) =>
          e.id > start &&
          (types.length === 0 || types.includes(e.type)) &&
          (o.labelId === undefined || e.message.labelIds.includes(o.labelId) || (e.labelIds ?? []).includes(o.labelId)),
      );
      const { items, nextPageToken } = this.s.page(method, entries, o);
      const out: GoogleAppsScript.Gmail.Schema.ListHistoryResponse = { historyId: String(this.s.historyId) };
      if (items.length > 0) out.history = items.map(historyResource);
      if (nextPageToken) out.nextPageToken = nextPageToken;
      return out;
    });
  }
}

function historyResource(e: HistoryEntry): History {
  const message = { id: e.message.id, threadId: e.message.threadId, labelIds: [...e.message.labelIds] };
  const out: History = { id: String(e.id), messages: [{ id: e.message.id, threadId: e.message.threadId }] };
  if (e.type === 'messageAdded') out.messagesAdded = [{ message }];
  if (e.type === 'messageDeleted') out.messagesDeleted = [{ message }];
  if (e.type === 'labelAdded') out.labelsAdded = [{ message, labelIds: [...(e.labelIds ?? [])] }];
  if (e.type === 'labelRemoved') out.labelsRemoved = [{ message, labelIds: [...(e.labelIds ?? [])] }];
  return out;
}

class FakeSmimeInfo implements GoogleAppsScript.Gmail.Collection.Users.Settings.SendAs.SmimeInfoCollection {
  // Not modelled: each throws NotImplementedError.
  get(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.SendAs.SmimeInfo.get');
  }
  insert(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.SendAs.SmimeInfo.insert');
  }
  list(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.SendAs.SmimeInfo.list');
  }
  remove(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.SendAs.SmimeInfo.remove');
  }
  setDefault(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.SendAs.SmimeInfo.setDefault');
  }
}

class FakeSendAs implements GoogleAppsScript.Gmail.Collection.Users.Settings.SendAsCollection {
  readonly SmimeInfo = new FakeSmimeInfo();

  constructor(private readonly s: GmailStore) {}

  list(userId: string): GoogleAppsScript.Gmail.Schema.ListSendAsResponse {
    const method = 'users.settings.sendAs.list';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      const primary: GoogleAppsScript.Gmail.Schema.SendAs = {
        sendAsEmail: this.s.owner,
        displayName: this.s.ownerName,
        replyToAddress: '',
        signature: '',
        isPrimary: true,
        isDefault: !this.s.aliases.some((a) => a.isDefault),
      };
      const aliases = this.s.aliases.map((a) => ({
        sendAsEmail: a.sendAsEmail,
        displayName: a.displayName ?? '',
        replyToAddress: a.replyToAddress ?? '',
        signature: '',
        isDefault: a.isDefault ?? false,
        treatAsAlias: a.treatAsAlias ?? true,
        verificationStatus: a.verificationStatus ?? 'accepted',
      }));
      return { sendAs: [primary, ...aliases] };
    });
  }

  // Not modelled: each throws NotImplementedError.
  create(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.SendAs.create');
  }
  get(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.SendAs.get');
  }
  patch(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.SendAs.patch');
  }
  remove(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.SendAs.remove');
  }
  update(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.SendAs.update');
  }
  verify(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.SendAs.verify');
  }
}

class FakeDelegates implements GoogleAppsScript.Gmail.Collection.Users.Settings.DelegatesCollection {
  // Not modelled: each throws NotImplementedError.
  create(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.Delegates.create');
  }
  get(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.Delegates.get');
  }
  list(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.Delegates.list');
  }
  remove(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.Delegates.remove');
  }
}

class FakeFilters implements GoogleAppsScript.Gmail.Collection.Users.Settings.FiltersCollection {
  // Not modelled: each throws NotImplementedError.
  create(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.Filters.create');
  }
  get(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.Filters.get');
  }
  list(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.Filters.list');
  }
  remove(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.Filters.remove');
  }
}

class FakeForwardingAddresses implements GoogleAppsScript.Gmail.Collection.Users.Settings.ForwardingAddressesCollection {
  // Not modelled: each throws NotImplementedError.
  create(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.ForwardingAddresses.create');
  }
  get(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.ForwardingAddresses.get');
  }
  list(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.ForwardingAddresses.list');
  }
  remove(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.ForwardingAddresses.remove');
  }
}

class FakeSettings implements GoogleAppsScript.Gmail.Collection.Users.SettingsCollection {
  readonly Delegates = new FakeDelegates();
  readonly Filters = new FakeFilters();
  readonly ForwardingAddresses = new FakeForwardingAddresses();
  readonly SendAs: FakeSendAs;

  constructor(s: GmailStore) {
    this.SendAs = new FakeSendAs(s);
  }

  // Not modelled: each throws NotImplementedError.
  getAutoForwarding(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.getAutoForwarding');
  }
  getImap(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.getImap');
  }
  getPop(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.getPop');
  }
  getVacation(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.getVacation');
  }
  updateAutoForwarding(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.updateAutoForwarding');
  }
  updateImap(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.updateImap');
  }
  updatePop(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.updatePop');
  }
  updateVacation(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.Settings.updateVacation');
  }
}

class FakeUsers implements GoogleAppsScript.Gmail.Collection.UsersCollection {
  readonly Drafts: FakeDrafts;
  readonly History: FakeHistory;
  readonly Labels: FakeLabels;
  readonly Messages: FakeMessages;
  readonly Settings: FakeSettings;
  readonly Threads: FakeThreads;

  constructor(private readonly s: GmailStore) {
    this.Drafts = new FakeDrafts(s);
    this.History = new FakeHistory(s);
    this.Labels = new FakeLabels(s);
    this.Messages = new FakeMessages(s);
    this.Settings = new FakeSettings(s);
    this.Threads = new FakeThreads(s);
  }

  getProfile(userId: string): GoogleAppsScript.Gmail.Schema.Profile {
    const method = 'users.getProfile';
    return this.s.rt.invoke(`gmail.${method}`, () => {
      this.s.checkUser(userId, method);
      return {
        emailAddress: this.s.owner,
        messagesTotal: this.s.messages.size,
        threadsTotal: this.s.threads.size,
        historyId: String(this.s.historyId),
      };
    });
  }

  // Not modelled: each throws NotImplementedError.
  stop(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.stop');
  }
  watch(..._args: unknown[]): never {
    return notImplemented('FakeGmail', 'Users.watch');
  }
}

export class FakeGmail implements GoogleAppsScript.Gmail {
  readonly Users: FakeUsers;
  private readonly s: GmailStore;

  constructor(
    readonly runtime: FakeRuntime,
    opts: FakeGmailOptions,
  ) {
    this.s = new GmailStore(runtime, opts);
    this.Users = new FakeUsers(this.s);
  }

  /** A second mailbox with this one's exact state, on another runtime; not a service call. */
  copyTo(runtime: FakeRuntime): FakeGmail {
    const copy = new FakeGmail(runtime, {
      owner: this.s.owner,
      ownerName: this.s.ownerName,
      aliases: this.s.aliases,
      threading: this.s.threading,
      historyRetentionMs: this.s.historyRetentionMs,
    });
    this.s.copyInto(copy.s);
    return copy;
  }

  // The new*() factories build empty request objects locally in Apps Script; no request is made.
  newAutoForwarding(): GoogleAppsScript.Gmail.Schema.AutoForwarding {
    return this.local('AutoForwarding');
  }
  newBatchDeleteMessagesRequest(): GoogleAppsScript.Gmail.Schema.BatchDeleteMessagesRequest {
    return this.local('BatchDeleteMessagesRequest');
  }
  newBatchModifyMessagesRequest(): GoogleAppsScript.Gmail.Schema.BatchModifyMessagesRequest {
    return this.local('BatchModifyMessagesRequest');
  }
  newDelegate(): GoogleAppsScript.Gmail.Schema.Delegate {
    return this.local('Delegate');
  }
  newDraft(): Draft {
    return this.local('Draft');
  }
  newFilter(): GoogleAppsScript.Gmail.Schema.Filter {
    return this.local('Filter');
  }
  newFilterAction(): GoogleAppsScript.Gmail.Schema.FilterAction {
    return this.local('FilterAction');
  }
  newFilterCriteria(): GoogleAppsScript.Gmail.Schema.FilterCriteria {
    return this.local('FilterCriteria');
  }
  newForwardingAddress(): GoogleAppsScript.Gmail.Schema.ForwardingAddress {
    return this.local('ForwardingAddress');
  }
  newImapSettings(): GoogleAppsScript.Gmail.Schema.ImapSettings {
    return this.local('ImapSettings');
  }
  newLabel(): Label {
    return this.local('Label');
  }
  newLabelColor(): GoogleAppsScript.Gmail.Schema.LabelColor {
    return this.local('LabelColor');
  }
  newMessage(): Message {
    return this.local('Message');
  }
  newMessagePart(): GoogleAppsScript.Gmail.Schema.MessagePart {
    return this.local('MessagePart');
  }
  newMessagePartBody(): GoogleAppsScript.Gmail.Schema.MessagePartBody {
    return this.local('MessagePartBody');
  }
  newMessagePartHeader(): GoogleAppsScript.Gmail.Schema.MessagePartHeader {
    return this.local('MessagePartHeader');
  }
  newModifyMessageRequest(): GoogleAppsScript.Gmail.Schema.ModifyMessageRequest {
    return this.local('ModifyMessageRequest');
  }
  newModifyThreadRequest(): GoogleAppsScript.Gmail.Schema.ModifyThreadRequest {
    return this.local('ModifyThreadRequest');
  }
  newPopSettings(): GoogleAppsScript.Gmail.Schema.PopSettings {
    return this.local('PopSettings');
  }
  newSendAs(): GoogleAppsScript.Gmail.Schema.SendAs {
    return this.local('SendAs');
  }
  newSmimeInfo(): GoogleAppsScript.Gmail.Schema.SmimeInfo {
    return this.local('SmimeInfo');
  }
  newSmtpMsa(): GoogleAppsScript.Gmail.Schema.SmtpMsa {
    return this.local('SmtpMsa');
  }
  newVacationSettings(): GoogleAppsScript.Gmail.Schema.VacationSettings {
    return this.local('VacationSettings');
  }
  newWatchRequest(): GoogleAppsScript.Gmail.Schema.WatchRequest {
    return this.local('WatchRequest');
  }

  private local<T extends object>(what: string): T {
    return this.runtime.invoke(`gmail.new${what}`, () => ({}) as T, 0);
  }

  // ---- test-side: seeding (not service calls) -------------------------------

  /** Switches the listing modes (see ListingMode); not a service call. */
  setListing(mode: ListingMode): this {
    this.s.listing = { ...mode };
    return this;
  }

  get owner(): string {
    return this.s.owner;
  }

  /** Adds a message as part of the initial mailbox; no history record (history starts after seeding). */
  seedMessage(seed: MessageSeed): string {
    return this.s.addMessage(seed, true).id;
  }

  /** A message arriving (or sent from another client) while Reconnect runs: records messageAdded. */
  deliver(seed: MessageSeed): string {
    return this.s.addMessage(seed, false).id;
  }

  /** A user label, created if absent; returns its id. */
  seedLabel(name: string): string {
    const id = this.s.labelIdFor(name, true);
    if (id === null) throw new Error(`FakeGmail: cannot create label ${name}`);
    return id;
  }

  /** A draft the user wrote by hand (createdBy 'user'); returns the draft id. */
  seedDraft(seed: Omit<MessageSeed, 'labels'>): string {
    const m = this.s.addMessage({ ...seed, labels: ['DRAFT'] }, true);
    const d: StoredDraft = { id: this.s.newDraftId(), messageId: m.id, createdBy: 'user', createdAt: m.internalDate };
    this.s.drafts.set(d.id, d);
    return d.id;
  }

  // ---- test-side: user actions (not service calls; they record history) ----

  /**
   * The user sends a draft from Gmail: the draft disappears and a SENT message
   * takes its place in the same thread. Returns the sent message's id.
   */
  userSendsDraft(draftId: string, at?: Date | number | string): string {
    const d = this.s.drafts.get(draftId);
    if (!d) throw new Error(`FakeGmail: no draft ${draftId}`);
    const m = this.s.messages.get(d.messageId);
    if (!m) throw new Error(`FakeGmail: draft ${draftId} has no message`);
    this.s.drafts.delete(draftId);
    this.s.deleteMessage(m.id, false);
    const when = at === undefined ? this.runtime.clock.now() : toMs(at);
    const headers = m.headers.filter((h) => h.name.toLowerCase() !== 'date');
    headers.push({ name: 'Date', value: rfc2822Date(when) });
    if (!headerValue(headers, 'Message-ID')) headers.push({ name: 'Message-ID', value: this.s.newRfcMessageId() });
    const threadId = this.s.threads.has(m.threadId) ? m.threadId : null;
    return this.s.insert(headers, m.text, ['SENT'], when, threadId, false).id;
  }

  /** The user discards a draft in Gmail. */
  userDeletesDraft(draftId: string): void {
    const d = this.s.drafts.get(draftId);
    if (!d) throw new Error(`FakeGmail: no draft ${draftId}`);
    this.s.draftDeletions.push({ draftId, by: 'user', createdBy: d.createdBy, at: this.runtime.clock.now() });
    this.s.drafts.delete(draftId);
    this.s.deleteMessage(d.messageId, false);
  }

  /** The user relabels messages in Gmail (label ids or user label names). */
  userModifiesLabels(messageIds: readonly string[], add: readonly string[] = [], remove: readonly string[] = []): void {
    const a = add.map((l) => this.seedLabel(l));
    const r = remove.map((l) => this.s.labelIdFor(l, false)).filter((x): x is string => x !== null);
    for (const id of messageIds) {
      const m = this.s.messages.get(id);
      if (!m) throw new Error(`FakeGmail: no message ${id}`);
      this.s.applyLabels(m, a, r, false);
    }
  }

  /** Makes every history id up to and including `historyId` unreadable, as Gmail does when it discards history. */
  expireHistoryThrough(historyId: number | string): void {
    const id = Number(historyId);
    this.s.historyFloor = Math.max(this.s.historyFloor, id);
    while (this.s.history.length > 0 && (this.s.history[0]?.id ?? Infinity) <= id) this.s.history.shift();
  }

  set historyRetentionMs(ms: number) {
    this.s.historyRetentionMs = ms;
  }

  get historyRetentionMs(): number {
    return this.s.historyRetentionMs;
  }

  // ---- test-side: inspection ------------------------------------------------

  get currentHistoryId(): string {
    return String(this.s.historyId);
  }

  /** Every draft that exists now. */
  draftRecords(): DraftSnapshot[] {
    return [...this.s.drafts.values()].map((d) => this.s.draftRecord(d));
  }

  draftRecord(draftId: string): DraftSnapshot | undefined {
    const d = this.s.drafts.get(draftId);
    return d ? this.s.draftRecord(d) : undefined;
  }

  /** Every drafts.create/update request, with the thread it asked for and where it landed. */
  get draftWrites(): readonly DraftWrite[] {
    return this.s.draftWrites;
  }

  /** Every call to Messages.send or Drafts.send (all of which threw). */
  get sendAttempts(): readonly SendAttempt[] {
    return this.s.sendAttempts;
  }

  /** Every draft deletion, by the API or the user, with who had created the draft. */
  get draftDeletions(): readonly DraftDeletion[] {
    return this.s.draftDeletions;
  }

  messageIds(): string[] {
    return [...this.s.messages.keys()];
  }

  /** A stored message's internalDate, ms; NaN for an unknown id. */
  internalDateOf(messageId: string): number {
    return this.s.messages.get(messageId)?.internalDate ?? Number.NaN;
  }

  labelIdsOf(messageId: string): string[] {
    return [...(this.s.messages.get(messageId)?.labelIds ?? [])];
  }

  headersOf(messageId: string): Header[] {
    return (this.s.messages.get(messageId)?.headers ?? []).map((h) => ({ ...h }));
  }

  threadIdOf(messageId: string): string | undefined {
    return this.s.messages.get(messageId)?.threadId;
  }

  /** Message ids of a thread, oldest first. */
  threadMessageIds(threadId: string): string[] {
    return [...(this.s.threads.get(threadId) ?? [])];
  }

  /** Label id by exact name (case-insensitive), or undefined. */
  labelId(name: string): string | undefined {
    return this.s.labelIdFor(name, false) ?? undefined;
  }

  /** The RFC 822 text of a stored message, as `format: 'raw'` would return it decoded. */
  rfc822Of(messageId: string): string | undefined {
    const m = this.s.messages.get(messageId);
    return m ? this.s.rfc822(m) : undefined;
  }
}

export type { Header } from './rfc822';
