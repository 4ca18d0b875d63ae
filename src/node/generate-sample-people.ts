/**
 * The sample's calendar, contacts and second mbox (issue 14): a Google Takeout
 * Calendar .ics, a Contacts .vcf, and a second mbox (Takeout splits large
 * mailboxes), written beside the main sample with their own truth file.
 *
 * As in generate-sample.ts, the truth comes from this file's own records and
 * the rules as the issue states them, never from src/core: each meeting below
 * says in so many words whom it counts for.
 *
 * Cases covered: declined, cancelled, future, all-day and large meetings; a
 * weekly series with an EXDATE, a moved instance and a cancelled instance;
 * three time zones with VTIMEZONE blocks; folded lines; a room; an organizer
 * who is not listed; a person with two addresses whose second carries the
 * latest mail; two people sharing a display name; group cadences.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface PeopleSampleContact {
  /** The person's key: the canonical form of the address most recently used. */
  email: string;
  /** For a card, its addresses as written; otherwise the canonical address. */
  emails: string[];
  name: string;
  groups: string[];
  sentCount: number;
  receivedCount: number;
  lastSent: string | null;
  lastReceived: string | null;
  lastMet: string | null;
  meetingCount: number;
  lastContactKind: 'sent' | 'received' | 'met';
  /** Present when the cadence is the group's or clear-cut default. */
  cadenceDays?: number | null;
  cadenceSource?: 'group' | 'default';
  expectedState?: 'active' | 'lapsed';
  /** The main sample's contact this adds meetings to (its mail is in sample.mbox). */
  fromMainSample?: boolean;
}

export interface PeopleSampleTruth {
  now: string;
  /** People in the new files, and the main-sample contact who was met; sorted by email. */
  contacts: PeopleSampleContact[];
  /** Addresses in the calendar that must never become contacts (declined, crowd, rooms). */
  never: string[];
  /** VEVENT blocks in the .ics. */
  events: number;
  cards: number;
}

export interface PeopleSampleFiles {
  mbox2Path: string;
  icsPath: string;
  vcfPath: string;
  peopleTruthPath: string;
}

/** What the main sample tells this one: when it is, whose it is, and one lapsed friend to meet. */
export interface MainSampleFacts {
  now: string;
  owner: string[];
  lapsedFriend: { email: string; name: string } | null;
}

const DAY = 86_400_000;

interface MailRec {
  at: number;
  from: string;
  fromName: string;
  to: string;
  toName: string;
  sent: boolean;
  subject: string;
  thread: string;
}

interface PersonSpec {
  name: string;
  /** Addresses as written, in card order. */
  addresses: string[];
  card: boolean;
  groups: string[];
  /** [days before now, which address, sent?] */
  mail: Array<[number, number, boolean]>;
}

