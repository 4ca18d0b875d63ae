/**
 * The bundled sample, scanned end to end, against what the generator says it wrote.
 * The truth file comes from the generator's own records, never from src/core, so a
 * disagreement here is a real bug on one side or the other.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeSample, type SampleTruth } from '../../src/node/generate-sample';
import { listAddresses } from '../../src/core/contact-addresses';
import { scanMbox } from '../../src/node/scan-mbox';
import { formatDraft, planDraftFromScan } from '../../src/node/write-drafts';

type Scan = Awaited<ReturnType<typeof scanMbox>>;

const iso = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// Written out here rather than imported, so the test does not lean on the code under test.
function canonical(email: string): string {
  const [local = '', domain = ''] = email.trim().toLowerCase().split('@');
  return domain === 'gmail.com' || domain === 'googlemail.com' ? `${local.replace(/\./g, '')}@gmail.com` : `${local}@${domain}`;
}

let dir: string;
let truth: SampleTruth;
let inferred: Scan;
let given: Scan;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reconnect-golden-'));
  const { mboxPath, truthPath } = await writeSample(dir);
  truth = JSON.parse(await fs.readFile(truthPath, 'utf8')) as SampleTruth;
  const now = Date.parse(truth.now);
  inferred = await scanMbox(mboxPath, { now });
  given = await scanMbox(mboxPath, { me: truth.owner, now });
}, 120_000);

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('golden sample: owner', () => {
  it('infers every owner address, aliases and Gmail spellings included', () => {
    expect(inferred.ownerInferred).toBe(true);
    expect(new Set(inferred.owner.map(canonical))).toEqual(new Set(truth.owner));
  });

  it('takes the owner as given when told', () => {
    expect(given.ownerInferred).toBe(false);
    expect(new Set(given.owner.map(canonical))).toEqual(new Set(truth.owner));
  });
});

describe.each([
  ['inferred', () => inferred],
  ['given', () => given],
])('golden sample with the owner %s', (_how, scanOf) => {
  // A weak touch leaves a zero-count ledger entry by design; a contact is someone with
  // at least one one-to-one exchange, as assessLedger counts them.
  const contactsOf = (scan: Scan): string[] =>
    Object.values(scan.ledger.contacts)
      .filter((c) => c.sentCount + c.receivedCount > 0)
      .map((c) => c.email)
      .sort();

  it('finds exactly the contacts the generator wrote', () => {
    expect(contactsOf(scanOf())).toEqual(truth.contacts.map((c) => c.email));
  });

  it('never turns noise, weak-only or owner addresses into contacts', () => {
    const scan = scanOf();
    const contacts = new Set(contactsOf(scan));
    for (const a of [...truth.noise, ...truth.weakOnly, ...truth.owner]) expect(contacts.has(a)).toBe(false);
    // Nothing else may even enter the ledger: only contacts and people on big lists.
    const allowed = new Set([...truth.contacts.map((c) => c.email), ...truth.weakOnly]);
    expect(Object.keys(scan.ledger.contacts).filter((a) => !allowed.has(a))).toEqual([]);
    for (const a of truth.weakOnly) {
      const entry = scan.ledger.contacts[a];
      if (entry) expect([entry.sentCount, entry.receivedCount]).toEqual([0, 0]);
    }
  });

  it('matches every contact field for field', () => {
    const ledger = scanOf().ledger.contacts;
    const actual = Object.fromEntries(
      truth.contacts.map((t) => {
        const c = ledger[t.email];
        return [
          t.email,
          c === undefined
            ? 'missing'
            : { name: c.name, lastSent: iso(c.lastSent), lastReceived: iso(c.lastReceived), sentCount: c.sentCount, receivedCount: c.receivedCount },
        ];
      }),
    );
    const expected = Object.fromEntries(
      truth.contacts.map((t) => [
        t.email,
        { name: t.name, lastSent: t.lastSent, lastReceived: t.lastReceived, sentCount: t.sentCount, receivedCount: t.receivedCount },
      ]),
    );
    expect(actual).toEqual(expected);
  });

  it('assesses every contact, and the clear-cut personas as expected', () => {
    const assessments = scanOf().assessments;
    expect(assessments.map((a) => a.email).sort()).toEqual(truth.contacts.map((c) => c.email));
    const byEmail = new Map(assessments.map((a) => [a.email, a]));
    const withExpectation = truth.contacts.filter((c) => c.expectedState !== undefined);
    expect(withExpectation.length).toBeGreaterThan(50);
    const actual = Object.fromEntries(withExpectation.map((c) => [c.email, `${c.persona}: ${byEmail.get(c.email)?.state ?? 'missing'}`]));
    const expected = Object.fromEntries(withExpectation.map((c) => [c.email, `${c.persona}: ${c.expectedState}`]));
    expect(actual).toEqual(expected);
  });

  it('counts every message and each one without a Date header', () => {
    const { stats } = scanOf();
    expect(stats.messages).toBe(truth.messages);
    expect(stats.warnings.missingDate).toBe(truth.missingDate);
    expect(stats.warnings.truncated).toBe(0);
    expect(stats.warnings.oversizedHeaders).toBe(0);
    expect(stats.warnings.undated).toBe(0);
  });
});

describe('golden sample: who to reconnect with first, and in what words', () => {
  const DAY = 86_400_000;
  const scan = () => inferred;
  const truthOf = (email: string) => truth.contacts.find((c) => c.email === email)!;
  const lapsed = () => scan().assessments.filter((a) => a.state === 'lapsed');

  it('shows every address exactly as the generator wrote it, and lists every spelling', () => {
    const byEmail = new Map(scan().assessments.map((a) => [a.email, a]));
    const shown = Object.fromEntries(truth.contacts.map((t) => [t.email, byEmail.get(t.email)?.address]));
    expect(shown).toEqual(Object.fromEntries(truth.contacts.map((t) => [t.email, t.shownAddress])));
    const spellings = Object.fromEntries(truth.contacts.map((t) => [t.email, listAddresses(scan().ledger.contacts[t.email]!).sort()]));
    expect(spellings).toEqual(Object.fromEntries(truth.contacts.map((t) => [t.email, t.addresses])));
    // The Gmail-equivalent persona writes with dots and on googlemail.com: both are kept, the key shows neither.
    const sam = truth.contacts.find((t) => t.persona === 'gmail-equivalent')!;
    expect(sam.addresses.length).toBeGreaterThan(1);
    expect(sam.addresses).not.toContain(sam.email);
  });

  it('ranks every strong lapsed tie above every lapsed one-off contact', () => {
    const order = lapsed().map((a) => truthOf(a.email).relationship);
    const lastStrong = order.lastIndexOf('strong');
    const firstOneOff = order.indexOf('one-off');
    expect(lastStrong).toBeGreaterThanOrEqual(0);
    expect(firstOneOff).toBeGreaterThanOrEqual(0);
    expect(lastStrong).toBeLessThan(firstOneOff);
  });

  it('scores the kinds of relationship in the order the generator made them', () => {
    const byKind = new Map<string, number[]>();
    for (const a of scan().assessments) {
      const kind = truthOf(a.email).relationship;
      byKind.set(kind, [...(byKind.get(kind) ?? []), a.strength]);
    }
    const mean = (kind: string) => byKind.get(kind)!.reduce((x, y) => x + y, 0) / byKind.get(kind)!.length;
    expect(mean('strong')).toBeGreaterThan(mean('regular'));
    expect(mean('regular')).toBeGreaterThan(mean('occasional'));
    expect(mean('occasional')).toBeGreaterThan(mean('one-off'));
    // Many messages both ways always beat one message one way.
    expect(Math.min(...byKind.get('strong')!)).toBeGreaterThan(Math.max(...byKind.get('one-off')!));
  });

  it('orders the top lapsed people as committed', () => {
    const top = lapsed()
      .slice(0, 10)
      .map((a) => `${a.address} · ${truthOf(a.email).persona} · strength ${a.strength} · priority ${a.priority} · ${a.reason}`);
    expect(top).toMatchSnapshot();
    expect(lapsed().every((a, i, all) => i === 0 || all[i - 1]!.priority >= a.priority)).toBe(true);
  });

  it('gives every verdict a reason', () => {
    for (const a of scan().assessments) expect(a.reason).toMatch(/^[A-Z].{10,}[^.]$/);
  });

  describe('drafts that fit the gap', () => {
    const now = () => Date.parse(truth.now);
    const daysSince = (t: SampleTruth['contacts'][number]) =>
      Math.floor((now() - Math.max(Date.parse(t.lastSent ?? '1970-01-01T00:00:00Z'), Date.parse(t.lastReceived ?? '1970-01-01T00:00:00Z'))) / DAY);
    const theyWroteLast = (t: SampleTruth['contacts'][number]) => t.lastReceived !== null && (t.lastSent === null || t.lastReceived > t.lastSent);
    const draftFor = (t: SampleTruth['contacts'][number]) =>
      formatDraft(planDraftFromScan(scan(), t.shownAddress, { templateName: 'reconnect', now: now(), ownerName: 'Alex Rivera', replyInThread: true }));
    // Chosen by rule from the truth, so the same kinds of case are drafted whatever the seed.
    const pick = (label: string, rule: (t: SampleTruth['contacts'][number]) => boolean) => {
      const t = truth.contacts.find(rule);
      if (t === undefined) throw new Error(`the sample has no ${label}`);
      return t;
    };

    it.each([
      ['a 5-week gap', (t: SampleTruth['contacts'][number]) => daysSince(t) >= 35 && daysSince(t) <= 41, /5 weeks/],
      ['a 14-month gap', (t: SampleTruth['contacts'][number]) => daysSince(t) >= 426 && daysSince(t) <= 456, /over a year/],
      ['a strong tie who wrote last', (t: SampleTruth['contacts'][number]) => t.relationship === 'strong' && t.expectedState === 'lapsed' && theyWroteLast(t), /I never got back to you/],
      ['a strong tie you wrote to last', (t: SampleTruth['contacts'][number]) => t.relationship === 'strong' && t.expectedState === 'lapsed' && !theyWroteLast(t), /It's been a while since we spoke, and that's on me\./],
    ])('%s', (label, rule, words) => {
      const t = pick(label, rule);
      const text = draftFor(t);
      // Written to the spelling they use, never the merged key.
      expect(text.split('\n')[0]).toMatch(new RegExp(`^To: (.+ <)?${t.shownAddress.replace(/[.+]/g, '\\$&')}>?$`));
      expect(text).toMatch(words);
      expect(text).toMatchSnapshot();
    });
  });
});
