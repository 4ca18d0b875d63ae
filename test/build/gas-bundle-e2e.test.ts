/**
 * The bundle as Apps Script runs it: dist/Code.js's text in a fresh vm context
 * whose only globals are the fakes (and a Date whose clock is the fakes'),
 * driven only through its top-level functions.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import vm from 'node:vm';
import { asAdvancedCalendar, FakeCalendar } from '../fakes/fake-calendar';
import { FakeGoogle } from '../fakes/fake-google';
import { asAdvancedPeople, FakePeople } from '../fakes/fake-people';
import { MailboxBuilder } from '../fakes/mailbox-builder';

const ROOT = path.resolve(__dirname, '../..');
const NOW = Date.parse('2026-11-02T09:00:00Z');
const DAY = 86_400_000;

/** The bundle's text, built in memory so parallel test files never race on dist/. */
function buildBundle(): string {
  const script = "import('./scripts/build-gas.mjs').then((m) => m.buildGas({ write: false })).then((r) => process.stdout.write(r.code))";
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

function mailbox(): MailboxBuilder {
  const box = new MailboxBuilder({ owner: { name: 'Alex Rivera', email: 'me@example.com', address: 'Alex Rivera <me@example.com>' } });
  for (let i = 0; i < 7; i += 1) {
    const p = box.person(`Person ${i}`, `p${i}@example.org`);
    box.thread({ from: box.me, to: p, date: NOW - (200 + i * 20) * DAY, subject: `Project ${i}` }, { from: p, to: box.me, date: NOW - (199 + i * 20) * DAY });
  }
  const fresh = box.person('Fresh Friend', 'fresh@example.org');
  box.thread({ from: box.me, to: fresh, date: NOW - 3 * DAY, subject: 'Lunch' }, { from: fresh, to: box.me, date: NOW - 2 * DAY });
  box.newsletter('news@shop.example', NOW - DAY);
  return box;
}

/** A Date for the context whose "now" is the fakes' clock, as Apps Script's is the real one. */
function clockDate(google: FakeGoogle): DateConstructor {
  const Base = Date;
  class FakeClockDate extends Base {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      if (args.length === 0) super(google.clock.now());
      else super(...(args as [number]));
    }
    static override now(): number {
      return google.clock.now();
    }
  }
  return FakeClockDate as unknown as DateConstructor;
}

describe('the bundle, end to end', () => {
  const code = buildBundle();

  function load() {
    const google = new FakeGoogle({ now: NOW, mailbox: mailbox() });
    const context = google.installGlobals(vm.createContext({ Logger: { log: () => undefined }, console }));
    // The manifest adds the Calendar and People advanced services (issue 14).
    Object.assign(context, { Calendar: asAdvancedCalendar(new FakeCalendar()), People: asAdvancedPeople(new FakePeople({ now: () => google.clock.now() })) });
    Object.defineProperty(context, 'Date', { value: clockDate(google) });
    vm.runInContext(code, context, { filename: 'Code.js' });
    const call = (name: string, ...args: unknown[]) => {
      google.startExecution();
      try {
        return (context as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);
      } finally {
        google.endExecution();
      }
    };
    return { google, call };
  }

  it('setup scans, labels lapsed threads and installs the weekly trigger', () => {
    const { google, call } = load();
    const text = call('setup') as string;
    expect(text).toMatch(/^Reconnect is set up\. Spreadsheet: https:\/\/docs\.google\.com\/spreadsheets\/d\/.+ Scan complete: \d+ new messages read\.$/);
    const lapsed = google.Gmail.labelId('Reconnect/Lapsed')!;
    const labelled = new Set(google.Gmail.messageIds().filter((id) => google.Gmail.labelIdsOf(id).includes(lapsed)).map((id) => google.Gmail.threadIdOf(id)));
    expect(labelled.size).toBe(7);
    // The weekly batch, and the hourly trigger that picks up scans a card started.
    expect(google.ScriptApp.triggers.map((t) => t.handlerFunction).sort()).toEqual(['resumeScan', 'weeklyRun']);
  });

  it('weeklyRun drafts for the most overdue, never sending, and a second run adds nothing', () => {
    const { google, call } = load();
    call('setup');
    google.clock.advance(DAY);
    expect(call('weeklyRun')).toMatch(/^Drafted 5 reconnect and 0 thank-you note\(s\)\. Skipped: 2 over the weekly limit\./);
    expect(google.Gmail.draftRecords()).toHaveLength(5);
    google.clock.advance(DAY);
    call('weeklyRun');
    expect(google.Gmail.draftRecords()).toHaveLength(5);
    expect(google.Gmail.sendAttempts).toEqual([]);
  });

  it('diagnose reports scopes, counts and timings from the account', () => {
    const { call } = load();
    call('setup');
    const report = call('diagnose') as string;
    expect(report).toContain('https://www.googleapis.com/auth/gmail.modify');
    expect(report).toMatch(/Mail in the lookback: about \d+ sent and \d+ received messages/);
    expect(report).toMatch(/Gmail listed them newest first: yes/);
    expect(report).toMatch(/Full scan projection: \d+ messages/);
    expect(report).toMatch(/Ledger: 8 contacts/);
  });
});
