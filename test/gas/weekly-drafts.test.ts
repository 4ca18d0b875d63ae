/** Drafting in Apps Script: the weekly batch, the draft states, reply drafts, and never a send. */
import { createDraftFor, DraftRefusedError } from '../../src/gas/draft-reconnects';
import { finishWeekly, runWeekly, WEEKLY_HANDLER } from '../../src/gas/run-weekly';
import { scanMailbox } from '../../src/gas/scan-mailbox';
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { newGoogle, NOW, runExecution, storedLedger } from './gas-harness';

const DAY = 86_400_000;
const at = (daysAgo: number) => Date.parse(NOW) - daysAgo * DAY;

function lapsedMailbox(count = 8) {
  const box = new MailboxBuilder({ owner: box0Owner() });
  for (let i = 0; i < count; i += 1) {
    const p = box.person(`Person ${i}`, `p${i}@example.org`);
    box.thread({ from: box.me, to: p, date: at(300 + i * 10), subject: `Project ${i}` }, { from: p, to: box.me, date: at(299 + i * 10) });
  }
  const fresh = box.person('Fresh Friend', 'fresh@example.org');
  box.thread({ from: box.me, to: fresh, date: at(3), subject: 'Lunch' }, { from: fresh, to: box.me, date: at(2) });
  return box;
}

function box0Owner() {
  return { name: 'Alex Rivera', email: 'me@example.com', address: 'Alex Rivera <me@example.com>' };
}

const weekly = (google: ReturnType<typeof newGoogle>) => {
  const out = runExecution(google, (rt) => runWeekly(rt));
  if (out.error !== undefined) throw out.error;
  return out.result!;
};
const drafts = (google: ReturnType<typeof newGoogle>) => google.Gmail.draftRecords();

describe('the weekly batch', () => {
  it('creates exactly N drafts, then none when run again the same week', () => {
    const google = newGoogle(lapsedMailbox());
    const first = weekly(google);
    expect(first.outcome).toBe('done');
    expect(drafts(google)).toHaveLength(5);
    expect(first.batch!.skipped.filter((s) => s.reason === 'over the weekly limit')).toHaveLength(3);
    google.clock.advance(DAY);
    const second = weekly(google);
    expect(drafts(google)).toHaveLength(5);
    expect(second.batch!.drafted).toEqual([]);
    expect(google.Gmail.sendAttempts).toEqual([]);
  });

  it('drafts the most overdue people first, as replies in their latest thread', () => {
    const google = newGoogle(lapsedMailbox());
    weekly(google);
    const records = drafts(google);
    const to = records.map((d) => d.to).join(' ');
    expect(to).toContain('p7@example.org');
    expect(to).not.toContain('fresh@example.org');
    const p7 = records.find((d) => d.to.includes('p7@example.org'))!;
    expect(p7.subject).toBe('Re: Project 7');
    expect(p7.inReplyTo).toMatch(/^<.+>$/);
    const write = google.Gmail.draftWrites.find((w) => w.draftId === p7.id)!;
    expect(write.threadingProblems).toEqual([]);
    expect(write.threadId).toBe(write.requestedThreadId);
    expect(write.threadId).toBe(google.Gmail.threadIdOf(google.Gmail.messageIds().find((id) => google.Gmail.headersOf(id).some((h) => h.name === 'Subject' && h.value === 'Project 7'))!));
  });

  it('labels drafted threads Reconnect/Drafted', () => {
    const google = newGoogle(lapsedMailbox());
    weekly(google);
    const label = google.Gmail.labelId('Reconnect/Drafted')!;
    expect(google.Gmail.messageIds().filter((id) => google.Gmail.labelIdsOf(id).includes(label)).length).toBeGreaterThanOrEqual(5);
  });

  it('records a summary the homepage and report can show', () => {
    const google = newGoogle(lapsedMailbox());
    weekly(google);
    const last = runExecution(google, (rt) => rt.state.lastRun()).result!;
    expect(last.kind).toBe('weekly');
    expect(last.message).toMatch(/^Drafted 5 reconnect and 0 thank-you note\(s\)\. Skipped: 3 over the weekly limit\.$/);
  });
});

