/** Apps Script drafts: one Reconnect draft per person under faults, labels Gmail accepts, lost answers settled. */
import { DRAFT_MARKER_HEADER } from '../../src/core/plan-draft-run';
import { runWeekly, finishWeekly } from '../../src/gas/run-weekly';
import { CONTINUE_HANDLER, DEFAULT_SCAN_OPTIONS, scanMailbox } from '../../src/gas/scan-mailbox';
import type { FakeGoogle } from '../fakes/fake-google';
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { createTypicalGoogle } from './addon-fixtures';
import { findButton, isErrorCard, openHomepage, press, readNextCard } from './addon-harness';
import { newGoogle, NOW, runExecution, scanUntilDone } from './gas-harness';

const DAY = 86_400_000;
const at = (daysAgo: number) => Date.parse(NOW) - daysAgo * DAY;
const serverError = () => new Error("We're sorry, a server error occurred. Please wait a bit and try again.");

function lapsedMailbox(count = 6) {
  const box = new MailboxBuilder({ owner: { name: 'Alex Rivera', email: 'me@example.com', address: 'Alex Rivera <me@example.com>' } });
  for (let i = 0; i < count; i += 1) {
    const p = box.person(`Person ${i}`, `p${i}@example.org`);
    box.thread({ from: box.me, to: p, date: at(300 + i * 10), subject: `Project ${i}` }, { from: p, to: box.me, date: at(299 + i * 10) });
  }
  // One person with no thread to reply in is drafted a new message.
  const lone = box.person('Lone Ranger', 'lone@example.org');
  box.thread({ from: lone, to: box.me, date: at(500), subject: 'Hello' });
  return box;
}

/** Open Reconnect drafts per recipient address: what the user would find in Drafts. */
function openDraftsByPerson(google: FakeGoogle): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of google.Gmail.draftRecords()) {
    if (!d.headers.some((h) => h.name === DRAFT_MARKER_HEADER)) continue;
    const to = /<([^>]+)>/.exec(d.to)?.[1] ?? d.to;
    out.set(to, (out.get(to) ?? 0) + 1);
  }
  return out;
}

/** Messages with the Drafted label, by their subject (ids differ between runs). */
function draftedLabelled(google: FakeGoogle): string[] {
  const id = google.Gmail.labelId('Reconnect/Drafted');
  if (id === undefined) return [];
  return google.Gmail.messageIds()
    .filter((m) => google.Gmail.labelIdsOf(m).includes(id))
    .map((m) => `${google.Gmail.headersOf(m).find((h) => h.name === 'Subject')?.value}/${google.Gmail.headersOf(m).find((h) => h.name === 'From')?.value}`)
    .sort();
}

function draftLog(google: FakeGoogle) {
  const { result, error } = runExecution(google, (rt) => rt.draftLog.read());
  if (error !== undefined) throw error;
  return result!;
}

/** What the continuation trigger does (main.ts continueScan), run while one is pending; then the next weekly trigger if nothing was left to continue. */
function settle(google: FakeGoogle): void {
  for (let i = 0; i < 12; i += 1) {
    google.clock.advance(60_000);
    const pending = google.ScriptApp.triggers.some((t) => t.handlerFunction === CONTINUE_HANDLER);
    if (!pending) break;
    runExecution(google, (rt) => {
      const startedAt = rt.now();
      rt.triggers.cancel(CONTINUE_HANDLER);
      const scan = scanMailbox(rt);
      if (scan.outcome === 'done' && rt.state.weeklyPending()) finishWeekly(rt, startedAt + DEFAULT_SCAN_OPTIONS.budgetMs);
    });
  }
  const { result } = runExecution(google, (rt) => ({ pending: rt.state.weeklyPending(), last: rt.state.lastRun() }));
  // A run that died before it could schedule a continuation: the weekly trigger runs again.
  if (result?.pending === true || result?.last?.kind !== 'weekly') {
    runExecution(google, (rt) => runWeekly(rt));
    settle(google);
  }
}

function scannedGoogle(): FakeGoogle {
  const google = newGoogle(lapsedMailbox());
  scanUntilDone(google);
  google.clock.advance(DAY);
  return google;
}

describe('a failed draft-log write never leads to a second draft', () => {
  it('from a card: the error card, then Retry, leaves one draft', () => {
    const { google } = createTypicalGoogle();
    const home = openHomepage(google);
    let created = false;
    google.log.failWhen((call) => {
      if (call.name === 'gmail.users.drafts.create') created = true;
      return created && call.name === 'spreadsheet.Range.setValues';
    }, serverError(), 1);
    const card = readNextCard(press(google, findButton(home, 'Draft reconnect')));
    expect(isErrorCard(card)).toBe(true);
    expect(google.Gmail.draftRecords()).toHaveLength(1);
    const retried = press(google, findButton(card, 'Retry'));
    expect(retried.kind === 'actionResponse' ? retried.notification : '').toMatch(/already in your Drafts/);
    expect(google.Gmail.draftRecords()).toHaveLength(1);
    expect(draftLog(google)).toEqual([expect.objectContaining({ state: 'open', draftId: google.Gmail.draftRecords()[0]!.id })]);
  });

  it('in the weekly batch: the failing week and the next make one draft per person', () => {
    const google = scannedGoogle();
    let created = 0;
    // From the first draft on, the spreadsheet refuses every write of that run: nothing after the create is remembered.
    google.log.failWhen((call) => {
      if (call.name === 'gmail.users.drafts.create') created += 1;
      return created >= 1 && call.name === 'spreadsheet.Range.setValues';
    }, serverError());
    runExecution(google, (rt) => runWeekly(rt));
    google.log.clearFaults();
    google.clock.advance(DAY);
    runExecution(google, (rt) => runWeekly(rt));
    settle(google);
    google.clock.advance(7 * DAY);
    runExecution(google, (rt) => runWeekly(rt));
    expect([...openDraftsByPerson(google)].filter(([, n]) => n !== 1)).toEqual([]);
    expect(openDraftsByPerson(google).size).toBe(google.Gmail.draftRecords().length);
  });
});

