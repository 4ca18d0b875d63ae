/**
 * The bundled sample mailbox: a fictional Google Takeout mbox plus a truth file that
 * says what Reconnect must conclude from it.
 *
 * The truth is computed here from the generator's own message records, applying the
 * counting rules as written in the product brief, and never by calling src/core: a
 * golden test that compared the core with itself would prove nothing.
 *
 * Everything is derived from a seeded PRNG and a fixed `now`, so the same options give
 * byte-identical files on every machine and the golden test can pin exact numbers.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writePeopleSample, type PeopleSampleFiles } from './generate-sample-people';

export const DEFAULT_SEED = 20_261_101;
export const DEFAULT_NOW = '2026-11-01T09:00:00Z';

export type SampleState = 'active' | 'lapsed' | 'awaiting-reply';

export interface SampleContact {
  /** Canonical: lower-case; Gmail addresses without dots in the local part, on gmail.com. */
  email: string;
  /** Latest non-empty display name by message date; '' when the person never had one. */
  name: string;
  persona: string;
  /** ISO-8601 UTC to the second, e.g. 2025-03-04T17:15:00Z. */
  lastSent: string | null;
  lastReceived: string | null;
  sentCount: number;
  receivedCount: number;
  /** Only for personas whose state is clear-cut under the default settings. */
  expectedState?: SampleState;
  /** Every spelling of their address the generator wrote in a counted header, sorted. */
  addresses: string[];
  /** The spelling to show: the latest one they wrote in their own From, else the latest anyone wrote. */
  shownAddress: string;
  /** How close the persona is, by its rhythm (see RELATIONSHIPS): what a strength score should agree with. */
  relationship: SampleRelationship;
}

/** Closeness by persona, written from each persona's rhythm, never from Reconnect's score. */
export type SampleRelationship = 'strong' | 'regular' | 'occasional' | 'one-off';

const RELATIONSHIPS: Readonly<Record<string, SampleRelationship>> = {
  // Many exchanges both ways, for months or years.
  'weekly-colleague': 'strong',
  'monthly-friend-quiet': 'strong',
  family: 'strong',
  'name-change': 'strong',
  'gmail-equivalent': 'strong',
  // A steady rhythm, less often, or in bursts.
  'quarterly-on-time': 'regular',
  'quarterly-late': 'regular',
  'awaiting-reply-monthly': 'regular',
  'book-club': 'regular',
  client: 'regular',
  // Once a year or so, or without a rhythm.
  'yearly-recent': 'occasional',
  'yearly-overdue': 'occasional',
  'yearly-midway': 'occasional',
  'awaiting-reply-sparse': 'occasional',
  'friend-irregular': 'occasional',
  // One message, one way.
  'awaiting-reply-unanswered': 'one-off',
  'bounced-typo': 'one-off',
  'one-off-inbound': 'one-off',
};

export interface SampleTruth {
  seed: number;
  now: string;
  /** Every owner address, canonical, sorted. */
  owner: string[];
  /** Sorted by email. */
  contacts: SampleContact[];
  /** Canonical addresses that appear in the file but must never become contacts. */
  noise: string[];
  /** Messages in the mbox. */
  messages: number;
  /** Canonical addresses seen only in messages with more than 20 recipients. */
  weakOnly: string[];
  /** Messages written without a Date header (the reader falls back to the From line). */
  missingDate: number;
}

export interface SampleOptions {
  seed?: number;
  /** ISO-8601 instant the sample is "taken" at. */
  now?: string;
}