describe('what happens to a draft next', () => {
  it('a deleted draft is forgotten quietly, and the person is not drafted again within their cadence', () => {
    const google = newGoogle(lapsedMailbox(1));
    weekly(google);
    const [d] = drafts(google);
    google.Gmail.userDeletesDraft(d!.id);
    google.clock.advance(7 * DAY);
    const next = weekly(google);
    expect(next.batch!.errors).toEqual([]);
    expect(next.batch!.skipped).toEqual([{ email: 'p0@example.org', reason: 'drafted recently' }]);
    expect(drafts(google)).toHaveLength(0);
  });

  it('a sent draft moves the person to reached, and the next scan confirms it', () => {
    const google = newGoogle(lapsedMailbox(1));
    weekly(google);
    const [d] = drafts(google);
    google.clock.advance(DAY);
    google.Gmail.userSendsDraft(d!.id, google.clock.now() - 1000);
    google.clock.advance(7 * DAY);
    weekly(google);
    const log = runExecution(google, (rt) => rt.draftLog.read()).result!;
    expect(log[0]).toMatchObject({ email: 'p0@example.org', state: 'sent' });
    const contact = storedLedger(google).contacts['p0@example.org']!;
    expect(contact.lastSent).toBeGreaterThan(at(10));
    expect(drafts(google)).toHaveLength(0);
  });

  it('a reply to the reconnect message brings a thank-you draft', () => {
    const google = newGoogle(lapsedMailbox(1));
    weekly(google);
    const [d] = drafts(google);
    google.clock.advance(DAY);
    const sentId = google.Gmail.userSendsDraft(d!.id, google.clock.now() - 1000);
    google.clock.advance(DAY);
    google.Gmail.deliver({ threadId: google.Gmail.threadIdOf(sentId), from: 'Person 0 <p0@example.org>', to: 'me@example.com', date: google.clock.now() - 1000, subject: 'Re: Project 0' });
    google.clock.advance(6 * DAY);
    const next = weekly(google);
    expect(next.batch!.drafted).toEqual([{ email: 'p0@example.org', kind: 'thank-you' }]);
    expect(drafts(google)[0]!.body).toContain('Thank you for getting back to me');
    google.clock.advance(7 * DAY);
    expect(weekly(google).batch!.drafted).toEqual([]);
  });
});