function canonical(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  const local = lower.slice(0, at);
  const domain = lower.slice(at + 1);
  return domain === 'gmail.com' || domain === 'googlemail.com' ? `${local.replace(/\./g, '')}@gmail.com` : lower;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** UTC ms of a wall-clock time in an IANA zone, from the zone database (not ical.js). */
function wallToUtc(y: number, mo: number, d: number, h: number, mi: number, zone: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  const offset = (ms: number) => {
    const p = f.formatToParts(new Date(ms));
    const g = (t: string) => Number(p.find((x) => x.type === t)!.value);
    return Date.UTC(g('year'), g('month') - 1, g('day'), g('hour'), g('minute')) - ms;
  };
  const first = wall - offset(wall);
  return wall - offset(first);
}

function dayParts(ms: number): [number, number, number] {
  const d = new Date(ms);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The mbox "From " line's date, as Takeout writes it: "Sun Nov 01 09:00:00 +0000 2026". */
function asctime(ms: number): string {
  const d = new Date(ms);
  const dow = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${dow} ${mon} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}
const local = (y: number, mo: number, d: number, h: number, mi: number) => `${y}${pad(mo)}${pad(d)}T${pad(h)}${pad(mi)}00`;
const utcStamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** RFC 5545 3.1: fold lines over 75 octets (this sample's text is ASCII). */
function fold(line: string): string {
  if (line.length <= 75) return line;
  const parts = [line.slice(0, 75)];
  for (let i = 75; i < line.length; i += 74) parts.push(` ${line.slice(i, i + 74)}`);
  return parts.join('\r\n');
}

/** The zones as Google's export writes them: current rules only. */
const VTIMEZONES: Record<string, string[]> = {
  'America/New_York': [
    'BEGIN:VTIMEZONE', 'TZID:America/New_York', 'X-LIC-LOCATION:America/New_York',
    'BEGIN:DAYLIGHT', 'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0400', 'TZNAME:EDT', 'DTSTART:19700308T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU', 'END:DAYLIGHT',
    'BEGIN:STANDARD', 'TZOFFSETFROM:-0400', 'TZOFFSETTO:-0500', 'TZNAME:EST', 'DTSTART:19701101T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', 'END:STANDARD',
    'END:VTIMEZONE',
  ],
  'Europe/Berlin': [
    'BEGIN:VTIMEZONE', 'TZID:Europe/Berlin', 'X-LIC-LOCATION:Europe/Berlin',
    'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'TZNAME:CEST', 'DTSTART:19700329T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
    'BEGIN:STANDARD', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'TZNAME:CET', 'DTSTART:19701025T030000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
    'END:VTIMEZONE',
  ],
  'Asia/Tokyo': [
    'BEGIN:VTIMEZONE', 'TZID:Asia/Tokyo', 'X-LIC-LOCATION:Asia/Tokyo',
    'BEGIN:STANDARD', 'TZOFFSETFROM:+0900', 'TZOFFSETTO:+0900', 'TZNAME:JST', 'DTSTART:19700101T000000', 'END:STANDARD',
    'END:VTIMEZONE',
  ],
};

interface Attendee {
  email: string;
  name: string;
  partstat: 'ACCEPTED' | 'DECLINED' | 'TENTATIVE' | 'NEEDS-ACTION';
  cutype?: 'ROOM' | 'RESOURCE';
}

interface EventSpec {
  uid: string;
  summary: string;
  /** Wall-clock start in `zone` ('UTC' for a Z time), or a date for all-day. */
  start: { y: number; mo: number; d: number; h: number; mi: number };
  zone: string;
  allDay?: boolean;
  status?: 'CANCELLED';
  organizer: { email: string; name: string };
  attendees: Attendee[];
  rrule?: string;
  exdates?: Array<{ y: number; mo: number; d: number; h: number; mi: number }>;
  recurrenceId?: { y: number; mo: number; d: number; h: number; mi: number };
  description?: string;
}

function renderEvent(e: EventSpec, stamp: string): string[] {
  const lines = ['BEGIN:VEVENT'];
  const when = (t: EventSpec['start']) => local(t.y, t.mo, t.d, t.h, t.mi);
  if (e.allDay) lines.push(`DTSTART;VALUE=DATE:${e.start.y}${pad(e.start.mo)}${pad(e.start.d)}`);
  else if (e.zone === 'UTC') lines.push(`DTSTART:${when(e.start)}Z`);
  else lines.push(`DTSTART;TZID=${e.zone}:${when(e.start)}`);
  if (e.rrule !== undefined) lines.push(`RRULE:${e.rrule}`);
  for (const x of e.exdates ?? []) lines.push(`EXDATE;TZID=${e.zone}:${when(x)}`);
  lines.push(`DTSTAMP:${stamp}`);
  lines.push(`ORGANIZER;CN=${e.organizer.name}:mailto:${e.organizer.email}`);
  lines.push(`UID:${e.uid}`);
  if (e.recurrenceId !== undefined) lines.push(`RECURRENCE-ID;TZID=${e.zone}:${when(e.recurrenceId)}`);
  for (const a of e.attendees) {
    lines.push(`ATTENDEE;CUTYPE=${a.cutype ?? 'INDIVIDUAL'};ROLE=REQ-PARTICIPANT;PARTSTAT=${a.partstat};CN=${a.name};X-NUM-GUESTS=0:mailto:${a.email}`);
  }
  lines.push(`CREATED:${stamp}`, `DESCRIPTION:${e.description ?? ''}`, `LAST-MODIFIED:${stamp}`, 'SEQUENCE:0');
  lines.push(`STATUS:${e.status ?? 'CONFIRMED'}`, `SUMMARY:${e.summary}`, 'TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}

export function generatePeopleSample(main: MainSampleFacts): { mbox2: string; ics: string; vcf: string; truth: PeopleSampleTruth } {
  const now = Date.parse(main.now);
  const owner = main.owner[0]!;
  const ownerName = 'Alex Rivera';
  const ago = (days: number, hour = 10) => {
    const [y, mo, d] = dayParts(now - days * DAY);
    return Date.UTC(y, mo - 1, d, hour);
  };
  const wallAgo = (days: number, h: number, mi = 0) => {
    const [y, mo, d] = dayParts(now - days * DAY);
    return { y, mo, d, h, mi };
  };

  const people: PersonSpec[] = [
    // Two addresses on one card: the personal one carries the latest mail.
    { name: 'Priya Natarajan', addresses: ['priya@lumen.example', 'Priya.Natarajan@gmail.com'], card: true, groups: ['Design'], mail: [[400, 0, true], [399, 0, false], [300, 0, true], [299, 0, false], [20, 1, false], [19, 1, true]] },
    // Two people with one display name: one has a card, the other none. Never merged.
    { name: 'Chris Taylor', addresses: ['chris.taylor@harbor.example'], card: true, groups: ['Clients'], mail: [[200, 0, true], [199, 0, false]] },
    { name: 'Chris Taylor', addresses: ['ctaylor@quarry.example'], card: false, groups: [], mail: [[10, 0, false], [9, 0, true]] },
    // Group cadences: monthly makes 44 days lapsed; yearly keeps 199 days active; never never lapses.
    { name: 'Morgan Diaz', addresses: ['morgan@fieldnote.example'], card: true, groups: ['Reconnect: monthly'], mail: [[45, 0, true], [44, 0, false]] },
    { name: 'Rosa Ferreira', addresses: ['rosa@tidewater.example'], card: true, groups: ['Reconnect: yearly', 'Family friends'], mail: [[200, 0, true], [199, 0, false]] },
    { name: 'Kai Moreno', addresses: ['kai@drift.example'], card: true, groups: ['Reconnect: never'], mail: [[300, 0, true], [299, 0, false]] },
    // Met every week, never mailed; a card with a weekly group.
    { name: 'Dana Whitfield', addresses: ['dana@northwind.example'], card: true, groups: ['Reconnect: weekly', 'Mentors'], mail: [] },
    // Organizes a meeting without listing themselves; no card, no mail.
    { name: 'Sofia Marin', addresses: ['sofia@lumen.example'], card: false, groups: [], mail: [] },
  ];

  // ---- mail
  const mail: MailRec[] = [];
  people.forEach((p, i) => {
    p.mail.forEach(([days, which, sent], j) => {
      const address = p.addresses[which]!;
      mail.push({ at: ago(days, 10 + (j % 5)), from: sent ? owner : address, fromName: sent ? ownerName : p.name, to: sent ? address : owner, toName: sent ? p.name : ownerName, sent, subject: `Catching up ${i}.${j}`, thread: `${(0x1a2b3c4d00 + i * 16 + j).toString(16)}` });
    });
  });
  const mbox2 = mail
    .map((m, n) =>
      [
        `From ${m.thread}@xxx ${asctime(m.at)}`,
        `X-GM-THRID: ${m.thread}`,
        `X-Gmail-Labels: ${m.sent ? 'Sent' : 'Inbox,Important'}`,
        `Date: ${new Date(m.at).toUTCString().replace('GMT', '+0000')}`,
        `Message-ID: <people-${n}@sample.example>`,
        `Subject: ${m.subject}`,
        `From: ${m.fromName} <${m.from}>`,
        `To: ${m.toName} <${m.to}>`,
        'Content-Type: text/plain; charset="UTF-8"',
        '',
        'Good to hear from you.',
        '',
      ].join('\n'),
    )
    .join('\n');

  // ---- meetings, each with whom it counts for by the rules
  const counted: Array<{ email: string; at: number }> = [];
  const events: EventSpec[] = [];
  const me: Attendee = { email: owner, name: ownerName, partstat: 'ACCEPTED' };
  const orgMe = { email: owner, name: ownerName };
  const dana: Attendee = { email: 'dana@northwind.example', name: 'Dana Whitfield', partstat: 'ACCEPTED' };
  const room: Attendee = { email: 'c_1889room4@resource.calendar.google.com', name: 'HQ-4-Room 4 (6)', partstat: 'ACCEPTED', cutype: 'ROOM' };
  const long = 'Agenda: where the project stands, what is blocking, and one thing to try before next week. This line is long enough to be folded.';

  // A weekly 1:1 in New York time, 14 weeks from 80 days ago: two are still to come.
  const seriesStart = wallAgo(80, 10);
  const instance = (k: number) => {
    const [y, mo, d] = dayParts(Date.UTC(seriesStart.y, seriesStart.mo - 1, seriesStart.d) + 7 * k * DAY);
    return { y, mo, d, h: 10, mi: 0 };
  };
  const nyUtc = (t: { y: number; mo: number; d: number; h: number; mi: number }) => wallToUtc(t.y, t.mo, t.d, t.h, t.mi, 'America/New_York');
  events.push({ uid: 'dana-1on1@google.com', summary: '1:1 Dana / Alex', start: seriesStart, zone: 'America/New_York', rrule: 'FREQ=WEEKLY;COUNT=14', exdates: [instance(2)], organizer: orgMe, attendees: [me, dana, room], description: long });
  // Instance 4 moved a day later to 15:00; instance 6 cancelled.
  const moved = { ...instance(4), h: 15 };
  const [my, mmo, md] = dayParts(Date.UTC(moved.y, moved.mo - 1, moved.d) + DAY);
  events.push({ uid: 'dana-1on1@google.com', summary: '1:1 Dana / Alex (moved)', start: { y: my, mo: mmo, d: md, h: 15, mi: 0 }, zone: 'America/New_York', recurrenceId: instance(4), organizer: orgMe, attendees: [me, dana] });
  events.push({ uid: 'dana-1on1@google.com', summary: '1:1 Dana / Alex', start: instance(6), zone: 'America/New_York', recurrenceId: instance(6), status: 'CANCELLED', organizer: orgMe, attendees: [me, dana] });
  for (let k = 0; k < 14; k += 1) {
    if (k === 2 || k === 6) continue;
    const at = k === 4 ? wallToUtc(my, mmo, md, 15, 0, 'America/New_York') : nyUtc(instance(k));
    if (at < now) counted.push({ email: 'dana@northwind.example', at });
  }

  // Tokyo: the owner accepted, Evan declined (not met), Chris of quarry was tentative (met).
  const tokyo = wallAgo(12, 17, 30);
  events.push({
    uid: 'review-tokyo@google.com', summary: 'Quarterly review', start: tokyo, zone: 'Asia/Tokyo', organizer: orgMe,
    attendees: [me, { email: 'evan@quarry.example', name: 'Evan Brooks', partstat: 'DECLINED' }, { email: 'ctaylor@quarry.example', name: 'Chris Taylor', partstat: 'TENTATIVE' }],
  });
  counted.push({ email: 'ctaylor@quarry.example', at: wallToUtc(tokyo.y, tokyo.mo, tokyo.d, tokyo.h, tokyo.mi, 'Asia/Tokyo') });

  // Berlin: a friend the mail says has lapsed, met five days ago.
  if (main.lapsedFriend !== null) {
    const berlin = wallAgo(5, 14);
    events.push({ uid: 'berlin-coffee@google.com', summary: 'Coffee in Berlin', start: berlin, zone: 'Europe/Berlin', organizer: orgMe, attendees: [me, { email: main.lapsedFriend.email, name: main.lapsedFriend.name, partstat: 'NEEDS-ACTION' }] });
    counted.push({ email: main.lapsedFriend.email, at: wallToUtc(berlin.y, berlin.mo, berlin.d, 14, 0, 'Europe/Berlin') });
  }

  // Sofia organizes and does not list herself: she counts. Priya attends from her work address.
  const sofia = wallAgo(40, 16);
  events.push({ uid: 'sofia-crit@google.com', summary: 'Design crit', start: sofia, zone: 'UTC', organizer: { email: 'sofia@lumen.example', name: 'Sofia Marin' }, attendees: [{ ...me, partstat: 'TENTATIVE' }, { email: 'priya@lumen.example', name: 'Priya N', partstat: 'ACCEPTED' }] });
  counted.push({ email: 'sofia@lumen.example', at: Date.UTC(sofia.y, sofia.mo - 1, sofia.d, 16) }, { email: 'priya@lumen.example', at: Date.UTC(sofia.y, sofia.mo - 1, sofia.d, 16) });

  // Counts for nobody: Rosa's invitation the owner declined; a cancelled and a future
  // meeting with Morgan; an all-day offsite with Priya; a 25-person all-hands with Kai.
  events.push({ uid: 'rosa-lunch@google.com', summary: 'Lunch', start: wallAgo(30, 12), zone: 'UTC', organizer: { email: 'rosa@tidewater.example', name: 'Rosa Ferreira' }, attendees: [{ ...me, partstat: 'DECLINED' }, { email: 'rosa@tidewater.example', name: 'Rosa Ferreira', partstat: 'ACCEPTED' }] });
  events.push({ uid: 'morgan-cancelled@google.com', summary: 'Walk', start: wallAgo(8, 9), zone: 'UTC', status: 'CANCELLED', organizer: orgMe, attendees: [me, { email: 'morgan@fieldnote.example', name: 'Morgan Diaz', partstat: 'ACCEPTED' }] });
  events.push({ uid: 'morgan-future@google.com', summary: 'Walk, again', start: wallAgo(-3, 9), zone: 'UTC', organizer: orgMe, attendees: [me, { email: 'morgan@fieldnote.example', name: 'Morgan Diaz', partstat: 'ACCEPTED' }] });
  events.push({ uid: 'offsite@google.com', summary: 'Offsite', start: wallAgo(15, 0), zone: 'UTC', allDay: true, organizer: orgMe, attendees: [me, { email: 'priya@lumen.example', name: 'Priya', partstat: 'ACCEPTED' }] });
  const crowd: Attendee[] = Array.from({ length: 23 }, (_, i) => ({ email: `guest${i}@crowd.example`, name: `Guest ${i}`, partstat: 'ACCEPTED' as const }));
  events.push({ uid: 'all-hands@google.com', summary: 'All hands', start: wallAgo(6, 18), zone: 'UTC', organizer: orgMe, attendees: [me, { email: 'kai@drift.example', name: 'Kai Moreno', partstat: 'ACCEPTED' }, ...crowd] });

  const stamp = utcStamp(now - 2 * DAY);
  const icsLines = ['BEGIN:VCALENDAR', 'PRODID:-//Google Inc//Google Calendar 70.9054//EN', 'VERSION:2.0', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${ownerName}`, 'X-WR-TIMEZONE:Europe/Berlin'];
  for (const zone of ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo']) icsLines.push(...VTIMEZONES[zone]!);
  // The moved and cancelled instances first: the reader must not depend on the order.
  for (const e of [...events.slice(1), events[0]!]) icsLines.push(...renderEvent(e, stamp));
  icsLines.push('END:VCALENDAR');
  const ics = `${icsLines.map(fold).join('\r\n')}\r\n`;

  // ---- contacts
  const cards = people.filter((p) => p.card);
  const vcf = cards
    .map((p) => {
      const [first, ...rest] = p.name.split(' ');
      const lines = ['BEGIN:VCARD', 'VERSION:3.0', `FN:${p.name}`, `N:${rest.join(' ')};${first};;;`];
      p.addresses.forEach((a, i) => lines.push(i === 0 ? `EMAIL;TYPE=INTERNET;TYPE=WORK:${a}` : `item${i}.EMAIL;TYPE=INTERNET:${a}`));
      lines.push(`CATEGORIES:${['myContacts', ...p.groups].map((g) => g.replace(/,/g, '\\,')).join(',')}`, 'END:VCARD');
      return lines.map(fold).join('\r\n');
    })
    .join('\r\n');

  // ---- truth, from the records above
  const contacts: PeopleSampleContact[] = [];
  const tierDays: Record<string, number | null> = { weekly: 7, monthly: 30, quarterly: 90, yearly: 365, never: null };
  for (const p of people) {
    const keys = p.addresses.map(canonical);
    const mine = mail.filter((m) => keys.includes(canonical(m.sent ? m.to : m.from)));
    const sent = mine.filter((m) => m.sent).map((m) => m.at);
    const received = mine.filter((m) => !m.sent).map((m) => m.at);
    const met = counted.filter((c) => keys.includes(c.email)).map((c) => c.at);
    const lastUse = (key: string) => Math.max(-Infinity, ...mine.filter((m) => canonical(m.sent ? m.to : m.from) === key).map((m) => m.at), ...counted.filter((c) => c.email === key).map((c) => c.at));
    const primary = [...keys].sort().reduce((best, k) => (lastUse(k) > lastUse(best) ? k : best));
    const last = (xs: number[]) => (xs.length === 0 ? null : Math.max(...xs));
    const kinds: Array<[number | null, 'sent' | 'received' | 'met']> = [[last(sent), 'sent'], [last(received), 'received'], [last(met), 'met']];
    const latest = kinds.reduce((a, b) => ((b[0] ?? -Infinity) > (a[0] ?? -Infinity) ? b : a));
    const tier = p.groups.map((g) => /^Reconnect: (\w+)$/.exec(g)?.[1]).find((t) => t !== undefined);
    const c: PeopleSampleContact = {
      email: primary,
      emails: p.card ? p.addresses : keys,
      name: p.name,
      groups: p.groups,
      sentCount: sent.length,
      receivedCount: received.length,
      lastSent: iso(last(sent)),
      lastReceived: iso(last(received)),
      lastMet: iso(last(met)),
      meetingCount: met.length,
      lastContactKind: latest[1],
    };
    if (tier !== undefined) {
      c.cadenceSource = 'group';
      c.cadenceDays = tierDays[tier]!;
      const due = c.cadenceDays === null ? null : latest[0]! + c.cadenceDays * DAY;
      c.expectedState = due !== null && now > due ? 'lapsed' : 'active';
    }
    contacts.push(c);
  }
  if (main.lapsedFriend !== null) {
    const met = counted.filter((c) => c.email === main.lapsedFriend!.email).map((c) => c.at);
    contacts.push({ email: main.lapsedFriend.email, emails: [main.lapsedFriend.email], name: main.lapsedFriend.name, groups: [], sentCount: -1, receivedCount: -1, lastSent: null, lastReceived: null, lastMet: iso(Math.max(...met)), meetingCount: met.length, lastContactKind: 'met', fromMainSample: true });
  }
  contacts.sort((a, b) => (a.email < b.email ? -1 : 1));
  const truth: PeopleSampleTruth = {
    now: main.now,
    contacts,
    never: ['evan@quarry.example', room.email, ...crowd.map((g) => g.email)].sort(),
    events: events.length,
    cards: cards.length,
  };
  return { mbox2, ics, vcf, truth };
}

export async function writePeopleSample(dir: string, main: MainSampleFacts): Promise<PeopleSampleFiles> {
  const { mbox2, ics, vcf, truth } = generatePeopleSample(main);
  const files: PeopleSampleFiles = {
    mbox2Path: path.join(dir, 'sample-2.mbox'),
    icsPath: path.join(dir, 'sample.ics'),
    vcfPath: path.join(dir, 'sample.vcf'),
    peopleTruthPath: path.join(dir, 'sample.people.truth.json'),
  };
  await fs.writeFile(files.mbox2Path, mbox2, 'utf8');
  await fs.writeFile(files.icsPath, ics, 'utf8');
  await fs.writeFile(files.vcfPath, vcf === '' ? '' : `${vcf}\r\n`, 'utf8');
  await fs.writeFile(files.peopleTruthPath, `${JSON.stringify(truth, null, 2)}\n`, 'utf8');
  return files;
}