export interface SampleFiles extends PeopleSampleFiles {
  mboxPath: string;
  truthPath: string;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
/** More recipients than this and a message is only a weak touch. */
const LARGE_RECIPIENTS = 20;
/** Span of the mailbox: a little over four years before `now`. */
const SPAN_DAYS = 1580;

// ---------------------------------------------------------------------------------
// Seeded randomness. Math.random would make the golden numbers unreproducible.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Inclusive on both ends. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
  alnum(n: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < n; i++) s += chars[this.int(0, chars.length - 1)];
    return s;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------
// Addresses and the rules, restated independently of src/core.

interface Addr {
  name: string;
  email: string;
  /** RFC 2047 encoding for a non-ASCII name; B unless the persona exercises Q. */
  enc?: 'B' | 'Q';
}

function canonical(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  const local = lower.slice(0, at);
  const domain = lower.slice(at + 1);
  if (domain === 'gmail.com' || domain === 'googlemail.com') {
    return `${local.replace(/\./g, '')}@gmail.com`;
  }
  return lower;
}

const ROLE_LOCALS = new Set([
  'noreply',
  'no-reply',
  'donotreply',
  'do-not-reply',
  'mailer-daemon',
  'postmaster',
  'notifications',
  'notification',
  'calendar-notification',
  'bounce',
  'bounces',
]);

function labelKey(label: string): string {
  const upper = label.trim().toUpperCase().replace(/\s+/g, '_');
  return upper === 'DRAFTS' ? 'DRAFT' : upper === 'CHATS' ? 'CHAT' : upper;
}

const NEVER_COUNTED = new Set(['SPAM', 'TRASH', 'DRAFT', 'CHAT']);
const NOT_RECEIVED = new Set([
  'CATEGORY_PROMOTIONS',
  'CATEGORY_SOCIAL',
  'CATEGORY_UPDATES',
  'CATEGORY_FORUMS',
]);

// ---------------------------------------------------------------------------------
// The owner.

const OWNER_NAME = 'Alex Rivera';
const OWNER_MAIN: Addr = { name: OWNER_NAME, email: 'alex.rivera@gmail.com' };
const OWNER_ALIAS: Addr = { name: OWNER_NAME, email: 'alex@rivera.studio' };
/** Gmail delivers both spellings to one mailbox; older sent mail used this one. */
const OWNER_GOOGLEMAIL: Addr = { name: OWNER_NAME, email: 'Alex.Rivera@googlemail.com' };
const OWNER_SET = new Set([OWNER_MAIN, OWNER_ALIAS, OWNER_GOOGLEMAIL].map((a) => canonical(a.email)));

// ---------------------------------------------------------------------------------
// Message records: what the generator decided, before rendering.

interface Attachment {
  filename: string;
  contentType: string;
  data: Buffer;
}

interface Rec {
  date: number;
  /** Minutes east of UTC, for the Date header only. */
  zone: number;
  from: Addr;
  to: Addr[];
  cc: Addr[];
  bcc: Addr[];
  /** Render To as an RFC 5322 group with this display name. */
  toGroup?: string;
  subject: string;
  labels: string[];
  thread: string;
  messageId: string;
  references: string[];
  listId?: string;
  listUnsubscribe?: string;
  precedence?: string;
  autoSubmitted?: string;
  noDate?: boolean;
  body: string;
  attachment?: Attachment;
  /** Mail that arrived from outside gets transport headers. */
  inbound: boolean;
  dateStyle: 'gmail' | 'padded' | 'comment' | 'noweekday' | 'gmt';
}

interface Person {
  name: string;
  email: string;
  enc?: 'B' | 'Q';
  persona: string;
  expected?: SampleState;
  zone: number;
  /** The owner address this person corresponds with. */
  owner: Addr;
  /** A Gmail-equivalent spelling the person also uses. */
  alt?: string;
}

function addrOf(p: Person, email = p.email, name = p.name): Addr {
  return p.enc ? { name, email, enc: p.enc } : { name, email };
}

// ---------------------------------------------------------------------------------
// Text material. Plain and short: the reader looks at headers, the body is ballast.

const FIRST = [
  'Aisha', 'Bruno', 'Carla', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonah',
  'Keiko', 'Liam', 'Maya', 'Nikhil', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sven', 'Tara',
  'Umar', 'Vera', 'Wes', 'Ximena', 'Yusuf', 'Zara', 'Amara', 'Ben', 'Chloe', 'Diego',
  'Esme', 'Felix', 'Gemma', 'Hector', 'Isla', 'Jasper', 'Kira', 'Leo', 'Mina', 'Nora',
  'Oscar', 'Priya', 'Rafael', 'Selin', 'Tomas', 'Uma', 'Viktor', 'Willa', 'Yara', 'Anton',
  'Bea', 'Cyrus', 'Dalia', 'Emil', 'Freya', 'Gus', 'Hana', 'Ivo', 'June', 'Kofi',
];
const LAST = [
  'Abbott', 'Baptiste', 'Castillo', 'Draper', 'Eklund', 'Fontaine', 'Garber', 'Hollis',
  'Ibarra', 'Jansen', 'Kowal', 'Lindqvist', 'Marsh', 'Nakamura', 'Oduya', 'Pereira',
  'Quist', 'Rahman', 'Sato', 'Thorne', 'Ueda', 'Varga', 'Whitlock', 'Xu', 'Yilmaz',
  'Zeller', 'Brandt', 'Calloway', 'Dufresne', 'Elwood', 'Faraday', 'Greer', 'Haddad',
  'Iversen', 'Jovanovic', 'Kearney', 'Laine', 'Moreau', 'Novak', 'Orsini', 'Pike',
  'Ramos', 'Strand', 'Tanaka', 'Upton', 'Vance', 'Wilder', 'Young', 'Zamora', 'Bishop',
];

const SUBJECTS: Record<string, readonly string[]> = {
  work: [
    'Sprint review notes', 'Design QA for checkout', 'Homepage copy v3', 'Weekly sync agenda',
    'Icon set feedback', 'Onboarding flow tweaks', 'Release checklist', 'Figma file cleanup',
    'Accessibility audit results', 'Pricing page mockups', 'Handoff for the mobile nav',
    'Component library naming', 'Usability test recap', 'Dark mode colours', 'Q3 roadmap draft',
  ],
  friend: [
    'Dinner next week?', 'Photos from the hike', 'Long time!', 'Book recommendation',
    'Are you around this weekend?', 'That podcast I mentioned', 'Birthday plans',
    'Moving update', 'Concert tickets', 'Café next week? ☕', 'Recipe you asked for', 'Trip in the spring?',
  ],
  client: [
    'Proposal for the rebrand', 'Invoice for March', 'Logo concepts round 2', 'Kickoff call',
    'Brand guidelines PDF', 'Website launch date', 'Contract signed', 'Feedback on the deck',
    'Packaging dielines', 'Final files', 'Retainer for next quarter',
  ],
  family: [
    'Sunday lunch', 'Mum\'s birthday gift', 'Flight times', 'Holiday plans', 'Garden photos',
    'Call tonight?', 'The cat did a thing', 'Recipe from Grandma', 'Car insurance question',
  ],
  catchup: [
    'Catching up', 'Coffee soon?', 'Happy new year!', 'Quick hello', 'Annual check-in',
    'Thinking of you', 'Conference again this year?', 'New job news',
  ],
};

const LINES = [
  'Thanks for sending this over, it looks good to me.',
  'Could we move this to Thursday afternoon instead?',
  'I left a few comments in the doc, nothing major.',
  'Let me know what you think when you get a chance.',
  'Sounds great, count me in.',
  'Attached is the latest version with your edits.',
  'Sorry for the slow reply, it has been a busy week.',
  'I will pick this up first thing tomorrow.',
  'Happy to chat about it on a call if that is easier.',
  'Agreed on all points, let us go with option B.',
  'Quick question before I send the final version.',
  'That works for me. See you then!',
];

/** Lines that mboxrd must escape, so the reader's unescaping is exercised. */
const FROM_LINES = [
  'From what I can tell we are on track.',
  'From the look of the numbers, the redesign paid off.',
  'From Monday I am working from the Lisbon office.',
];

// ---------------------------------------------------------------------------------
// Rendering helpers.

const DOW = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ZONE_NAMES: Record<number, string> = {
  [-480]: 'PST',
  [-420]: 'PDT',
  [-300]: 'EST',
  [-240]: 'EDT',
  0: 'UTC',
  60: 'CET',
  120: 'CEST',
};

const pad2 = (n: number): string => String(n).padStart(2, '0');

function isoSecond(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function rfc5322Date(ms: number, zone: number, style: Rec['dateStyle']): string {
  if (style === 'gmt') zone = 0;
  const d = new Date(ms + zone * MINUTE);
  const day = d.getUTCDate();
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  const sign = zone < 0 ? '-' : '+';
  const off = `${sign}${pad2(Math.floor(Math.abs(zone) / 60))}${pad2(Math.abs(zone) % 60)}`;
  const dmy = `${style === 'gmail' ? day : pad2(day)} ${MON[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  const dow = DOW[d.getUTCDay()];
  switch (style) {
    case 'gmail':
    case 'padded':
      return `${dow}, ${dmy} ${time} ${off}`;
    case 'comment': {
      const name = ZONE_NAMES[zone];
      return `${dow}, ${dmy} ${time} ${off}${name ? ` (${name})` : ''}`;
    }
    case 'noweekday':
      return `${dmy} ${time} ${off}`;
    case 'gmt':
      return `${dow}, ${dmy} ${time} GMT`;
  }
}

/** Takeout's separator date: asctime with a numeric zone before the year, always UTC. */
function asctime(ms: number): string {
  const d = new Date(ms);
  return (
    `${DOW[d.getUTCDay()]} ${MON[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`
  );
}

function isAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

function qEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9!*+\-/]/.test(ch)) out += ch;
    else if (ch === ' ') out += '_';
    else out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `=?UTF-8?Q?${out}?=`;
}

function bEncode(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function phrase(name: string, enc: 'B' | 'Q' = 'B'): string {
  if (!isAscii(name)) return enc === 'Q' ? qEncode(name) : bEncode(name);
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+( [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/.test(name)) return name;
  return `"${name.replace(/[\\"]/g, '\\$&')}"`;
}

function formatAddr(a: Addr): string {
  return a.name ? `${phrase(a.name, a.enc)} <${a.email}>` : a.email;
}

/** Folds at item boundaries so no line passes 78 characters where that is possible. */
function foldList(field: string, items: string[]): string {
  let out = `${field}:`;
  let lineLen = out.length;
  items.forEach((item, i) => {
    if (i > 0 && lineLen + 1 + item.length > 78) {
      out += `\n ${item}`;
      lineLen = 1 + item.length;
    } else {
      out += ` ${item}`;
      lineLen += 1 + item.length;
    }
  });
  return out;
}

function addressHeader(field: string, addrs: Addr[], group?: string): string {
  const items = addrs.map((a, i) => formatAddr(a) + (i < addrs.length - 1 ? ',' : ''));
  if (group !== undefined) {
    if (items.length === 0) return `${field}: ${group}:;`;
    items[items.length - 1] += ';';
    items.unshift(`${group}:`);
  }
  return foldList(field, items);
}

function subjectHeader(subject: string): string {
  if (!isAscii(subject)) {
    // Encoded words stay under 75 characters each, so long subjects become several.
    const words: string[] = [];
    let chunk = '';
    for (const ch of subject) {
      if (Buffer.byteLength(chunk + ch, 'utf8') > 30) {
        words.push(bEncode(chunk));
        chunk = '';
      }
      chunk += ch;
    }
    if (chunk) words.push(bEncode(chunk));
    return foldList('Subject', words);
  }
  return foldList('Subject', subject.split(' '));
}

function labelsHeader(labels: string[]): string {
  return `X-Gmail-Labels: ${labels.map((l) => (/[",]/.test(l) ? `"${l.replace(/"/g, '""')}"` : l)).join(',')}`;
}

/** mboxrd: any body line that looks like a separator, however many '>' precede it, gains one. */
function escapeBody(body: string): string {
  return body.replace(/^(>*From )/gm, '>$1');
}

function base64Lines(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
}

// ---------------------------------------------------------------------------------
// The builder: personas and noise become records.

type Side = 'owner' | 'them';

interface ConvOpts {
  starter: Side;
  turns: number;
  subject: string;
  /** Override the person's address or name for this exchange. */
  them?: Addr;
  /** Override the address used when the owner writes to the person. */
  toThem?: Addr;
  owner?: Addr;
  cc?: Addr[];
  bcc?: Addr[];
  labels?: string[];
  /** Minute of the UTC day the first message is sent. */
  start?: number;
  attach?: Attachment;
}

class Builder {
  readonly recs: Rec[] = [];
  private readonly nowDay: number;
  private readonly usedEmails = new Set<string>();
  private readonly usedNames = new Set<string>();
  private readonly usedThreads = new Set<string>();
  readonly persons: Person[] = [];
  /** Canonical addresses the scenario intends as noise; checked against the truth. */
  readonly intendedNoise = new Set<string>();
  readonly intendedWeak = new Set<string>();

  constructor(
    readonly rng: Rng,
    readonly now: number,
  ) {
    this.nowDay = Math.floor(now / DAY);
  }

  at(ago: number, minute: number): number {
    return (this.nowDay - ago) * DAY + minute * MINUTE + this.rng.int(0, 59) * 1000;
  }

  threadId(date: number): string {
    for (;;) {
      // Gmail ids are the millisecond timestamp shifted left 20 bits: 19 decimal digits.
      const id = ((BigInt(Math.floor(date)) << 20n) | BigInt(this.rng.int(0, 0xfffff))).toString();
      if (!this.usedThreads.has(id)) {
        this.usedThreads.add(id);
        return id;
      }
    }
  }

  messageId(from: Addr): string {
    const domain = from.email.slice(from.email.indexOf('@') + 1).toLowerCase();
    if (domain === 'gmail.com' || domain === 'googlemail.com' || from === OWNER_ALIAS) {
      return `<CA${this.rng.alnum(10)}+${this.rng.alnum(24)}@mail.gmail.com>`;
    }
    return `<${this.rng.hex(16)}.${this.rng.hex(8)}@${domain}>`;
  }

  ownerZone(ms: number): number {
    const month = new Date(ms).getUTCMonth();
    return month >= 3 && month <= 9 ? -240 : -300;
  }

  claimEmail(email: string): void {
    const key = canonical(email);
    if (this.usedEmails.has(key)) throw new Error(`generate-sample: duplicate address ${email}`);
    this.usedEmails.add(key);
  }

  freshName(): [string, string] {
    for (;;) {
      const first = this.rng.pick(FIRST);
      const last = this.rng.pick(LAST);
      if (!this.usedNames.has(`${first} ${last}`)) {
        this.usedNames.add(`${first} ${last}`);
        return [first, last];
      }
    }
  }