describe('one draft on request', () => {
  it('never makes a second open draft for the same person', () => {
    const google = newGoogle(lapsedMailbox(1));
    runExecution(google, (rt) => scanMailbox(rt));
    const first = runExecution(google, (rt) => createDraftFor(rt, 'p0@example.org', 'interest'));
    expect(first.error).toBeUndefined();
    const second = runExecution(google, (rt) => createDraftFor(rt, 'p0@example.org', 'reconnect'));
    expect(second.error).toBeInstanceOf(DraftRefusedError);
    expect(String(second.error)).toContain('already in your Drafts');
    expect(drafts(google)).toHaveLength(1);
  });

  it('renders hostile names and subjects as inert text', () => {
    const box = new MailboxBuilder({ owner: box0Owner() });
    const evil = box.person('{{ownerName}} <script>alert(1)</script> =cmd|', 'evil@example.org');
    box.thread({ from: box.me, to: evil, date: at(400), subject: '=cmd|\' /C calc\'!A0 {{#x}}' }, { from: evil, to: box.me, date: at(399), subject: '<script>alert(2)</script>' });
    const google = newGoogle(box);
    const out = runExecution(google, (rt) => {
      runWeekly(rt);
      return drafts(google)[0]!;
    }).result!;
    expect(out.body).not.toContain('Alex Rivera <script>');
    expect(out.body).toContain('<script>alert(2)</script>');
    expect(out.body).not.toMatch(/&lt;|&amp;|&#/);
  });
});

describe('setup', () => {
  it('installs one weekly trigger, however often it runs', () => {
    const google = newGoogle(lapsedMailbox(1));
    for (let i = 0; i < 3; i += 1) {
      runExecution(google, (rt) => rt.triggers.scheduleWeekly(WEEKLY_HANDLER, 1, 8, rt.session.getScriptTimeZone()));
    }
    const weeklies = google.ScriptApp.triggers.filter((t) => t.handlerFunction === WEEKLY_HANDLER);
    expect(weeklies).toHaveLength(1);
    expect(weeklies[0]!.spec).toMatchObject({ everyWeeks: 1, onWeekDay: 'MONDAY', atHour: 8 });
  });
});

describe('a draft whose label fails', () => {
  it('is still remembered, so the next run does not draft that person again', () => {
    const google = newGoogle(lapsedMailbox(1));
    let drafted = false;
    google.log.failWhen((call) => {
      if (call.name === 'gmail.users.drafts.create') drafted = true;
      return drafted && call.name === 'gmail.users.messages.batchModify';
    }, new Error('Service unavailable'), 20);
    const first = weekly(google);
    expect(drafts(google)).toHaveLength(1);
    expect(first.batch!.errors.map((e) => e.email)).toEqual(['p0@example.org']);
    google.log.clearFaults();
    google.clock.advance(DAY);
    weekly(google);
    expect(drafts(google)).toHaveLength(1);
  });
});

describe('templates from the Templates sheet', () => {
  it('uses a valid override, and notes a broken one on its row while the bundled template stands in', () => {
    const google = newGoogle(lapsedMailbox(2));
    runExecution(google, (rt) => {
      const sheet = rt.opened.spreadsheet.getSheetByName('Templates')!;
      sheet.getRange(2, 1, 2, 3).setValues([
        ['reconnect', 'Long time', '{{greeting}}\n\nIt has been too long. Coffee soon?'],
        ['interest', 'Hello', 'Hi {{frstName}}'],
      ]);
    });
    const result = weekly(google);
    expect(drafts(google)[0]!.body).toContain('It has been too long. Coffee soon?');
    expect(result.batch!.templateProblems.join(' ')).toContain('{{frstName}}');
    const note = runExecution(google, (rt) => (rt.opened.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet).getSheetByName('Templates')!.getRange(3, 1).getNote()).result!;
    expect(note).toContain('frstName');
  });
});

describe('the report after a weekly run', () => {
  it('shows the weekly summary on the Summary tab', () => {
    const google = newGoogle(lapsedMailbox());
    weekly(google);
    const summary = runExecution(google, (rt) => (rt.opened.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet).getSheetByName('Summary')!.getDataRange().getDisplayValues().flat().join(' ')).result!;
    expect(summary).toContain('Drafted 5 reconnect and 0 thank-you note(s).');
  });
});

describe('a weekly batch cut short by the time budget', () => {
  it('leaves a continuation that makes the rest', () => {
    // Slow draft creation (70 s each): the 4.5-minute budget runs out part way.
    const slow = newGoogle(lapsedMailbox(), NOW, { 'gmail.users.drafts.create': 70_000 });
    const first = weekly(slow);
    expect(first.outcome).toBe('partial');
    const made = drafts(slow).length;
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(5);
    expect(slow.ScriptApp.triggers.filter((t) => t.handlerFunction === 'continueScan')).toHaveLength(1);
    slow.clock.advance(60_000);
    const rest = runExecution(slow, (rt) => {
      rt.triggers.cancel('continueScan');
      scanMailbox(rt);
      return finishWeekly(rt, rt.now() + 4.5 * 60_000);
    });
    expect(rest.result!.outcome).toBe('done');
    expect(drafts(slow)).toHaveLength(5);
  });
});
