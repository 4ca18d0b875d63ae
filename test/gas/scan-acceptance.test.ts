/** The scan beyond fault injection: overlap, incremental cost, quotas, time limits, labels. */
import { LEDGER_VERSION } from '../../src/core/ledger';
import { Execution } from '../fakes/fake-clock';
import { gmailQuotaUnits } from '../fakes/call-log';
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { createGasRuntime } from '../../src/gas/create-gas-runtime';
import { CONTINUE_HANDLER, scanMailbox } from '../../src/gas/scan-mailbox';
import { buildFaultMailbox } from './scan-faults';
import { fakeServices, newGoogle, NOW, runExecution, scanOnce, scanUntilDone, storedLedger } from './gas-harness';

const DAY = 86_400_000;
const box = buildFaultMailbox();
const reference = (() => {
  const google = newGoogle(box);
  scanUntilDone(google);
  return JSON.stringify(storedLedger(google));
})();
const continuations = (google: ReturnType<typeof newGoogle>) => google.ScriptApp.triggers.filter((t) => t.handlerFunction === CONTINUE_HANDLER).length;

describe('a full scan', () => {
  it('stops before 5 minutes, keeps one continuation trigger, and finishes in the continuation', () => {
    // 300 ms a Gmail call: the 1,150 threads need more than one run.
    const google = newGoogle(box, NOW, { 'gmail.*': 300 });
    const first = scanOnce(google);
    expect(first.result!.outcome).toBe('partial');
    const run = google.runtime.allExecutions[0]!;
    expect(run.died).toBe(false);
    expect(google.log.calls[google.log.calls.length - 1]!.at - run.startedAt).toBeLessThan(5 * 60_000);
    expect(continuations(google)).toBe(1);
    const rest = scanUntilDone(google);
    expect(rest[rest.length - 1]!.outcome).toBe('done');
    expect(continuations(google)).toBe(0);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });

  it('never holds more than one continuation trigger, however many runs it takes', () => {
    const google = newGoogle(box, NOW);
    for (let i = 0; i < 6; i += 1) {
      scanOnce(google, { budgetMs: 30_000 });
      expect(continuations(google)).toBeLessThanOrEqual(1);
      google.clock.advance(60_000);
    }
  });

  it('survives being killed at the 6-minute limit mid-page', () => {
    // Slow Gmail (600 ms a call) and a budget past the limit: Apps Script kills the run at 6 minutes.
    const google = newGoogle(box, NOW, { 'gmail.*': 600 });
    const killed = scanOnce(google, { budgetMs: 20 * 60_000 });
    expect(String(killed.error)).toContain('Exceeded maximum execution time');
    expect(continuations(google)).toBe(1);
    scanUntilDone(google);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });
});

describe('overlapping runs', () => {
  it('a second run started during the first gives way, and the ledger is counted once', () => {
    const google = newGoogle(box);
    let second: ReturnType<typeof scanMailbox> | undefined;
    let gets = 0;
    google.log.failWhen((call) => {
      if (call.name === 'gmail.users.threads.get' && ++gets === 100 && second === undefined) {
        const other = new Execution(google.clock, { id: 'overlapping' });
        second = google.withExecution(other, () => scanMailbox(createGasRuntime(fakeServices(google))));
        other.end();
      }
      return false;
    }, new Error('unused'));
    scanUntilDone(google);
    expect(second!.outcome).toBe('busy');
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });
});

describe('incremental scans', () => {
  it('read only the 50 new messages after a full scan', () => {
    const google = newGoogle(box);
    scanUntilDone(google);
    google.clock.advance(DAY);
    const newIds: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      newIds.push(google.Gmail.deliver({ from: `Person ${i + 1} <person${i + 1}@example.com>`, to: 'me@example.com', date: google.clock.now() - (i + 1) * 60_000, subject: `New ${i}` }));
    }
    const gets = google.log.count('gmail.users.threads.get');
    const lists = google.log.count('gmail.users.threads.list') + google.log.count('gmail.users.messages.list');
    const result = scanOnce(google).result!;
    expect(result.outcome).toBe('done');
    // Each new message is its own thread: one read each, headers of the whole thread in one call.
    const fetched = google.log.callsOf('gmail.users.threads.get').slice(gets);
    expect(fetched).toHaveLength(50);
    // One listing per phase, plus the labelled-messages listing for the label update.
    expect(google.log.count('gmail.users.threads.list') + google.log.count('gmail.users.messages.list') - lists).toBeLessThanOrEqual(3);
    const ledger = storedLedger(google);
    const before = JSON.parse(reference);
    expect(ledger.coverage.messages).toBe(before.coverage.messages + 50);
  });

  it('find nothing to read when nothing arrived', () => {
    const google = newGoogle(box);
    scanUntilDone(google);
    const gets = google.log.count('gmail.users.threads.get');
    scanOnce(google);
    expect(google.log.count('gmail.users.threads.get')).toBe(gets);
  });
});