  /** A fresh name and an unused address built from it. */
  stranger(make: (first: string, last: string) => string): Addr {
    for (;;) {
      const [first, last] = this.freshName();
      const email = make(first.toLowerCase(), last.toLowerCase());
      if (!this.usedEmails.has(canonical(email))) return { name: `${first} ${last}`, email };
    }
  }

  person(
    persona: string,
    domain: string,
    init: Partial<Person> & { owner?: Addr } = {},
  ): Person {
    let name = init.name;
    let email = init.email;
    if (name === undefined || email === undefined) {
      const style = this.rng.int(0, 2);
      const made = this.stranger((f, l) =>
        domain === 'gmail.com'
          ? style === 0
            ? `${f}.${l}@${domain}`
            : style === 1
              ? `${f}${l}${this.rng.int(10, 99)}@${domain}`
              : `${f}.${l}.${this.rng.int(1970, 1999)}@${domain}`
          : style === 0
            ? `${f}.${l}@${domain}`
            : style === 1
              ? `${f[0]}${l}@${domain}`
              : `${f}@${domain}`,
      );
      name ??= made.name;
      email ??= made.email;
    } else {
      this.usedNames.add(name);
    }
    this.claimEmail(email);
    if (init.alt) this.claimAlt(email, init.alt);
    const p: Person = {
      name,
      email,
      persona,
      zone: init.zone ?? this.rng.pick([-480, -420, -300, -240, 0, 60, 120, 330, 540]),
      owner: init.owner ?? OWNER_MAIN,
    };
    if (init.enc) p.enc = init.enc;
    if (init.expected) p.expected = init.expected;
    if (init.alt) p.alt = init.alt;
    this.persons.push(p);
    return p;
  }

  private claimAlt(email: string, alt: string): void {
    if (canonical(alt) !== canonical(email)) {
      throw new Error(`generate-sample: ${alt} is not Gmail-equivalent to ${email}`);
    }
  }

  noiseAddr(name: string, email: string, weak = false): Addr {
    this.claimEmail(email);
    (weak ? this.intendedWeak : this.intendedNoise).add(canonical(email));
    return { name, email };
  }

  add(rec: Rec): Rec {
    if (rec.date >= this.now) throw new Error(`generate-sample: message dated after now: ${rec.subject}`);
    const all = [...rec.to, ...rec.cc, ...rec.bcc].map((a) => canonical(a.email));
    if (new Set(all).size !== all.length) {
      throw new Error(`generate-sample: repeated recipient in "${rec.subject}"`);
    }
    // Stay well clear of the 20-recipient boundary so an off-by-one in either
    // direction is not what the golden test ends up measuring.
    if (all.length > 12 && all.length < 25) {
      throw new Error(`generate-sample: ${all.length} recipients is too close to the limit`);
    }
    this.recs.push(rec);
    return rec;
  }

  body(toName: string, fromName: string): string {
    const greet = toName ? `Hi ${toName.split(/[ ,]/)[0]},` : 'Hi,';
    const lines = [greet, ''];
    if (this.rng.chance(0.03)) lines.push(this.rng.pick(FROM_LINES));
    lines.push(this.rng.pick(LINES));
    if (this.rng.chance(0.4)) lines.push(this.rng.pick(LINES));
    lines.push('', fromName ? fromName.split(' ')[0] ?? fromName : 'Thanks');
    return lines.join('\n') + '\n';
  }

  inboundLabels(date: number, extra: string[] = []): string[] {
    const recent = this.now - date < 10 * DAY;
    const base = this.rng.pick([
      ['Inbox', 'Opened', 'Category Personal'],
      ['Inbox', 'Opened', 'Important', 'Category Personal'],
      ['Opened', 'Category Personal'],
      ['Archived', 'Opened', 'Category Personal'],
      ['Inbox', 'Opened', 'Starred', 'Category Personal'],
      ['Inbox', 'Opened'],
    ]);
    const labels = recent && this.rng.chance(0.5) ? ['Inbox', 'Unread', 'Category Personal'] : [...base];
    return [...labels, ...extra];
  }

  outboundLabels(extra: string[] = []): string[] {
    return [...this.rng.pick([['Sent'], ['Sent', 'Opened'], ['Sent', 'Important'], ['Opened', 'Sent']]), ...extra];
  }

  /** One exchange on a single UTC day, so every conversation is exactly one exchange day. */
  converse(p: Person, ago: number, o: ConvOpts): Rec[] {
    const out: Rec[] = [];
    const ownerAddr = o.owner ?? p.owner;
    const them = o.them ?? addrOf(p);
    const toThem = o.toThem ?? them;
    let minute = o.start ?? this.rng.int(8 * 60, 16 * 60);
    let date = this.at(ago, minute);
    const thread = this.threadId(date);
    const refs: string[] = [];
    let side: Side = o.starter;
    for (let i = 0; i < o.turns; i++) {
      if (i > 0) {
        minute += this.rng.int(12, 90);
        date = this.at(ago, Math.min(minute, 23 * 60 + 30));
      }
      const subject = i === 0 ? o.subject : `Re: ${o.subject}`;
      const ownerWrites = side === 'owner';
      const from = ownerWrites ? ownerAddr : them;
      const rec: Rec = {
        date,
        zone: ownerWrites ? this.ownerZone(date) : p.zone,
        from,
        to: [ownerWrites ? toThem : ownerAddr],
        cc: o.cc ? [...o.cc] : [],
        bcc: ownerWrites && o.bcc ? [...o.bcc] : [],
        subject,
        labels: ownerWrites ? this.outboundLabels(o.labels) : this.inboundLabels(date, o.labels),
        thread,
        messageId: this.messageId(from),
        references: refs.slice(-3),
        body: this.body(ownerWrites ? them.name : OWNER_NAME, from.name),
        inbound: !ownerWrites,
        dateStyle: ownerWrites || /@g(oogle)?mail\.com$/i.test(from.email) ? 'gmail' : this.rng.pick(['padded', 'comment', 'noweekday'] as const),
      };
      if (o.attach && i === 0) rec.attachment = o.attach;
      out.push(this.add(rec));
      refs.push(rec.messageId);
      side = ownerWrites ? 'them' : 'owner';
    }
    return out;
  }

  /** A person's rhythm: conversations at the given days-ago, the last one ending as asked. */
  rhythm(
    p: Person,
    agos: number[],
    kind: keyof typeof SUBJECTS,
    lastEndsWith: Side | 'any',
    extra: Partial<ConvOpts> = {},
  ): Rec[] {
    const out: Rec[] = [];
    const newest = Math.min(...agos);
    for (const ago of agos) {
      const turns = this.rng.pick([1, 2, 2, 2, 3]);
      let starter: Side = this.rng.chance(0.5) ? 'owner' : 'them';
      let n = turns;
      if (ago === newest) {
        // Both sides take part in the newest conversation, so the owner has written to
        // everyone with a rhythm: only such people can lapse.
        n = Math.max(2, turns);
        // An odd number of turns ends with whoever started.
        if (lastEndsWith !== 'any') starter = n % 2 === 1 ? lastEndsWith : lastEndsWith === 'owner' ? 'them' : 'owner';
      }
      out.push(...this.converse(p, ago, { starter, turns: n, subject: this.rng.pick(SUBJECTS[kind] ?? []), ...extra }));
    }
    return out;
  }

  /** Days-ago values every `gap ± jitter` days from `last` back to `limit`. */
  series(last: number, gap: number, jitter: number, limit: number, skip = 0): number[] {
    const out = [last];
    let ago = last;
    for (;;) {
      ago += gap + this.rng.int(-jitter, jitter);
      if (ago > limit) return out;
      if (skip > 0 && this.rng.chance(skip)) continue;
      out.push(ago);
    }
  }

  simple(
    from: Addr,
    to: Addr[],
    ago: number,
    subject: string,
    labels: string[],
    extra: Partial<Rec> = {},
  ): Rec {
    const date = this.at(ago, this.rng.int(0, 23 * 60));
    const fromOwner = OWNER_SET.has(canonical(from.email));
    return this.add({
      date,
      zone: fromOwner ? this.ownerZone(date) : this.rng.pick([-480, -300, 0, 60, 120]),
      from,
      to,
      cc: [],
      bcc: [],
      subject,
      labels,
      thread: this.threadId(date),
      messageId: this.messageId(from),
      references: [],
      body: this.body(to[0]?.name ?? '', from.name),
      inbound: !fromOwner,
      dateStyle: fromOwner ? 'gmail' : this.rng.pick(['padded', 'comment', 'noweekday', 'gmt'] as const),
      ...extra,
    });
  }
}

// ---------------------------------------------------------------------------------
// Attachments: tiny but real files, base64 in a multipart/mixed body.

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

