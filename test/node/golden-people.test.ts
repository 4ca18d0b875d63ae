/**
 * The sample's calendar, contacts and second mbox, scanned end to end, against
 * what the generator says it wrote (its own records, never src/core).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PeopleSampleTruth } from '../../src/node/generate-sample-people';
import { writeSample, type SampleFiles, type SampleTruth } from '../../src/node/generate-sample';
import { scanMbox } from '../../src/node/scan-mbox';
import { formatScan } from '../../src/node/format-scan';

type Scan = Awaited<ReturnType<typeof scanMbox>>;

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));

let dir: string;
let files: SampleFiles;
let truth: PeopleSampleTruth;
let main: SampleTruth;
let scan: Scan;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reconnect-golden-people-'));
  files = await writeSample(dir);
  truth = JSON.parse(await fs.readFile(files.peopleTruthPath, 'utf8')) as PeopleSampleTruth;
  main = JSON.parse(await fs.readFile(files.truthPath, 'utf8')) as SampleTruth;
  scan = await scanMbox([files.mboxPath, files.mbox2Path], { now: Date.parse(truth.now), calendars: [files.icsPath], contacts: files.vcfPath });
}, 120_000);

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});


/** The merged forms, sorted: written here rather than imported, so the test does not lean on the code under test. */
function merged(emails: readonly string[]): string[] {
  const key = (e: string) => e.trim().toLowerCase().replace(/^([^@]*)@(?:gmail|googlemail)\.com$/, (_m, local: string) => `${local.replace(/\./g, '')}@gmail.com`);
  return [...new Set(emails.map(key))].sort();
}

describe('golden sample: calendar, contacts and a second mbox', () => {
  it('reads every event and card without a warning', () => {
    expect(scan.sources.calendarStats).toMatchObject({ events: truth.events, broken: 0, truncatedSeries: 0 });
    expect(scan.sources.contactStats).toEqual({ cards: truth.cards, broken: 0 });
  });

  it('finds every person the generator wrote, with mail, meetings, addresses and groups', () => {
    for (const want of truth.contacts) {
      const a = scan.assessments.find((x) => x.email === want.email);
      expect(a).toBeDefined();
      const c = scan.ledger.contacts[want.email]!;
      const got = {
        email: a!.email,
        // Spellings as written are shown (golden-sample checks them); here, which addresses are one person.
        emails: merged(a!.emails ?? []),
        groups: a!.groups,
        lastMet: iso(a!.lastMet),
        meetingCount: a!.meetingCount,
        lastContactKind: a!.lastContactKind,
        ...(want.fromMainSample ? {} : { name: a!.name, sentCount: c.sentCount, receivedCount: c.receivedCount, lastSent: iso(c.lastSent), lastReceived: iso(c.lastReceived) }),
        ...(want.cadenceSource === undefined ? {} : { cadenceSource: a!.cadenceSource, cadenceDays: a!.cadenceDays, state: a!.state }),
      };
      const expected = {
        email: want.email,
        emails: merged(want.emails),
        groups: want.groups,
        lastMet: want.lastMet,
        meetingCount: want.meetingCount,
        lastContactKind: want.lastContactKind,
        ...(want.fromMainSample ? {} : { name: want.name, sentCount: want.sentCount, receivedCount: want.receivedCount, lastSent: want.lastSent, lastReceived: want.lastReceived }),
        ...(want.cadenceSource === undefined ? {} : { cadenceSource: want.cadenceSource, cadenceDays: want.cadenceDays, state: want.expectedState }),
      };
      expect(got).toEqual(expected);
      // The main sample's lapsed friend, met five days ago, is in touch again.
      if (want.fromMainSample) expect(a!.state).not.toBe('lapsed');
    }
  });

  it('keeps two people who share a display name apart, and merges a card\'s two addresses into one', () => {
    const chrises = scan.assessments.filter((a) => a.name === 'Chris Taylor').map((a) => a.email).sort();
    expect(chrises).toEqual(['chris.taylor@harbor.example', 'ctaylor@quarry.example']);
    const priya = scan.assessments.filter((a) => a.name === 'Priya Natarajan');
    expect(priya).toHaveLength(1);
    expect(scan.assessments.find((a) => a.email === 'priya@lumen.example')).toBeUndefined();
  });

  it('never makes declined attendees, rooms or a crowd into contacts', () => {
    const everyone = new Set(Object.values(scan.ledger.contacts).flatMap((c) => [c.email, ...c.emails]));
    for (const address of truth.never) expect(everyone.has(address)).toBe(false);
  });

  it('still finds every contact of the main sample, as the mail alone says', () => {
    for (const c of main.contacts) {
      const person = scan.ledger.contacts[scan.ledger.aliases[c.email] ?? c.email];
      expect(person).toBeDefined();
      expect([person!.sentCount, person!.receivedCount]).toEqual([c.sentCount, c.receivedCount]);
    }
  });

  it('shows meetings and merged people in the table `npm start` prints', () => {
    const table = formatScan({ me: scan.owner, now: Date.parse(truth.now), ledger: scan.ledger, assessments: scan.assessments }, 'table');
    expect(table).toMatch(/Priya Natarajan\s+Priya\.Natarajan@gmail\.com \+1/);
    expect(table).toMatch(/Dana Whitfield\s+dana@northwind\.example\s+-\s+-\s+\d{4}-\d{2}-\d{2} \(\d+\)/);
  });
});