describe('lost answers (the request was carried out, the answer never came)', () => {
  it('drafts.create: the draft is found by its marker and recorded, not made again', () => {
    const google = scannedGoogle();
    google.log.loseAnswerOnCall('gmail.users.drafts.create', 1);
    const { result } = runExecution(google, (rt) => runWeekly(rt));
    expect(result!.batch!.errors).toEqual([]);
    expect(google.Gmail.draftRecords()).toHaveLength(5);
    expect(draftLog(google).filter((r) => r.state === 'open')).toHaveLength(5);
    expect(draftLog(google).some((r) => r.state === 'pending')).toBe(false);
  });

  it("labels.create: the label is known as Reconnect's by its pending name, and no run is locked out", () => {
    const google = newGoogle(lapsedMailbox());
    google.log.loseAnswerOnCall('gmail.users.labels.create', 1);
    scanUntilDone(google);
    google.clock.advance(DAY);
    const { result } = runExecution(google, (rt) => runWeekly(rt));
    expect(result!.outcome).toBe('done');
    expect(google.Gmail.labelId('Reconnect/Lapsed')).toBeDefined();
    expect(google.Gmail.draftRecords()).toHaveLength(5);
  });
});

describe('the Drafted label goes where Gmail accepts it', () => {
  it('on the latest sent or received message, never on a draft message', () => {
    const google = scannedGoogle();
    const { result } = runExecution(google, (rt) => runWeekly(rt));
    expect(result!.batch!.errors).toEqual([]);
    const drafted = google.Gmail.labelId('Reconnect/Drafted')!;
    const labelled = google.Gmail.messageIds().filter((id) => google.Gmail.labelIdsOf(id).includes(drafted));
    expect(labelled.length).toBe(5);
    expect(labelled.some((id) => google.Gmail.labelIdsOf(id).includes('DRAFT'))).toBe(false);
  });
});

describe('a stored label id is trusted only for a user label of that name', () => {
  it('a tampered id naming a system label is not used', () => {
    const google = scannedGoogle();
    runExecution(google, (rt) => rt.state.saveCreatedLabels({ ...rt.state.createdLabels(), 'Reconnect/Drafted': 'STARRED' }));
    const { result, error } = runExecution(google, (rt) => runWeekly(rt));
    expect(error).toBeUndefined();
    expect(result!.outcome).toBe('done');
    const starred = google.Gmail.messageIds().filter((id) => google.Gmail.labelIdsOf(id).includes('STARRED'));
    expect(starred).toEqual([]);
    expect(google.Gmail.labelId('Reconnect/Drafted')).toMatch(/^Label_/);
  });
});

describe('a fault at every call of a weekly batch', () => {
  const baseline = (() => {
    const google = scannedGoogle();
    runExecution(google, (rt) => runWeekly(rt));
    const calls = google.log.calls.length;
    return { people: [...openDraftsByPerson(google).keys()].sort(), drafted: draftedLabelled(google), google, calls };
  })();
  const start = (() => {
    const google = scannedGoogle();
    return google.log.calls.length;
  })();
  const batchCalls = baseline.calls - start;

  it('the batch makes calls to sweep', () => {
    expect(batchCalls).toBeGreaterThan(20);
    expect(baseline.people).toHaveLength(5);
  });

  it.each([
    ['fails (not carried out)', 'fail'],
    ['loses its answer (carried out)', 'lose'],
  ] as const)('each call that %s: at most one open draft a person, and the fault-free result', (_name, mode) => {
    const problems: string[] = [];
    for (let k = 1; k <= batchCalls; k += 1) {
      const google = scannedGoogle();
      if (mode === 'fail') google.log.failOnCall(k, serverError());
      else google.log.loseAnswerOnCall(null, k);
      runExecution(google, (rt) => runWeekly(rt));
      settle(google);
      const byPerson = openDraftsByPerson(google);
      const people = [...byPerson.keys()].sort();
      const doubled = [...byPerson].filter(([, n]) => n > 1);
      const log = draftLog(google).filter((r) => r.state === 'open');
      if (doubled.length > 0) problems.push(`call ${k}: two drafts for ${doubled.map(([p]) => p).join(', ')}`);
      if (people.join() !== baseline.people.join()) problems.push(`call ${k}: drafted ${people.join()} instead of ${baseline.people.join()}`);
      if (draftedLabelled(google).join() !== baseline.drafted.join()) problems.push(`call ${k}: Drafted on ${draftedLabelled(google).join()}`);
      if (log.length !== people.length) problems.push(`call ${k}: the log has ${log.length} open drafts for ${people.length} in Gmail`);
      expect(google.Gmail.sendAttempts).toEqual([]);
    }
    expect(problems).toEqual([]);
  });
});