function invoicePdf(n: number): Attachment {
  const text =
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n` +
    `2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% Invoice ${n}, Rivera Studio\n` +
    `trailer << /Root 1 0 R >>\n%%EOF\n`;
  return { filename: `invoice-${n}.pdf`, contentType: 'application/pdf', data: Buffer.from(text, 'latin1') };
}

// ---------------------------------------------------------------------------------
// The scenario.

function buildScenario(b: Builder): void {
  const { rng } = b;
  const limit = SPAN_DAYS - 10;

  // Weekly colleagues: one exchange day a week, every week, up to two or three days ago,
  // the last word theirs. Active under any cadence the rules could learn.
  const weekly: Person[] = [];
  for (let i = 0; i < 12; i++) {
    const domain = i < 8 ? 'brightpath.example' : 'oakline.example';
    const init: Partial<Person> = { expected: 'active', owner: i < 8 ? OWNER_ALIAS : OWNER_MAIN };
    if (i === 9) Object.assign(init, { name: "Zoë O'Brien", email: 'zoe.obrien@oakline.example', enc: 'Q' as const, zone: 0 });
    weekly.push(b.person('weekly-colleague', domain, init));
  }
  for (const [i, p] of weekly.entries()) {
    const agos = b.series(rng.int(2, 3), 7, 0, rng.int(150, 400), 0.08);
    for (const ago of agos) {
      const newest = ago === agos[0];
      // Colleagues copy each other on older threads; never on the latest, so the newest
      // exchange of every colleague is their own and unambiguous.
      const mate = weekly[(i + 1) % weekly.length] as Person;
      const copy = !newest && ago > 40 && mate.owner === p.owner ? rng.float() : 1;
      const turns = newest ? 2 : rng.pick([1, 2, 2, 3]);
      const starter: Side = newest ? 'owner' : rng.chance(0.5) ? 'owner' : 'them';
      b.converse(p, ago, {
        starter,
        turns,
        subject: rng.pick(SUBJECTS.work ?? []),
        ...(copy < 0.15 ? { cc: [addrOf(mate)] } : copy < 0.2 ? { bcc: [addrOf(mate)] } : {}),
      });
    }
  }

  // Monthly friends who went quiet six to ten months ago.
  const quiet: Person[] = [];
  for (let i = 0; i < 16; i++) {
    const init: Partial<Person> = { expected: 'lapsed' };
    if (i === 6) Object.assign(init, { name: '王小明', email: 'xiaoming.wang@gmail.com', zone: 480 });
    const p = b.person('monthly-friend-quiet', 'gmail.com', init);
    quiet.push(p);
    b.rhythm(p, b.series(rng.int(190, 300), 30, 3, rng.int(900, 1000)), 'friend', 'any');
  }

  // Quarterly contacts, some in touch a month ago and some long overdue.
  for (let i = 0; i < 8; i++) {
    const init: Partial<Person> = { expected: 'active' };
    if (i === 2) Object.assign(init, { name: 'José Müller', email: 'jose.mueller@gmail.com', zone: 60 });
    const p = b.person('quarterly-on-time', rng.pick(['gmail.com', 'tidewater.example', 'northforge.example']), init);
    b.rhythm(p, b.series(rng.int(20, 40), 91, 6, limit), 'catchup', 'them');
  }
  const lateQuarterly: Person[] = [];
  for (let i = 0; i < 8; i++) {
    const p = b.person('quarterly-late', rng.pick(['gmail.com', 'saltmarsh.example', 'everfield.example']), { expected: 'lapsed' });
    lateQuarterly.push(p);
    b.rhythm(p, b.series(rng.int(240, 330), 91, 6, limit), 'catchup', 'any');
  }

  // Yearly contacts: a once-a-year exchange. Recent ones are active whether or not a
  // cadence is learned; the ones silent for well over a year are lapsed either way.
  for (let i = 0; i < 4; i++) {
    const p = b.person('yearly-recent', 'gmail.com', { expected: 'active' });
    b.rhythm(p, b.series(rng.int(20, 40), 365, 5, limit), 'catchup', 'them');
  }
  for (let i = 0; i < 4; i++) {
    const p = b.person('yearly-overdue', 'gmail.com', { expected: 'lapsed' });
    b.rhythm(p, b.series(rng.int(450, 500), 365, 5, limit), 'catchup', 'any');
  }
  // Between the learned yearly cadence and the 90-day default: which state they land
  // in depends on tuning, so no expectation is written down for them.
  for (let i = 0; i < 3; i++) {
    const p = b.person('yearly-midway', 'gmail.com');
    b.rhythm(p, b.series(rng.int(150, 250), 365, 5, limit), 'catchup', 'them');
  }

  // Awaiting a reply: a monthly rhythm that ended with their reply about two months ago,
  // then the owner wrote again 17-21 days ago and heard nothing.
  for (let i = 0; i < 4; i++) {
    const p = b.person('awaiting-reply-monthly', rng.pick(['gmail.com', 'quillworks.example']), { expected: 'awaiting-reply' });
    b.rhythm(p, b.series(rng.int(57, 63), 30, 2, rng.int(500, 600)), 'friend', 'them');
    b.converse(p, rng.int(17, 21), { starter: 'owner', turns: 1, subject: 'Following up' });
  }
  // Awaiting a reply: one exchange long ago, then the owner wrote recently.
  for (let i = 0; i < 4; i++) {
    const p = b.person('awaiting-reply-sparse', 'gmail.com', { expected: 'awaiting-reply' });
    b.converse(p, rng.int(380, 460), { starter: 'owner', turns: 2, subject: rng.pick(SUBJECTS.catchup ?? []) });
    b.converse(p, rng.int(25, 35), { starter: 'owner', turns: 1, subject: 'Coffee soon?' });
  }
  // Awaiting a reply: written to once, never answered.
  for (let i = 0; i < 2; i++) {
    const p = b.person('awaiting-reply-unanswered', rng.pick(['gmail.com', 'bluepine.example']), { expected: 'awaiting-reply' });
    b.converse(p, rng.int(20, 30), { starter: 'owner', turns: 1, subject: 'Introduction via Maya' });
  }

  // Family: frequent and irregular, the last message a day ago.
  const family: Person[] = [];
  for (let i = 0; i < 5; i++) {
    const p = b.person('family', 'gmail.com', { expected: 'active', zone: rng.pick([-300, -240, 0]) });
    family.push(p);
    const agos = [1];
    for (let ago = 1; ; ) {
      ago += 5 + Math.floor(-Math.log(1 - rng.float()) * 20);
      if (ago > limit) break;
      agos.push(ago);
    }
    // Years ago the owner still sent from the googlemail.com spelling of the address.
    for (const ago of agos) {
      const owner = ago > 1400 && rng.chance(0.25) ? OWNER_GOOGLEMAIL : OWNER_MAIN;
      const newest = ago === 1;
      b.converse(p, ago, {
        starter: newest ? 'owner' : rng.chance(0.5) ? 'owner' : 'them',
        turns: newest ? 2 : rng.pick([1, 2, 3]),
        subject: rng.pick(SUBJECTS.family ?? []),
        owner,
        labels: ['Family'],
      });
    }
  }

  // Friends with no particular rhythm: no expectation.
  const friends: Person[] = [];
  for (let i = 0; i < 10; i++) {
    const p = b.person('friend-irregular', rng.pick(['gmail.com', 'gmail.com', 'mailbox.example']));
    friends.push(p);
    const agos: number[] = [];
    for (let ago = rng.int(5, 400); ago < limit; ago += rng.int(30, 120)) agos.push(ago);
    b.rhythm(p, agos, 'friend', 'any');
  }

  // Clients on the studio alias: project bursts, attachments, a label with a comma in it.
  const clientDomains = ['harborline.example', 'quillworks.example', 'tidewater.example', 'northforge.example', 'bluepine.example', 'cinderhouse.example'];
  let invoice = 1040;
  for (let i = 0; i < 18; i++) {
    const init: Partial<Person> = { owner: OWNER_ALIAS };
    if (i === 0) Object.assign(init, { name: 'Doe, Jane', email: 'jane.doe@harborline.example' });
    const p = b.person('client', rng.pick(clientDomains), init);
    const bursts = rng.int(1, 3);
    for (let k = 0; k < bursts; k++) {
      let ago = rng.int(60, limit - 60);
      for (let c = rng.int(3, 8); c > 0 && ago > 5; c--, ago -= rng.int(2, 8)) {
        const year = new Date(b.at(ago, 0)).getUTCFullYear();
        const labels = [year === 2024 ? 'Clients, 2024' : 'Clients'];
        const extra: Partial<ConvOpts> = { labels };
        // The owner keeps a copy in the main mailbox; the owner's own address is never a contact.
        if (rng.chance(0.2)) extra.bcc = [OWNER_MAIN];
        if (c === 1 && rng.chance(0.5)) extra.attach = invoicePdf(invoice++);
        b.converse(p, ago, { starter: extra.attach || rng.chance(0.6) ? 'owner' : 'them', turns: rng.pick([1, 2, 3]), subject: rng.pick(SUBJECTS.client ?? []), ...extra });
      }
    }
  }

  // A book club: monthly messages to all four, answered individually.
  const club: Person[] = [];
  for (let i = 0; i < 4; i++) club.push(b.person('book-club', 'gmail.com', { expected: 'active' }));
  const meetings = b.series(12, 30, 2, 430);
  for (const ago of meetings) {
    const date = b.at(ago, 14 * 60);
    const thread = b.threadId(date);
    const subject = `Book club: ${rng.pick(['March', 'next', 'this month\'s', 'the'])} pick`;
    const invite = b.add({
      date,
      zone: b.ownerZone(date),
      from: OWNER_MAIN,
      to: club.map((p) => addrOf(p)),
      cc: [],
      bcc: [],
      // One invitation uses RFC 5322 group syntax, as some address books write it.
      ...(ago === meetings[3] ? { toGroup: 'Book Club' } : {}),
      subject,
      labels: b.outboundLabels(),
      thread,
      messageId: b.messageId(OWNER_MAIN),
      references: [],
      body: 'Hi all,\n\nSame time, same place? I will bring snacks.\n\nAlex\n',
      inbound: false,
      dateStyle: 'gmail',
    });
    for (const [k, p] of club.entries()) {
      if (ago !== 12 && rng.chance(0.3)) continue;
      const rdate = b.at(ago, 15 * 60 + k * 20 + rng.int(0, 15));
      b.add({
        date: rdate,
        zone: p.zone,
        from: addrOf(p),
        to: [OWNER_MAIN],
        cc: [],
        bcc: [],
        subject: `Re: ${subject}`,
        labels: b.inboundLabels(rdate),
        thread,
        messageId: b.messageId(addrOf(p)),
        references: [invite.messageId],
        body: b.body(OWNER_NAME, p.name),
        inbound: true,
        dateStyle: 'gmail',
      });
    }
  }

  // A person whose display name changes over the years; the owner's last reply uses the
  // bare address, and an empty name must not erase the latest real one.
  const kate = b.person('name-change', 'fernhill.example', {
    name: 'Kate Lee-Morgan',
    email: 'katherine.lee@fernhill.example',
    expected: 'active',
    zone: -420,
  });
  const kateAgos = b.series(6, 28, 3, 1200);
  for (const ago of kateAgos) {
    const name = ago > 900 ? 'Katherine Lee' : ago > 300 ? 'Kate Lee' : 'Kate Lee-Morgan';
    const newest = ago === kateAgos[0];
    b.converse(kate, ago, {
      starter: newest ? 'them' : rng.chance(0.5) ? 'owner' : 'them',
      turns: newest ? 2 : rng.pick([1, 2]),
      subject: rng.pick(SUBJECTS.friend ?? []),
      them: addrOf(kate, kate.email, name),
      toThem: newest ? { name: '', email: kate.email } : addrOf(kate, kate.email, name),
    });
  }

  // One person, two Gmail spellings: First.Last@gmail.com and firstlast@googlemail.com.
  const sam = b.person('gmail-equivalent', 'gmail.com', {
    name: 'Sam Okafor',
    email: 'Sam.Okafor@gmail.com',
    alt: 'samokafor@googlemail.com',
    expected: 'active',
    zone: 60,
  });
  const samAgos = b.series(4, 30, 3, 900);
  for (const ago of samAgos) {
    const newest = ago === samAgos[0];
    const alt = addrOf(sam, sam.alt);
    b.converse(sam, ago, {
      starter: newest ? 'owner' : rng.chance(0.5) ? 'owner' : 'them',
      turns: 2,
      subject: rng.pick(SUBJECTS.friend ?? []),
      ...(ago > 450 ? { them: alt } : rng.chance(0.3) ? { toThem: alt } : {}),
    });
  }

  // One-off inbound: wrote once, never answered. Includes a name built to be a
  // spreadsheet formula and a subject built to be markup.
  const oneOffs: Person[] = [];
  for (let i = 0; i < 15; i++) {
    const init: Partial<Person> = {};
    if (i === 0) Object.assign(init, { name: '=HYPERLINK("http://evil")', email: 'mallory.quinn@mailbox.example' });
    if (i === 5) init.owner = OWNER_ALIAS;
    const p = b.person('one-off-inbound', rng.pick(['gmail.com', 'mailbox.example', 'cinderhouse.example']), init);
    oneOffs.push(p);
    const subject =
      i === 1
        ? '<script>alert("hi")</script> Question about your portfolio'
        : rng.pick(['Loved your talk', 'Question about your portfolio', 'Freelance availability?', 'Old classmate here', 'Podcast invitation']);
    b.converse(p, rng.int(30, limit), { starter: 'them', turns: 1, subject });
  }

  // A typo the owner made once: the address bounced, but the owner did write to it.
  const typo = b.person('bounced-typo', 'gmail.com', { name: '', email: 'danielle.fostr@gmail.com', expected: 'lapsed', zone: -300 });
  const typoAgo = 500;
  const [typoRec] = b.converse(typo, typoAgo, { starter: 'owner', turns: 1, subject: 'Lunch on Friday', start: 12 * 60 });
  const daemon = b.noiseAddr('Mail Delivery Subsystem', 'mailer-daemon@googlemail.com');
  b.add({
    date: (typoRec as Rec).date + 2 * MINUTE,
    zone: 0,
    from: daemon,
    to: [OWNER_MAIN],
    cc: [],
    bcc: [],
    subject: 'Delivery Status Notification (Failure)',
    labels: ['Inbox', 'Opened'],
    thread: (typoRec as Rec).thread,
    messageId: b.messageId(daemon),
    references: [(typoRec as Rec).messageId],
    autoSubmitted: 'auto-replied',
    body: "Address not found\n\nYour message wasn't delivered to danielle.fostr@gmail.com because the address couldn't be found.\n",
    inbound: true,
    dateStyle: 'padded',
  });

  // Vacation replies from colleagues: real people, automated messages.
  for (const p of weekly.slice(0, 3)) {
    const ago = rng.int(120, 300);
    const [sent] = b.converse(p, ago, { starter: 'owner', turns: 1, subject: 'Quick review before Friday?' });
    b.add({
      date: (sent as Rec).date + 60_000,
      zone: p.zone,
      from: addrOf(p),
      to: [p.owner],
      cc: [],
      bcc: [],
      subject: 'Automatic reply: Quick review before Friday?',
      labels: b.inboundLabels((sent as Rec).date),
      thread: (sent as Rec).thread,
      messageId: b.messageId(addrOf(p)),
      references: [(sent as Rec).messageId],
      autoSubmitted: 'auto-replied',
      body: 'I am out of the office until Monday with limited access to email.\n',
      inbound: true,
      dateStyle: 'padded',
    });
  }

  // A received message that says outright it is not automated still counts.
  {
    const p = weekly[4] as Person;
    const [rec] = b.converse(p, 200, { starter: 'them', turns: 1, subject: 'Timesheet reminder' });
    (rec as Rec).autoSubmitted = 'no';
  }

  // Excluded messages that would revive a lapsed friend if they were counted.
  const lureSubject = 'Hey, it has been a while';
  {
    const [f0, f1, f2, f3, f4, f5, f6] = quiet as [Person, Person, Person, Person, Person, Person, Person];
    b.simple(addrOf(f0), [OWNER_MAIN], 50, lureSubject, ['Trash', 'Opened'], { zone: f0.zone });
    b.simple(addrOf(f1), [OWNER_MAIN], 40, 'You have won a gift card', ['Spam', 'Unread'], { zone: f1.zone });
    b.simple(OWNER_MAIN, [addrOf(f2)], 10, lureSubject, ['Drafts']);
    for (let k = 0; k < 6; k++) {
      const fromOwner = k % 2 === 0;
      b.simple(fromOwner ? OWNER_MAIN : addrOf(f3), [fromOwner ? addrOf(f3) : OWNER_MAIN], 15, `Chat with ${fromOwner ? f3.name : OWNER_NAME}`, ['Chat', 'Opened'], { body: fromOwner ? 'you around?\n' : 'yes! call in 5\n' });
    }
    b.simple(addrOf(f4), [OWNER_MAIN], 20, `${f4.name.split(' ')[0]}'s pottery shop: autumn sale`, ['Inbox', 'Category Promotions'], {
      listUnsubscribe: `<mailto:unsubscribe@shopmail.example?subject=${rng.hex(12)}>`,
    });
    b.simple(OWNER_MAIN, [addrOf(f5)], 30, lureSubject, ['Sent', 'Trash']);
    b.simple(addrOf(f6), [OWNER_MAIN], 25, 'Our band plays Friday!', ['Inbox', 'Opened', 'Category Personal'], { precedence: 'bulk' });
  }
  // A late quarterly contact's calendar invitation arrives via Google's notifier, which is
  // not them writing.
  const calendar = b.noiseAddr('Google Calendar', 'calendar-notification@google.com');
  for (let k = 0; k < 30; k++) {
    const who = k === 0 ? (lateQuarterly[0] as Person) : rng.pick(weekly);
    b.simple(calendar, [OWNER_MAIN], k === 0 ? 45 : rng.int(3, 700), `Invitation: ${rng.pick(SUBJECTS.work ?? [])} @ ${rng.pick(['Mon', 'Tue', 'Wed', 'Thu'])} 10am - 10:30am (${who.name})`, ['Inbox', 'Opened', 'Category Updates'], {
      body: `${who.name} has invited you to this event.\n\nJoining: https://meet.example/${rng.alnum(10)}\n`,
      dateStyle: 'gmt',
    });
  }

  // Two messages whose Date header is missing; the From line carries the date.
  {
    const colleagueMsg = b.recs.find((r) => canonical(r.from.email) === canonical((weekly[1] as Person).email) && r.date < b.now - 60 * DAY && r.cc.length === 0 && r.autoSubmitted === undefined);
    const p = lateQuarterly[1] as Person;
    const sentMsg = b.recs.find((r) => r.to.some((a) => a.email === p.email) && OWNER_SET.has(canonical(r.from.email)) && r.date < b.now - 400 * DAY);
    if (!colleagueMsg || !sentMsg) throw new Error('generate-sample: no candidates for Date-less messages');
    colleagueMsg.noDate = true;
    sentMsg.noDate = true;
  }

  // Body lines that mboxrd must escape, on top of the random ones.
  {
    const p = friends[0] as Person;
    const [rec] = b.converse(p, 70, { starter: 'them', turns: 1, subject: 'Old mail archive' });
    (rec as Rec).body =
      'Hi Alex,\n\nFound this in my old mbox:\n\n>From the archive: the 2019 trip photos\nFrom the top, then:\n' +
      'From: someone forwarded (not a separator)\n\nTara\n';
  }
  // A photo from a friend, as a multipart message with a base64 image.
  for (const p of friends.slice(1, 4)) {
    b.converse(p, rng.int(100, 800), { starter: 'them', turns: 1, subject: 'Photo from the weekend', attach: { filename: 'IMG_2041.png', contentType: 'image/png', data: PNG_1X1 } });
  }

  // A street-party announcement to the whole street, and a reply-all to it: both far
  // past 20 recipients, so nobody on them gains an exchange.
  {
    const neighbours: Addr[] = [];
    for (let i = 0; i < 24; i++) {
      const n = b.stranger((f, l) => `${f}.${l}${i}@gmail.com`);
      neighbours.push(b.noiseAddr(n.name, n.email, true));
    }
    const also = [...weekly.slice(8, 10), ...family.slice(0, 2)].map((p) => addrOf(p));
    const date = b.at(400, 17 * 60);
    const thread = b.threadId(date);
    const announce = b.add({
      date,
      zone: b.ownerZone(date),
      from: OWNER_MAIN,
      to: neighbours.slice(1),
      cc: also,
      bcc: [],
      subject: 'Street party on Saturday!',
      labels: ['Sent'],
      thread,
      messageId: b.messageId(OWNER_MAIN),
      references: [],
      body: 'Hi neighbours,\n\nThe street party is on Saturday from 3pm. Bring a dish!\n\nAlex (no. 14)\n',
      inbound: false,
      dateStyle: 'gmail',
    });
    const replier = neighbours[0] as Addr;
    b.add({
      date: date + 45 * MINUTE,
      zone: -300,
      from: replier,
      to: [OWNER_MAIN, ...neighbours.slice(1)],
      cc: also,
      bcc: [],
      subject: 'Re: Street party on Saturday!',
      labels: ['Inbox', 'Opened', 'Category Personal'],
      thread,
      messageId: b.messageId(replier),
      references: [announce.messageId],
      body: 'Count us in, we will bring lemonade.\n',
      inbound: true,
      dateStyle: 'gmail',
    });
  }

  buildNoise(b, weekly);
}

