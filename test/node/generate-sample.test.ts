import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSample, writeSample, type SampleTruth } from '../../src/node/generate-sample';

// A deliberately naive reader, written apart from both the generator and src/node's
// real one: if the rendered file and the truth disagree, this is where it shows.

const SEPARATOR =
  /^From (\d{19})@xxx (?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2} \d{2}:\d{2}:\d{2} \+0000 \d{4}$/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const ROLES = new Set([
  'noreply', 'no-reply', 'donotreply', 'do-not-reply', 'mailer-daemon', 'postmaster',
  'notifications', 'notification', 'calendar-notification', 'bounce', 'bounces',
]);

interface Parsed {
  separator: string;
  headers: Map<string, string[]>;
  raw: string;
  body: string;
}

/** Throws on the first line that breaks the format; per-line expect() would be slow here. */
function parseMbox(text: string): Parsed[] {
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new Error('the file does not end with a newline');
  const chunks: string[][] = [];
  lines.forEach((line, i) => {
    if (line.startsWith('From ')) {
      // Any line that starts with "From " must be a real separator; a body line that
      // slipped through unescaped would split a message in two.
      if (!SEPARATOR.test(line)) throw new Error(`line ${i + 1} starts with "From " but is not a separator: ${line}`);
      chunks.push([line]);
    } else {
      if (chunks.length === 0) throw new Error('the file does not start with a separator');
      (chunks[chunks.length - 1] as string[]).push(line);
    }
  });
  return chunks.map((chunk) => {
    const end = chunk.indexOf('');
    if (end < 2) throw new Error(`no header block after ${chunk[0]}`);
    const headers = new Map<string, string[]>();
    const unfolded: string[] = [];
    for (const line of chunk.slice(1, end)) {
      if (/^[ \t]/.test(line)) unfolded[unfolded.length - 1] += line;
      else unfolded.push(line);
    }
    for (const line of unfolded) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`not a header line after ${chunk[0]}: ${line}`);
      const name = line.slice(0, colon).toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
    }
    return { separator: chunk[0] as string, headers, raw: chunk.slice(1, end).join('\n'), body: chunk.slice(end + 1).join('\n') };
  });
}

const first = (m: Parsed, name: string): string | undefined => m.headers.get(name)?.[0];
const emails = (value: string | undefined): string[] => (value ?? '').match(EMAIL) ?? [];

function canonical(email: string): string {
  const [local = '', domain = ''] = email.toLowerCase().split('@');
  return domain === 'gmail.com' || domain === 'googlemail.com' ? `${local.replace(/\./g, '')}@gmail.com` : `${local}@${domain}`;
}

function labelsOf(m: Parsed): string[] {
  const value = first(m, 'x-gmail-labels') ?? '';
  const out: string[] = [];
  for (const match of value.matchAll(/"((?:[^"]|"")*)"|([^,]+)/g)) out.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : (match[2] as string).trim());
  return out;
}

