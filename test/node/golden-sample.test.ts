/**
 * The bundled sample, scanned end to end, against what the generator says it wrote.
 * The truth file comes from the generator's own records, never from src/core, so a
 * disagreement here is a real bug on one side or the other.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeSample, type SampleTruth } from '../../src/node/generate-sample';
import { scanMbox } from '../../src/node/scan-mbox';

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