function buildNoise(b: Builder, weekly: Person[]): void {
  const { rng } = b;
  const limit = SPAN_DAYS - 10;

  // Newsletters: each marked a different way, so every marker is tested on its own.
  const newsletters: Array<{ from: Addr; every: number; until: number; labels: string[]; unsub: boolean; precedence?: string; subject: string }> = [
    { from: b.noiseAddr('The Design Digest', 'news@weekly-digest.example'), every: 14, until: 1100, labels: ['Inbox', 'Category Updates'], unsub: true, precedence: 'bulk', subject: 'Two weeks in design' },
    { from: b.noiseAddr('Design Notes', 'hello@designnotes.example'), every: 14, until: 1100, labels: ['Inbox', 'Opened', 'Category Personal'], unsub: true, subject: 'Design Notes #' },
    { from: b.noiseAddr('Longreads Editor', 'editor@longreads.example'), every: 30, until: limit, labels: ['Inbox', 'Opened'], unsub: false, precedence: 'bulk', subject: 'Your monthly longreads' },
    { from: b.noiseAddr('Shopwise Deals', 'deals@shopwise.example'), every: 10, until: 730, labels: ['Category Promotions', 'Unread'], unsub: true, subject: 'Up to 40% off this week' },
  ];
  for (const n of newsletters) {
    let issue = 1;
    for (let ago = rng.int(1, n.every); ago < n.until; ago += n.every) {
      const extra: Partial<Rec> = { body: `${n.subject} ${issue}\n\nRead online: https://${n.from.email.split('@')[1]}/issues/${issue}\n\nUnsubscribe: https://${n.from.email.split('@')[1]}/u/${rng.hex(10)}\n` };
      if (n.unsub) extra.listUnsubscribe = `<https://${n.from.email.split('@')[1]}/u/${rng.hex(16)}>, <mailto:unsubscribe@${n.from.email.split('@')[1]}>`;
      if (n.precedence) extra.precedence = n.precedence;
      b.simple(n.from, [OWNER_MAIN], ago, `${n.subject}${n.subject.endsWith('#') ? issue : ''}`, [...n.labels], extra);
      issue++;
    }
  }

  // Role senders, some in the Primary tab so the role rule is all that keeps them out.
  const roles: Array<{ from: Addr; count: number; subject: () => string; labels: string[] }> = [
    { from: b.noiseAddr('ProjectHub', 'notifications@projecthub.example'), count: 80, subject: () => `[brightpath/web] ${rng.pick(['New comment on', 'Review requested for', 'Merged:'])} #${rng.int(100, 999)}`, labels: ['Inbox', 'Opened', 'Category Personal'] },
    { from: b.noiseAddr('Accounts', 'noreply@accounts.example'), count: 30, subject: () => 'Security alert: new sign-in', labels: ['Inbox', 'Opened', 'Category Updates'] },
    { from: b.noiseAddr('TravelBook', 'no-reply@travelbook.example'), count: 20, subject: () => `Your trip to ${rng.pick(['Lisbon', 'Oslo', 'Kyoto', 'Austin'])} is confirmed`, labels: ['Inbox', 'Opened', 'Category Personal'] },
    { from: b.noiseAddr('City Bank', 'donotreply@citybank.example'), count: 48, subject: () => 'Your statement is ready', labels: ['Inbox', 'Opened', 'Category Updates'] },
  ];
  for (const r of roles) {
    for (let i = 0; i < r.count; i++) b.simple(r.from, [OWNER_MAIN], rng.int(1, limit), r.subject(), [...r.labels]);
  }

  // A client server's postmaster bounce.
  const postmaster = b.noiseAddr('', 'postmaster@oakline.example');
  b.simple(postmaster, [OWNER_MAIN], 610, 'Undeliverable: Re: Sprint review notes', ['Inbox', 'Opened'], {
    body: 'Delivery has failed to these recipients or groups:\n\nold.account@oakline.example\n',
  });

  // A mailing list whose posters are real people the owner never corresponds with.
  const list = b.noiseAddr('Design Systems', 'design-systems@lists.example');
  const listId = 'Design Systems <design-systems.lists.example>';
  const posters: Addr[] = [];
  for (let i = 0; i < 8; i++) {
    const domain = rng.pick(['gmail.com', 'mailbox.example', 'studio-k.example']);
    const n = b.stranger((f, l) => `${f}.${l}@${domain}`);
    posters.push(b.noiseAddr(n.name, n.email));
  }
  for (let t = 0; t < 45; t++) {
    const ago = rng.int(5, 730);
    let date = b.at(ago, rng.int(6 * 60, 12 * 60));
    const thread = b.threadId(date);
    const subject = rng.pick(['Token naming conventions', 'Versioning a component library', 'Figma vs code as source of truth', 'Spacing scales', 'Docs site tooling']);
    const refs: string[] = [];
    for (let k = rng.int(1, 4); k > 0; k--) {
      const from = rng.pick(posters);
      const rec = b.add({
        date,
        zone: -300,
        from,
        to: [list],
        cc: [],
        bcc: [],
        subject: `${refs.length ? 'Re: ' : ''}[design-systems] ${subject}`,
        labels: rng.chance(0.5) ? ['Inbox', 'Opened', 'Category Forums'] : ['Inbox', 'Opened'],
        thread,
        messageId: b.messageId(from),
        references: refs.slice(-3),
        listId,
        listUnsubscribe: '<mailto:design-systems+unsubscribe@lists.example>',
        ...(rng.chance(0.5) ? { precedence: 'list' } : {}),
        body: b.body('all', from.name),
        inbound: true,
        dateStyle: 'comment',
      });
      refs.push(rec.messageId);
      date += rng.int(30, 300) * MINUTE;
      if (date >= b.now) break;
    }
  }
  // The owner's own post to the list, as the list delivers it back: sent, yet never an exchange.
  {
    const date = b.at(300, 15 * 60);
    const thread = b.threadId(date);
    const post = b.add({
      date,
      zone: b.ownerZone(date),
      from: OWNER_MAIN,
      to: [list],
      cc: [],
      bcc: [],
      subject: '[design-systems] How do you document motion?',
      labels: ['Sent', 'Inbox', 'Category Forums'],
      thread,
      messageId: b.messageId(OWNER_MAIN),
      references: [],
      listId,
      listUnsubscribe: '<mailto:design-systems+unsubscribe@lists.example>',
      precedence: 'list',
      body: 'Hi all,\n\nCurious how teams document motion specs. Tables? Videos?\n\nAlex\n',
      inbound: false,
      dateStyle: 'gmail',
    });
    // Out-of-office replies from subscribers: real-looking addresses, automated.
    for (let i = 0; i < 2; i++) {
      const n = b.stranger((f, l) => `${f[0]}.${l}@hollowtree.example`);
      const from = b.noiseAddr(n.name, n.email);
      b.add({
        date: date + (10 + i * 7) * MINUTE,
        zone: 60,
        from,
        to: [OWNER_MAIN],
        cc: [],
        bcc: [],
        subject: 'Out of office: [design-systems] How do you document motion?',
        labels: ['Inbox', 'Opened', 'Category Personal'],
        thread,
        messageId: b.messageId(from),
        references: [post.messageId],
        autoSubmitted: 'auto-replied',
        body: 'I am on leave until the 14th and will reply when I am back.\n',
        inbound: true,
        dateStyle: 'padded',
      });
    }
  }

  // Gmail categories from real-looking people who are otherwise strangers.
  const categories: Array<[string, string, string, string]> = [
    ['Category Promotions', 'Lena Park', 'lena.park@shopwise.example', 'A little something for you'],
    ['Category Social', 'Marcus Bell', 'marcus.bell@linkup.example', 'Marcus Bell wants to connect'],
    ['Category Updates', 'Olivia Grant', 'olivia.grant@billing.example', 'Your subscription renews soon'],
    ['Category Forums', 'Pete Ramirez', 'pete.ramirez@makersforum.example', 'New reply in "Laser cutter settings"'],
  ];
  for (const [label, name, email, subject] of categories) {
    const from = b.noiseAddr(name, email);
    for (let i = 0; i < 12; i++) b.simple(from, [OWNER_MAIN], rng.int(3, limit), subject, ['Inbox', 'Opened', label]);
  }

  // Spam, including from names that look like people.
  const spammers: Addr[] = [];
  for (let i = 0; i < 12; i++) {
    spammers.push(
      b.noiseAddr(
        rng.pick(['Prize Department', 'Dr. Helen Marsh', 'Crypto Desk', 'Account Security', 'Jenny']),
        `${rng.pick(['winner', 'helen.m', 'invest', 'secure', 'jenny'])}${i}@${rng.pick(['prize-center.example', 'quickcash.example', 'mail-secure.example'])}`,
      ),
    );
  }
  for (let i = 0; i < 40; i++) {
    b.simple(spammers[i % spammers.length] as Addr, [OWNER_MAIN], rng.int(1, limit), rng.pick(['You have been selected!!!', 'Urgent: verify your account', 'Re: your invoice', 'Hi dear']), ['Spam', rng.pick(['Unread', 'Opened'])]);
  }

  // Trash from someone otherwise absent.
  const old = b.noiseAddr('Greg Old', 'greg.old@mailbox.example');
  for (let i = 0; i < 3; i++) b.simple(old, [OWNER_MAIN], rng.int(100, 900), 'Fwd: fwd: funny', ['Trash', 'Opened']);

  // Drafts that were never sent, one to a stranger and one with no recipient at all.
  const hiring = b.noiseAddr('Northstar Hiring', 'hiring@northstar.example');
  b.simple(OWNER_ALIAS, [hiring], 45, 'Application: Senior Product Designer', ['Drafts']);
  b.simple(OWNER_MAIN, [hiring], 44, 'Application: Senior Product Designer', ['Draft']);
  b.simple(OWNER_MAIN, [], 3, 'notes to self', ['Drafts']);
  b.simple(OWNER_ALIAS, [addrOf(weekly[0] as Person)], 1, 'Re: Sprint review notes', ['Drafts']);

  // Chats with someone the owner never emails.
  const theo = b.noiseAddr('Theo Nguyen', 'theo.nguyen@gmail.com');
  for (let i = 0; i < 24; i++) {
    const fromOwner = i % 2 === 0;
    b.simple(fromOwner ? OWNER_MAIN : theo, [fromOwner ? theo : OWNER_MAIN], 300 + Math.floor(i / 2) * 20, `Chat with ${fromOwner ? theo.name : OWNER_NAME}`, ['Chat'], { body: rng.pick(['ha!\n', 'ok see you there\n', 'running late\n']) });
  }
}