function dateOf(m: Parsed): number {
  const header = first(m, 'date');
  const when = Date.parse(header ?? m.separator.replace(/^From \S+ /, ''));
  expect(Number.isFinite(when)).toBe(true);
  return when;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const daysAgo = (now: number, isoDate: string | null): number => (isoDate === null ? Infinity : (now - Date.parse(isoDate)) / 86_400_000);

let mbox: string;
let truth: SampleTruth;
let messages: Parsed[];
let owner: Set<string>;

beforeAll(() => {
  ({ mbox, truth } = generateSample());
  messages = parseMbox(mbox);
  owner = new Set(truth.owner);
});

describe('generateSample', () => {
  it('is byte-for-byte deterministic for the same options', () => {
    const again = generateSample();
    expect(again.mbox === mbox).toBe(true);
    expect(JSON.stringify(again.truth)).toBe(JSON.stringify(truth));
    const explicit = generateSample({ seed: truth.seed, now: truth.now });
    expect(explicit.mbox === mbox).toBe(true);
  });

  it('changes with the seed, and moves with now', () => {
    const other = generateSample({ seed: 7 });
    expect(other.mbox === mbox).toBe(false);
    expect(other.truth.contacts.length).toBeGreaterThanOrEqual(100);
    const later = generateSample({ now: '2027-05-01T12:00:00Z' });
    expect(later.truth.now).toBe('2027-05-01T12:00:00Z');
    const newest = Math.max(...later.truth.contacts.map((c) => Date.parse(c.lastReceived ?? c.lastSent ?? '1970-01-01T00:00:00Z')));
    expect(newest).toBeLessThan(Date.parse('2027-05-01T12:00:00Z'));
    expect(newest).toBeGreaterThan(Date.parse('2027-04-20T00:00:00Z'));
  });

  it('keeps every expectation clear-cut under other seeds', () => {
    // The generator refuses to write an expectation that sits near a boundary.
    for (const seed of [1, 2, 3, 4, 5]) expect(() => generateSample({ seed })).not.toThrow();
  });

  it('uses the documented defaults', () => {
    expect(truth.now).toBe('2026-11-01T09:00:00Z');
    expect(typeof truth.seed).toBe('number');
    expect(truth.owner).toEqual(['alex@rivera.studio', 'alexrivera@gmail.com']);
  });
});

describe('writeSample', () => {
  it('writes sample.mbox and sample.truth.json with the generated content', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reconnect-sample-'));
    try {
      const { mboxPath, truthPath } = await writeSample(path.join(dir, 'nested'));
      expect(path.basename(mboxPath)).toBe('sample.mbox');
      expect(path.basename(truthPath)).toBe('sample.truth.json');
      expect((await fs.readFile(mboxPath, 'utf8')) === mbox).toBe(true);
      expect(JSON.parse(await fs.readFile(truthPath, 'utf8'))).toEqual(truth);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the mbox file', () => {
  it('is a Takeout-style mboxrd file of the size promised', () => {
    expect(mbox.startsWith('From ')).toBe(true);
    expect(mbox).not.toContain('\r');
    expect(messages.length).toBe(truth.messages);
    expect(truth.messages).toBeGreaterThan(2000);
    expect(Buffer.byteLength(mbox)).toBeLessThan(15 * 1024 * 1024);
    expect(truth.contacts.length).toBeGreaterThanOrEqual(100);
    for (const m of messages) {
      expect(first(m, 'x-gm-thrid')).toMatch(/^\d{19}$/);
      expect(m.separator).toContain(`From ${first(m, 'x-gm-thrid')}@xxx `);
      expect(first(m, 'x-gmail-labels')).toBeDefined();
      expect(first(m, 'message-id')).toMatch(/^<[^<>@\s]+@[^<>@\s]+>$/);
      expect(emails(first(m, 'from'))).toHaveLength(1);
      expect(first(m, 'mime-version')).toBe('1.0');
    }
  });

  it('threads replies on a shared X-GM-THRID', () => {
    const byThread = new Map<string, Parsed[]>();
    for (const m of messages) byThread.set(first(m, 'x-gm-thrid') as string, [...(byThread.get(first(m, 'x-gm-thrid') as string) ?? []), m]);
    const threaded = [...byThread.values()].filter((t) => t.length > 1);
    expect(threaded.length).toBeGreaterThan(500);
    for (const t of threaded.slice(0, 200)) {
      expect(t.slice(1).some((m) => /^Re: |^=\?UTF-8\?B\?UmU6|^Out of|^Automatic|^Delivery/.test(first(m, 'subject') ?? ''))).toBe(true);
    }
  });

  it('escapes body lines that begin with From, the mboxrd way', () => {
    expect(mbox).toMatch(/^>From /m);
    expect(mbox).toMatch(/^>>From the archive/m);
    expect(messages.some((m) => /^From: someone forwarded/m.test(m.body))).toBe(true);
  });

  it('has Date-less messages, and only as many as the truth says', () => {
    expect(truth.missingDate).toBeGreaterThanOrEqual(2);
    expect(messages.filter((m) => !m.headers.has('date')).length).toBe(truth.missingDate);
  });

  it('exercises the header shapes a reader must cope with', () => {
    const raw = messages.map((m) => m.raw).join('\n');
    expect(raw).toMatch(/^To: Book Club: /m);
    const group = messages.find((m) => (first(m, 'to') ?? '').startsWith('Book Club:'));
    expect(first(group as Parsed, 'to')).toMatch(/;$/);
    expect(raw).toMatch(/^(To|Cc): .*,\n [^\n]+/m);
    expect(raw).toMatch(/^From: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= </m);
    expect(raw).toMatch(/^From: =\?UTF-8\?Q\?Zo=C3=AB_O=27Brien\?= </m);
    expect(raw).toContain('From: "Doe, Jane" <jane.doe@harborline.example>');
    expect(raw).toContain('"=HYPERLINK(\\"http://evil\\")"');
    expect(raw).toMatch(/^Subject: <script>/m);
    expect(raw).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    expect(raw).toMatch(/^X-Gmail-Labels: .*"Clients, 2024"/m);
    expect(raw).toMatch(/^Date: \w{3}, \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/m);
    expect(raw).toMatch(/^Date: .* \((PST|PDT|EST|EDT|UTC|CET|CEST)\)$/m);
    expect(raw).toMatch(/^Date: \d{2} \w{3} \d{4} /m);
    expect(raw).toMatch(/^Date: .* GMT$/m);
    const multipart = messages.filter((m) => /^multipart\/mixed; boundary="/.test(first(m, 'content-type') ?? ''));
    expect(multipart.length).toBeGreaterThanOrEqual(3);
    for (const m of multipart) expect(m.body).toMatch(/Content-Transfer-Encoding: base64\n/);
    const fromAddresses = new Set(messages.map((m) => emails(first(m, 'from'))[0]));
    expect(fromAddresses).toContain('alex@rivera.studio');
    expect(fromAddresses).toContain('Alex.Rivera@googlemail.com');
    expect(fromAddresses).toContain('Sam.Okafor@gmail.com');
    expect(fromAddresses).toContain('samokafor@googlemail.com');
  });

  it('puts Bcc on sent mail only, and has one sent message to more than 20 people', () => {
    for (const m of messages.filter((x) => x.headers.has('bcc'))) expect(owner.has(canonical(emails(first(m, 'from'))[0] as string))).toBe(true);
    expect(messages.some((m) => m.headers.has('bcc'))).toBe(true);
    const big = messages.filter((m) => emails([first(m, 'to'), first(m, 'cc'), first(m, 'bcc')].join(',')).length > 20);
    expect(big.some((m) => owner.has(canonical(emails(first(m, 'from'))[0] as string)))).toBe(true);
    expect(truth.weakOnly.length).toBeGreaterThan(20);
  });
});

describe('noise', () => {
  const noiseFrom = (pred: (m: Parsed) => boolean): string[] =>
    messages.filter(pred).map((m) => canonical(emails(first(m, 'from'))[0] as string));
  const personLike = (addr: string): boolean => !ROLES.has(addr.split('@')[0] as string);

  it.each([
    ['noreply@accounts.example'],
    ['no-reply@travelbook.example'],
    ['donotreply@citybank.example'],
    ['notifications@projecthub.example'],
    ['calendar-notification@google.com'],
    ['mailer-daemon@googlemail.com'],
    ['postmaster@oakline.example'],
  ])('sends mail from the role address %s, listed as noise', (address) => {
    expect(messages.some((m) => emails(first(m, 'from'))[0] === address)).toBe(true);
    expect(truth.noise).toContain(canonical(address));
  });

  it.each([
    ['a List-Unsubscribe header', (m: Parsed) => m.headers.has('list-unsubscribe') && !m.headers.has('list-id')],
    ['Precedence: bulk', (m: Parsed) => first(m, 'precedence') === 'bulk'],
    ['a mailing list (List-Id)', (m: Parsed) => m.headers.has('list-id')],
    ['Auto-Submitted: auto-replied', (m: Parsed) => first(m, 'auto-submitted') === 'auto-replied'],
    ['the Spam label', (m: Parsed) => labelsOf(m).includes('Spam')],
    ['the Trash label', (m: Parsed) => labelsOf(m).includes('Trash')],
    ['the Drafts label', (m: Parsed) => labelsOf(m).includes('Drafts')],
    ['the Draft label', (m: Parsed) => labelsOf(m).includes('Draft')],
    ['the Chat label', (m: Parsed) => labelsOf(m).includes('Chat')],
    ['Category Promotions', (m: Parsed) => labelsOf(m).includes('Category Promotions')],
    ['Category Social', (m: Parsed) => labelsOf(m).includes('Category Social')],
    ['Category Updates', (m: Parsed) => labelsOf(m).includes('Category Updates')],
    ['Category Forums', (m: Parsed) => labelsOf(m).includes('Category Forums')],
  ])('includes mail with %s', (_kind, pred) => {
    expect(messages.some(pred)).toBe(true);
  });

  it('has real-looking senders that only ever appear as noise', () => {
    const contacts = new Set(truth.contacts.map((c) => c.email));
    const kinds: Array<(m: Parsed) => boolean> = [
      (m) => m.headers.has('list-id'),
      (m) => labelsOf(m).includes('Category Promotions'),
      (m) => labelsOf(m).includes('Category Social'),
      (m) => labelsOf(m).includes('Category Updates'),
      (m) => labelsOf(m).includes('Category Forums'),
      (m) => labelsOf(m).includes('Spam'),
      (m) => first(m, 'auto-submitted') === 'auto-replied',
      (m) => labelsOf(m).includes('Chat'),
    ];
    for (const kind of kinds) {
      const strangers = noiseFrom(kind).filter((a) => personLike(a) && !contacts.has(a) && !owner.has(a));
      expect(strangers.length).toBeGreaterThan(0);
      for (const a of strangers) expect(truth.noise).toContain(a);
    }
  });

  it('keeps noise, weak-only and owner addresses apart from the contacts', () => {
    const contacts = new Set(truth.contacts.map((c) => c.email));
    for (const a of [...truth.noise, ...truth.weakOnly, ...truth.owner]) expect(contacts.has(a)).toBe(false);
    for (const a of truth.weakOnly) expect(truth.noise).not.toContain(a);
  });
});

describe('the truth file', () => {
  it('matches the counting rules applied to the file itself', () => {
    interface Count { lastSent: number | null; lastReceived: number | null; sentCount: number; receivedCount: number }
    const counts = new Map<string, Count>();
    const weak = new Set<string>();
    const seen = new Set<string>();
    const get = (a: string): Count => {
      let c = counts.get(a);
      if (!c) counts.set(a, (c = { lastSent: null, lastReceived: null, sentCount: 0, receivedCount: 0 }));
      return c;
    };
    for (const m of messages) {
      const from = canonical(emails(first(m, 'from'))[0] as string);
      const recipients = emails([first(m, 'to'), first(m, 'cc'), first(m, 'bcc')].join(',')).map(canonical);
      for (const a of [from, ...recipients]) seen.add(a);
      const labels = labelsOf(m).map((l) => l.toUpperCase().replace(/\s+/g, '_'));
      if (labels.some((l) => ['SPAM', 'TRASH', 'DRAFTS', 'DRAFT', 'CHAT'].includes(l))) continue;
      if (m.headers.has('list-id')) continue;
      const date = dateOf(m);
      if (owner.has(from)) {
        for (const r of recipients.filter((x) => !owner.has(x))) {
          if (recipients.length > 20) weak.add(r);
          else {
            const c = get(r);
            c.sentCount++;
            c.lastSent = Math.max(c.lastSent ?? 0, date);
          }
        }
        continue;
      }
      if (labels.some((l) => /^CATEGORY_(PROMOTIONS|SOCIAL|UPDATES|FORUMS)$/.test(l))) continue;
      if (m.headers.has('list-unsubscribe')) continue;
      if (/^(bulk|list|junk)$/i.test(first(m, 'precedence') ?? '')) continue;
      if ((first(m, 'auto-submitted') ?? 'no').toLowerCase() !== 'no') continue;
      if (ROLES.has(from.split('@')[0] as string)) continue;
      if (recipients.length > 20) {
        weak.add(from);
        continue;
      }
      const c = get(from);
      c.receivedCount++;
      c.lastReceived = Math.max(c.lastReceived ?? 0, date);
    }
    const fromFile = Object.fromEntries(
      [...counts].map(([email, c]) => [
        email,
        { lastSent: c.lastSent === null ? null : iso(c.lastSent), lastReceived: c.lastReceived === null ? null : iso(c.lastReceived), sentCount: c.sentCount, receivedCount: c.receivedCount },
      ]),
    );
    const fromTruth = Object.fromEntries(
      truth.contacts.map((c) => [c.email, { lastSent: c.lastSent, lastReceived: c.lastReceived, sentCount: c.sentCount, receivedCount: c.receivedCount }]),
    );
    expect(fromFile).toEqual(fromTruth);
    expect([...weak].filter((a) => !counts.has(a)).sort()).toEqual(truth.weakOnly);
    expect([...seen].filter((a) => !counts.has(a) && !weak.has(a) && !owner.has(a)).sort()).toEqual(truth.noise);
  });

  it('lists contacts sorted, canonical, with second-precision UTC dates', () => {
    const list = truth.contacts.map((c) => c.email);
    expect([...list].sort()).toEqual(list);
    expect(new Set(list).size).toBe(list.length);
    for (const c of truth.contacts) {
      expect(c.email).toBe(canonical(c.email));
      for (const d of [c.lastSent, c.lastReceived]) if (d !== null) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(c.sentCount + c.receivedCount).toBeGreaterThan(0);
    }
  });

  it('records the personas the README promises', () => {
    const byEmail = new Map(truth.contacts.map((c) => [c.email, c]));
    expect(byEmail.get('samokafor@gmail.com')?.persona).toBe('gmail-equivalent');
    expect(byEmail.get('katherine.lee@fernhill.example')?.name).toBe('Kate Lee-Morgan');
    expect(byEmail.get('josemueller@gmail.com')?.name).toBe('José Müller');
    expect(byEmail.get('xiaomingwang@gmail.com')?.name).toBe('王小明');
    expect(byEmail.get('zoe.obrien@oakline.example')?.name).toBe("Zoë O'Brien");
    expect(byEmail.get('jane.doe@harborline.example')?.name).toBe('Doe, Jane');
    expect(byEmail.get('mallory.quinn@mailbox.example')?.name).toBe('=HYPERLINK("http://evil")');
    expect(byEmail.get('daniellefostr@gmail.com')?.name).toBe('');
    const personas = new Set(truth.contacts.map((c) => c.persona));
    for (const p of ['weekly-colleague', 'monthly-friend-quiet', 'quarterly-on-time', 'quarterly-late', 'yearly-recent', 'yearly-overdue', 'awaiting-reply-monthly', 'one-off-inbound', 'name-change']) {
      expect(personas).toContain(p);
    }
    const oneOff = truth.contacts.filter((c) => c.persona === 'one-off-inbound');
    for (const c of oneOff) expect([c.sentCount, c.receivedCount]).toEqual([0, 1]);
  });

  it('only expects states the dates plainly support', () => {
    const now = Date.parse(truth.now);
    const states = new Set(truth.contacts.map((c) => c.expectedState).filter(Boolean));
    expect(states).toEqual(new Set(['active', 'lapsed', 'awaiting-reply']));
    for (const c of truth.contacts.filter((x) => x.expectedState)) {
      const since = Math.min(daysAgo(now, c.lastSent), daysAgo(now, c.lastReceived));
      const ownerLast = c.lastSent !== null && (c.lastReceived === null || c.lastSent > c.lastReceived);
      if (c.expectedState === 'active') {
        expect(since).toBeLessThan(45);
        if (ownerLast) expect(since).toBeLessThan(14);
      } else if (c.expectedState === 'lapsed') {
        expect(c.sentCount).toBeGreaterThan(0);
        expect(since).toBeGreaterThan(180);
      } else {
        expect(ownerLast).toBe(true);
        expect(since).toBeGreaterThan(14);
        expect(since).toBeLessThan(40);
      }
    }
  });
});
