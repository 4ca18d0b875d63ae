/**
 * Object-mother helpers that describe a mailbox in a few lines and build it into
 * a FakeGmail. Everything is deterministic: dates are always explicit, generated
 * ids come from counters, and the bulk generator draws from a seeded PRNG.
 */

import { FakeGmail, FakeGmailOptions, MessageSeed, SendAsAlias } from './fake-gmail';
import { FakeRuntime } from './fake-runtime';
import { Header } from './rfc822';

export interface Person {
  readonly name: string;
  readonly email: string;
  /** RFC 5322 mailbox: `Name <email>`, the name quoted when it needs to be. */
  readonly address: string;
}

export function person(name: string, email: string): Person {
  const needsQuotes = /[",.;:<>@()[\]\\]/.test(name);
  const shown = needsQuotes ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name;
  return { name, email, address: name ? `${shown} <${email}>` : email };
}

type Who = Person | string;
type Many = Who | readonly Who[];

export interface MessageSpec {
  from: Who;
  to?: Many;
  cc?: Many;
  bcc?: Many;
  /** Explicit instant (ISO string, Date or ms); there is no default. */
  date: Date | number | string;
  subject?: string;
  /**
   * Label ids or user label names. Default: ['SENT'] when `from` is the owner or
   * an alias, ['INBOX', 'CATEGORY_PERSONAL'] otherwise.
   */
  labels?: readonly string[];
  body?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  listId?: string;
  listUnsubscribe?: string;
  precedence?: string;
  autoSubmitted?: string;
  /** Any other headers, appended in order. */
  headers?: Readonly<Record<string, string>> | readonly Header[];
}

/** Filled in by build(): the ids Gmail gave the thread and its messages. */
export class ThreadRef {
  threadId = '';
  messageIds: string[] = [];
  /** RFC Message-IDs, in thread order, known before build. */
  readonly rfcMessageIds: string[] = [];

  constructor(readonly specs: readonly MessageSpec[]) {}
}

export class DraftRef {
  draftId = '';

  constructor(
    readonly spec: MessageSpec,
    readonly thread: ThreadRef | null,
  ) {}
}

export interface MailboxBuilderOptions {
  owner: Who;
  /** Send-as aliases; a string is an accepted alias with no display name. */
  aliases?: readonly (string | SendAsAlias)[];
  historyRetentionMs?: number;
  threading?: 'strict' | 'lenient';
}

/** mulberry32: a small, fast, seedable PRNG; the same seed always yields the same mailbox. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('SeededRandom.pick: empty list');
    return item;
  }
}

export interface GenerateOptions {
  seed: number;
  /** How many correspondents. */
  people: number;
  /** How many threads, spread uniformly between `from` and `to`. */
  threads: number;
  from: Date | number | string;
  to: Date | number | string;
  /** Messages per thread, inclusive range; default [1, 4]. */
  messagesPerThread?: readonly [number, number];
  /** Share of threads the owner starts; default 0.5. */
  ownerStartsShare?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export class MailboxBuilder {
  readonly me: Person;
  private readonly aliases: SendAsAlias[];
  private readonly userLabels: string[] = [];
  private readonly threadRefs: ThreadRef[] = [];
  private readonly draftRefs: DraftRef[] = [];
  private readonly people = new Map<string, Person>();
  private rfcSeq = 0;

  constructor(private readonly opts: MailboxBuilderOptions) {
    this.me = typeof opts.owner === 'string' ? person('', opts.owner) : opts.owner;
    this.aliases = (opts.aliases ?? []).map((a) => (typeof a === 'string' ? { sendAsEmail: a } : a));
  }

  /** A correspondent; the email defaults to first.last@example.com. */
  person(name: string, email?: string): Person {
    const addr = email ?? `${name.toLowerCase().trim().replace(/[^a-z0-9]+/g, '.')}@example.com`;
    const p = person(name, addr);
    this.people.set(addr.toLowerCase(), p);
    return p;
  }

  /** A user label that exists even if no message carries it. */
  label(name: string): this {
    this.userLabels.push(name);
    return this;
  }

  /**
   * A thread: the first message and its replies, in order. Replies get threading
   * headers (In-Reply-To, References) and "Re: <subject>" unless the spec sets them.
   */
  thread(first: MessageSpec, ...replies: MessageSpec[]): ThreadRef {
    const specs: MessageSpec[] = [];
    const ref = new ThreadRef(specs);
    const subject = first.subject ?? '';
    let chain: string[] = [];
    [first, ...replies].forEach((spec, i) => {
      const messageId = spec.messageId ?? this.newRfcId(spec);
      const filled: MessageSpec = { ...spec, messageId };
      if (i > 0) {
        const parent = chain[chain.length - 1];
        filled.subject = spec.subject ?? (subject.match(/^re:/i) ? subject : `Re: ${subject}`);
        filled.inReplyTo = spec.inReplyTo ?? parent;
        filled.references = spec.references ?? chain.join(' ');
      }
      chain = [...chain, messageId];
      specs.push(filled);
      ref.rfcMessageIds.push(messageId);
    });
    this.threadRefs.push(ref);
    return ref;
  }

  /** A one-message thread. */
  message(spec: MessageSpec): ThreadRef {
    return this.thread(spec);
  }

  /** The owner wrote to `to`. */
  sent(to: Many, date: Date | number | string, extra: Partial<MessageSpec> = {}): ThreadRef {
    return this.thread({ subject: 'Hello', ...extra, from: this.me, to, date });
  }

  /** `from` wrote to the owner. */
  received(from: Who, date: Date | number | string, extra: Partial<MessageSpec> = {}): ThreadRef {
    return this.thread({ subject: 'Hello', ...extra, from, to: this.me, date });
  }

  /** A mailing-list message: List-Id, List-Unsubscribe, Precedence: bulk, in Promotions. */
  newsletter(from: Who, date: Date | number | string, extra: Partial<MessageSpec> = {}): ThreadRef {
    const email = typeof from === 'string' ? from : from.email;
    const domain = email.split('@')[1] ?? 'example.com';
    return this.thread({
      subject: 'This week',
      labels: ['INBOX', 'CATEGORY_PROMOTIONS'],
      listId: `<news.${domain}>`,
      listUnsubscribe: `<mailto:unsubscribe@${domain}>`,
      precedence: 'bulk',
      ...extra,
      from,
      to: this.me,
      date,
    });
  }

  /** An automatic reply (RFC 3834 Auto-Submitted: auto-replied). */
  autoReply(from: Who, date: Date | number | string, extra: Partial<MessageSpec> = {}): ThreadRef {
    return this.thread({ subject: 'Out of office', autoSubmitted: 'auto-replied', ...extra, from, to: this.me, date });
  }

  /** A draft the user wrote by hand, optionally as a reply in `thread`. */
  draft(spec: Omit<MessageSpec, 'labels' | 'from'> & { from?: Who }, thread?: ThreadRef): DraftRef {
    const ref = new DraftRef({ ...spec, from: spec.from ?? this.me }, thread ?? null);
    this.draftRefs.push(ref);
    return ref;
  }

  /** Adds `threads` random threads with `people` correspondents, reproducibly from `seed`. */
  generate(o: GenerateOptions): ThreadRef[] {
    const rnd = new SeededRandom(o.seed);
    const start = toMs(o.from);
    const end = toMs(o.to);
    const [minMsgs, maxMsgs] = o.messagesPerThread ?? [1, 4];
    const ownerShare = o.ownerStartsShare ?? 0.5;
    const folks = Array.from({ length: o.people }, (_, i) =>
      this.person(`Person ${i + 1}`, `person${i + 1}@example.com`),
    );
    const refs: ThreadRef[] = [];
    for (let t = 0; t < o.threads; t++) {
      const other = rnd.pick(folks);
      let at = start + Math.floor(rnd.next() * Math.max(1, end - start));
      const count = rnd.int(minMsgs, maxMsgs);
      let ownerTurn = rnd.next() < ownerShare;
      const specs: MessageSpec[] = [];
      for (let i = 0; i < count; i++) {
        specs.push({
          from: ownerTurn ? this.me : other,
          to: ownerTurn ? other : this.me,
          date: at,
          subject: i === 0 ? `Topic ${t + 1}` : undefined,
          body: `Message ${i + 1} of thread ${t + 1}.`,
        });
        at += rnd.int(1, 5 * DAY_MS);
        ownerTurn = !ownerTurn;
      }
      const [first, ...rest] = specs;
      if (first) refs.push(this.thread(first, ...rest));
    }
    return refs;
  }

  get threads(): readonly ThreadRef[] {
    return this.threadRefs;
  }

  /** Builds the mailbox into a new FakeGmail on `runtime` and fills in every ThreadRef and DraftRef. */
  build(runtime: FakeRuntime = new FakeRuntime()): FakeGmail {
    const gmail = new FakeGmail(runtime, this.gmailOptions());
    this.buildInto(gmail);
    return gmail;
  }

  /** The FakeGmail options this mailbox implies: owner, aliases, history retention, threading. */
  gmailOptions(): FakeGmailOptions {
    const o: FakeGmailOptions = { owner: this.me.email, ownerName: this.me.name, aliases: this.aliases };
    if (this.opts.historyRetentionMs !== undefined) o.historyRetentionMs = this.opts.historyRetentionMs;
    if (this.opts.threading !== undefined) o.threading = this.opts.threading;
    return o;
  }

  /** Seeds this builder's labels, threads and drafts into an existing FakeGmail. */
  buildInto(gmail: FakeGmail): void {
    for (const name of this.userLabels) gmail.seedLabel(name);
    for (const ref of this.threadRefs) {
      ref.messageIds = [];
      ref.specs.forEach((spec, i) => {
        const id = gmail.seedMessage(this.seed(spec, i === 0 ? undefined : ref.threadId));
        if (i === 0) ref.threadId = gmail.threadIdOf(id) ?? id;
        ref.messageIds.push(id);
      });
    }
    for (const d of this.draftRefs) {
      const seed = this.seed(d.spec, d.thread?.threadId);
      if (d.thread) {
        const parent = d.thread.rfcMessageIds[d.thread.rfcMessageIds.length - 1];
        const firstSubject = d.thread.specs[0]?.subject ?? '';
        seed.inReplyTo = d.spec.inReplyTo ?? parent;
        seed.references = d.spec.references ?? d.thread.rfcMessageIds.join(' ');
        seed.subject = d.spec.subject ?? `Re: ${firstSubject}`;
      }
      const { labels: _ignored, ...draftSeed } = seed;
      d.draftId = gmail.seedDraft(draftSeed);
    }
  }

  private isOwner(who: Who): boolean {
    const email = (typeof who === 'string' ? extractEmail(who) : who.email).toLowerCase();
    return email === this.me.email.toLowerCase() || this.aliases.some((a) => a.sendAsEmail.toLowerCase() === email);
  }

  private seed(spec: MessageSpec, threadId: string | undefined): MessageSeed {
    const headers: Header[] = [];
    if (spec.listId) headers.push({ name: 'List-Id', value: spec.listId });
    if (spec.listUnsubscribe) headers.push({ name: 'List-Unsubscribe', value: spec.listUnsubscribe });
    if (spec.precedence) headers.push({ name: 'Precedence', value: spec.precedence });
    if (spec.autoSubmitted) headers.push({ name: 'Auto-Submitted', value: spec.autoSubmitted });
    const extra = spec.headers;
    if (extra) {
      const pairs = Array.isArray(extra)
        ? (extra as readonly Header[])
        : Object.entries(extra as Readonly<Record<string, string>>).map(([name, value]) => ({ name, value }));
      headers.push(...pairs);
    }
    const seed: MessageSeed = {
      from: addressOf(spec.from),
      to: many(spec.to),
      cc: many(spec.cc),
      bcc: many(spec.bcc),
      subject: spec.subject,
      date: spec.date,
      labels: spec.labels ?? (this.isOwner(spec.from) ? ['SENT'] : ['INBOX', 'CATEGORY_PERSONAL']),
      messageId: spec.messageId,
      inReplyTo: spec.inReplyTo,
      references: spec.references,
      headers,
      body: spec.body ?? '',
    };
    if (threadId) seed.threadId = threadId;
    return seed;
  }

  private newRfcId(spec: MessageSpec): string {
    this.rfcSeq += 1;
    const email = typeof spec.from === 'string' ? extractEmail(spec.from) : spec.from.email;
    const domain = email.split('@')[1] ?? 'example.com';
    return `<m${this.rfcSeq}.${toMs(spec.date)}@${domain}>`;
  }
}

function toMs(d: Date | number | string): number {
  const ms = typeof d === 'number' ? d : new Date(d).getTime();
  if (!Number.isFinite(ms)) throw new Error(`MailboxBuilder: invalid date ${String(d)}`);
  return ms;
}

function addressOf(who: Who): string {
  return typeof who === 'string' ? who : who.address;
}

function many(v: Many | undefined): string[] {
  if (v === undefined) return [];
  const arr: readonly Who[] = Array.isArray(v) ? (v as readonly Who[]) : [v as Who];
  return arr.map(addressOf);
}

function extractEmail(s: string): string {
  const m = /<([^>]+)>/.exec(s);
  return (m ? m[1] : s)?.trim() ?? s;
}