// ---------------------------------------------------------------------------------
// Truth: the rules applied to the records.

interface Tally {
  email: string;
  name: string;
  nameDate: number;
  lastSent: number | null;
  lastReceived: number | null;
  sentCount: number;
  receivedCount: number;
  days: Set<number>;
  /** Spelling as written → [latest date in any counted header, latest date in their own From]. */
  spellings: Map<string, [number, number]>;
}

function automated(rec: Rec): boolean {
  if (rec.listUnsubscribe !== undefined) return true;
  if (rec.precedence !== undefined && /^(bulk|list|junk)$/i.test(rec.precedence.trim())) return true;
  if (rec.autoSubmitted !== undefined && rec.autoSubmitted.trim().toLowerCase() !== 'no') return true;
  const local = rec.from.email.slice(0, rec.from.email.lastIndexOf('@')).toLowerCase();
  return ROLE_LOCALS.has(local);
}

function tallyRecords(recs: Rec[]): { tallies: Map<string, Tally>; weak: Set<string>; seen: Set<string> } {
  const tallies = new Map<string, Tally>();
  const weak = new Set<string>();
  const seen = new Set<string>();
  const touch = (a: Addr, date: number, dir: 'sent' | 'received'): void => {
    const key = canonical(a.email);
    let t = tallies.get(key);
    if (!t) {
      t = { email: key, name: '', nameDate: -Infinity, lastSent: null, lastReceived: null, sentCount: 0, receivedCount: 0, days: new Set(), spellings: new Map() };
      tallies.set(key, t);
    }
    const seenAs = t.spellings.get(a.email) ?? [-Infinity, -Infinity];
    t.spellings.set(a.email, [Math.max(seenAs[0], date), dir === 'received' ? Math.max(seenAs[1], date) : seenAs[1]]);
    if (a.name && date > t.nameDate) {
      t.name = a.name;
      t.nameDate = date;
    }
    if (dir === 'sent') {
      t.sentCount++;
      t.lastSent = Math.max(t.lastSent ?? -Infinity, date);
    } else {
      t.receivedCount++;
      t.lastReceived = Math.max(t.lastReceived ?? -Infinity, date);
    }
    t.days.add(Math.floor(date / DAY));
  };
  for (const rec of recs) {
    const recipients = [...rec.to, ...rec.cc, ...rec.bcc];
    for (const a of [rec.from, ...recipients]) seen.add(canonical(a.email));
    const labels = rec.labels.map(labelKey);
    if (labels.some((l) => NEVER_COUNTED.has(l))) continue;
    if (rec.listId !== undefined) continue;
    const large = recipients.length > LARGE_RECIPIENTS;
    if (OWNER_SET.has(canonical(rec.from.email))) {
      for (const a of recipients) {
        if (OWNER_SET.has(canonical(a.email))) continue;
        if (large) weak.add(canonical(a.email));
        else touch(a, rec.date, 'sent');
      }
      continue;
    }
    if (labels.some((l) => NOT_RECEIVED.has(l)) || automated(rec)) continue;
    if (large) weak.add(canonical(rec.from.email));
    else touch(rec.from, rec.date, 'received');
  }
  return { tallies, weak, seen };
}