describe('quotas', () => {
  it('backs off and retries on a rate limit, and still reads every message once', () => {
    const google = newGoogle(box);
    google.log.setRateQuota('gmail', { limit: 15_000, windowMs: 60_000, weight: gmailQuotaUnits });
    google.log.failOnMethodCall('gmail.users.threads.get', 40, new Error('Service invoked too many times in a short time: gmail. Try Utilities.sleep(1000) between calls.'));
    scanUntilDone(google);
    expect(google.log.count('utilities.sleep')).toBeGreaterThan(0);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });

  it('stops cleanly on the daily quota, keeps progress, waits a day without looping, then resumes', () => {
    const google = newGoogle(box);
    google.log.setDailyQuota('gmail', { limit: 1000 });
    const first = scanOnce(google).result!;
    expect(first.outcome).toBe('quota');
    expect(first.message).toContain("daily quota");
    const refused = google.log.calls.filter((c) => c.outcome === 'quota');
    expect(refused).toHaveLength(1);
    const trigger = google.ScriptApp.triggers.find((t) => t.handlerFunction === CONTINUE_HANDLER)!;
    expect(trigger.spec.afterMs).toBe(24 * 60 * 60_000);
    expect(storedLedger(google).coverage.messages).toBeGreaterThan(900);
    google.clock.advance(24 * 60 * 60_000);
    google.log.clearQuotas();
    scanUntilDone(google);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });
});

describe('the stored ledger', () => {
  it('keeps the old copy whole when a commit dies halfway', () => {
    const google = newGoogle(box);
    // The third ledger commit's write fails (each commit writes the ledger, then the plan beside it);
    // the writes the first list call precedes are the report's.
    let listed = false;
    let writes = 0;
    google.log.failWhen((call) => {
      if (call.name === 'gmail.users.threads.list') listed = true;
      return listed && call.name === 'spreadsheet.Range.setValues' && ++writes === 5;
    }, new Error('Service Spreadsheets failed while accessing document'), 1);
    const first = scanOnce(google);
    expect(first.error).toBeDefined();
    // The third write failed: what loads is the second commit, whole.
    const afterTwoCommits = storedLedger(google);
    expect(afterTwoCommits.coverage.messages).toBeGreaterThan(400);
    // Two commits of 100 threads each, about 2.6 messages a thread.
    expect(afterTwoCommits.coverage.messages).toBeLessThan(700);
    scanUntilDone(google);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });

  it('migrates a version 1 ledger on load', () => {
    const google = newGoogle(new MailboxBuilder({ owner: 'me@example.com' }));
    const outcome = runExecution(google, (runtime) => {
      const sheet = runtime.opened.spreadsheet.insertSheet('_ledger_a');
      const contact = { email: 'ann@example.org', name: 'Ann', nameDate: 1, firstSeen: 1, lastSent: 1, lastReceived: null, sentCount: 1, receivedCount: 0, weakCount: 0, lastWeak: null, lastSentThread: { threadId: 't', subject: 's', date: 1, messageId: '' }, lastReceivedThread: null, history: [0] };
      sheet.getRange(1, 1, 2, 1).setValues([[JSON.stringify({ version: 1, coverage: { messages: 1, counted: 1, oldest: 1, newest: 1 }, contacts: 1 })], [JSON.stringify(contact)]]);
      runtime.state.saveScanState({ cursor: { watermark: null, progress: null }, ledgerSheet: '_ledger_a', owner: [] });
      return runtime.store.load().ledger;
    });
    expect(outcome.result!.version).toBe(LEDGER_VERSION);
    expect(outcome.result!.contacts['ann@example.org']!.lastSentThread).toEqual({ id: '', threadId: 't', subject: 's', date: 1, messageId: '' });
  });
});