/**
 * The state under the default settings, and whether it stays the same if the learned
 * cadence is somewhat shorter or longer than 1.5 x the median gap, if the cadence is
 * not learned at all, and with room to spare before any boundary. An expectation that
 * hinges on tuning would make the golden test fail for the wrong reason.
 */
function clearState(t: Tally, now: number): SampleState | null {
  const days = [...t.days].sort((x, y) => x - y).slice(-48);
  const cadences: number[] = [];
  if (days.length >= 4) {
    const gaps = days.slice(1).map((d, i) => d - (days[i] as number)).sort((x, y) => x - y);
    const mid = gaps.length >> 1;
    const median = gaps.length % 2 ? (gaps[mid] as number) : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
    for (const f of [1.2, 1.5, 1.8]) cadences.push(Math.min(365, Math.max(7, f * median)));
  }
  if (days.length < 8) cadences.push(90);
  const last = Math.max(t.lastSent ?? -Infinity, t.lastReceived ?? -Infinity);
  const since = (now - last) / DAY;
  const ownerLast = t.lastSent !== null && (t.lastReceived === null || t.lastSent > t.lastReceived);
  const canLapse = t.sentCount > 0;
  const states = new Set<SampleState>();
  for (const c of cadences) {
    if (canLapse && since > c * 1.15) states.add('lapsed');
    else if (canLapse && since > c * 0.85) return null;
    else if (ownerLast && since > 16 && since < c * 0.8) states.add('awaiting-reply');
    else if (ownerLast && since >= 12) return null;
    else if (since < c * 0.5) states.add('active');
    else return null;
  }
  return states.size === 1 ? ([...states][0] as SampleState) : null;
}

/** Their own latest From spelling; for someone who never wrote, the latest spelling in any header; ties by text. */
function chooseShownSpelling(spellings: ReadonlyMap<string, [number, number]>): string {
  const ranked = [...spellings].sort(([x, [lx, fx]], [y, [ly, fy]]) => fy - fx || ly - lx || (x < y ? -1 : x > y ? 1 : 0));
  return ranked[0]![0];
}

function fail(message: string): never {
  throw new Error(message);
}

function computeTruth(b: Builder, seed: number, nowIso: string): SampleTruth {
  const { tallies, weak, seen } = tallyRecords(b.recs);
  const contacts: SampleContact[] = [];
  for (const p of b.persons) {
    const key = canonical(p.email);
    const t = tallies.get(key);
    if (!t) throw new Error(`generate-sample: persona ${p.persona} ${p.email} never became a contact`);
    const c: SampleContact = {
      email: key,
      name: t.name,
      persona: p.persona,
      lastSent: t.lastSent === null ? null : isoSecond(t.lastSent),
      lastReceived: t.lastReceived === null ? null : isoSecond(t.lastReceived),
      sentCount: t.sentCount,
      receivedCount: t.receivedCount,
      addresses: [...t.spellings.keys()].sort(),
      shownAddress: chooseShownSpelling(t.spellings),
      relationship: RELATIONSHIPS[p.persona] ?? fail(`generate-sample: persona ${p.persona} has no relationship kind`),
    };
    if (p.expected) {
      const state = clearState(t, b.now);
      if (state !== p.expected) {
        throw new Error(`generate-sample: ${p.persona} ${p.email} meant to be ${p.expected} but is ${state ?? 'borderline'}`);
      }
      c.expectedState = p.expected;
    }
    contacts.push(c);
  }
  const personKeys = new Set(contacts.map((c) => c.email));
  for (const key of tallies.keys()) {
    if (!personKeys.has(key)) throw new Error(`generate-sample: ${key} became a contact without a persona`);
  }
  const weakOnly = [...weak].filter((k) => !tallies.has(k)).sort();
  for (const k of b.intendedWeak) {
    if (!weakOnly.includes(k)) throw new Error(`generate-sample: ${k} meant to be weak-only`);
  }
  const noise = [...seen].filter((k) => !tallies.has(k) && !OWNER_SET.has(k) && !weak.has(k)).sort();
  for (const k of b.intendedNoise) {
    if (!noise.includes(k)) throw new Error(`generate-sample: ${k} meant to be noise`);
  }
  contacts.sort((x, y) => (x.email < y.email ? -1 : x.email > y.email ? 1 : 0));
  return {
    seed,
    now: nowIso,
    owner: [...OWNER_SET].sort(),
    contacts,
    noise,
    messages: b.recs.length,
    weakOnly,
    missingDate: b.recs.filter((r) => r.noDate).length,
  };
}

// ---------------------------------------------------------------------------------
// Rendering to mbox.

function renderMessage(rec: Rec, rng: Rng): string {
  const h: string[] = [];
  h.push(`X-GM-THRID: ${rec.thread}`);
  h.push(labelsHeader(rec.labels));
  if (rec.inbound) {
    const domain = rec.from.email.slice(rec.from.email.indexOf('@') + 1).toLowerCase();
    const to = rec.to[0]?.email ?? OWNER_MAIN.email;
    h.push(`Delivered-To: ${OWNER_SET.has(canonical(to)) ? to.toLowerCase() : OWNER_MAIN.email}`);
    h.push(
      `Received: from mail-${rng.alnum(6).toLowerCase()}.${domain} (mail.${domain}. [192.0.2.${rng.int(1, 254)}])\n` +
        `        by mx.google.com with ESMTPS id ${rng.alnum(20).toLowerCase()}\n` +
        `        for <${OWNER_MAIN.email}>;\n` +
        `        ${rfc5322Date(rec.date, rec.zone, 'comment')}`,
    );
    h.push(`Return-Path: <${rec.from.email}>`);
  }
  h.push('MIME-Version: 1.0');
  if (!rec.noDate) h.push(`Date: ${rfc5322Date(rec.date, rec.zone, rec.dateStyle)}`);
  h.push(`Message-ID: ${rec.messageId}`);
  if (rec.references.length) {
    h.push(`In-Reply-To: ${rec.references[rec.references.length - 1]}`);
    h.push(foldList('References', rec.references));
  }
  h.push(subjectHeader(rec.subject));
  h.push(`From: ${formatAddr(rec.from)}`);
  if (rec.to.length || rec.toGroup !== undefined) h.push(addressHeader('To', rec.to, rec.toGroup));
  if (rec.cc.length) h.push(addressHeader('Cc', rec.cc));
  if (rec.bcc.length) h.push(addressHeader('Bcc', rec.bcc));
  if (rec.listId !== undefined) h.push(`List-Id: ${rec.listId}`);
  if (rec.listUnsubscribe !== undefined) h.push(foldList('List-Unsubscribe', rec.listUnsubscribe.split(' ')));
  if (rec.precedence !== undefined) h.push(`Precedence: ${rec.precedence}`);
  if (rec.autoSubmitted !== undefined) h.push(`Auto-Submitted: ${rec.autoSubmitted}`);

  const ascii = /^[\x00-\x7f]*$/.test(rec.body);
  const textHeaders = `Content-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: ${ascii ? '7bit' : '8bit'}`;
  let body: string;
  if (rec.attachment) {
    const boundary = `000000000000${rng.hex(16)}`;
    const a = rec.attachment;
    h.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
    body =
      `--${boundary}\n${textHeaders}\n\n${rec.body}\n` +
      `--${boundary}\nContent-Type: ${a.contentType}; name="${a.filename}"\n` +
      `Content-Disposition: attachment; filename="${a.filename}"\nContent-Transfer-Encoding: base64\n` +
      `X-Attachment-Id: f_${rng.alnum(9).toLowerCase()}\n\n${base64Lines(a.data)}\n--${boundary}--\n`;
  } else {
    h.push(textHeaders);
    body = rec.body;
  }
  const fromLine = `From ${rec.thread}@xxx ${asctime(rec.date)}`;
  return `${fromLine}\n${h.join('\n')}\n\n${escapeBody(body)}\n`;
}

/** Takeout writes a thread's messages together, threads in no particular order. */
function renderMbox(recs: Rec[], rng: Rng): string {
  const byThread = new Map<string, Rec[]>();
  for (const rec of recs) {
    const list = byThread.get(rec.thread);
    if (list) list.push(rec);
    else byThread.set(rec.thread, [rec]);
  }
  const threads = rng.shuffle([...byThread.values()]);
  const parts: string[] = [];
  for (const thread of threads) {
    thread.sort((x, y) => x.date - y.date);
    for (const rec of thread) parts.push(renderMessage(rec, rng));
  }
  return parts.join('');
}

// ---------------------------------------------------------------------------------
// Public API.

export function generateSample(options: SampleOptions = {}): { mbox: string; truth: SampleTruth } {
  const seed = options.seed ?? DEFAULT_SEED;
  const nowIso = options.now ?? DEFAULT_NOW;
  const now = Date.parse(nowIso);
  if (!Number.isFinite(now)) throw new Error(`generate-sample: bad now ${nowIso}`);
  const b = new Builder(new Rng(seed), now);
  buildScenario(b);
  const truth = computeTruth(b, seed, nowIso);
  // Rendering draws from its own stream so ids and boundaries never shift the scenario.
  const mbox = renderMbox(b.recs, new Rng(seed ^ 0x5eed));
  return { mbox, truth };
}

export async function writeSample(dir: string, options: SampleOptions = {}): Promise<SampleFiles> {
  const { mbox, truth } = generateSample(options);
  await fs.mkdir(dir, { recursive: true });
  const mboxPath = path.join(dir, 'sample.mbox');
  const truthPath = path.join(dir, 'sample.truth.json');
  await fs.writeFile(mboxPath, mbox, 'utf8');
  await fs.writeFile(truthPath, `${JSON.stringify(truth, null, 2)}\n`, 'utf8');
  // Issue 14: a calendar, contacts and a second mbox beside it, with their own truth.
  const friend = truth.contacts.find((c) => c.expectedState === 'lapsed') ?? null;
  const people = await writePeopleSample(dir, { now: truth.now, owner: truth.owner, lapsedFriend: friend && { email: friend.email, name: friend.name } });
  return { mboxPath, truthPath, ...people };
}

if (require.main === module) {
  // Resolved from this file, so `npm run sample` lands in the repo's samples/ from lib/ or src/.
  const dir = process.argv[2] ?? path.resolve(__dirname, '..', '..', 'samples');
  writeSample(dir).then(
    ({ mboxPath, truthPath }) => {
      process.stdout.write(`${mboxPath}\n${truthPath}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`generate-sample: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
