import { CONTINUE_HANDLER } from '../../src/gas/scan-mailbox';
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { newGoogle, NOW, scanOnce, storedLedger } from './gas-harness';

const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(Date.parse(NOW) - daysAgo * DAY).toISOString();

function smallMailbox() {
  const box = new MailboxBuilder({ owner: 'me@example.com', aliases: ['me@alias.example'] });
  const ann = box.person('Ann Smith', 'ann@example.org');
  const bob = box.person('Bob Jones', 'bob@example.org');
  box.thread({ from: box.me, to: ann, date: at(200), subject: 'Plans' }, { from: ann, to: box.me, date: at(199) });
  box.sent(bob, at(3), { subject: 'Lunch' });
  box.received(bob, at(2), { subject: 'Re: Lunch' });
  box.thread({ from: 'me@alias.example', to: 'Cat <cat@example.org>', date: at(120), subject: 'From the alias' });
  box.newsletter('news@shop.example', at(1));
  box.autoReply('dan@example.org', at(5));
  box.received('noreply@service.example', at(4));
  return { box, ann, bob };
}

describe('scanMailbox', () => {
  it('folds sent and received mail into the stored ledger and leaves noise out', () => {
    const { box } = smallMailbox();
    const google = newGoogle(box);
    const { result, error } = scanOnce(google);
    expect(error).toBeUndefined();
    expect(result!.outcome).toBe('done');
    const ledger = storedLedger(google);
    expect(Object.keys(ledger.contacts).sort()).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org']);
    expect(ledger.contacts['ann@example.org']).toMatchObject({ sentCount: 1, receivedCount: 1, name: 'Ann Smith' });
    expect(ledger.contacts['cat@example.org']).toMatchObject({ sentCount: 1, receivedCount: 0 });
    expect(ledger.contacts['bob@example.org']!.lastReceived).toBe(Date.parse(at(2)));
  });

  it('labels each lapsed person latest thread and leaves no continuation behind', () => {
    const { box } = smallMailbox();
    const google = newGoogle(box);
    scanOnce(google);
    const labelId = google.Gmail.labelId('Reconnect/Lapsed')!;
    const labelled = google.Gmail.messageIds().filter((id) => google.Gmail.labelIdsOf(id).includes(labelId));
    const threads = new Set(labelled.map((id) => google.Gmail.threadIdOf(id)));
    // Ann (last exchange 199 days ago) and Cat (120 days) are past the default 90 days; Bob is not.
    expect(threads.size).toBe(2);
    expect(google.ScriptApp.triggers.filter((t) => t.handlerFunction === CONTINUE_HANDLER)).toHaveLength(0);
  });

  it('reads only new mail on the next scan', () => {
    const { box } = smallMailbox();
    const google = newGoogle(box);
    scanOnce(google);
    const before = google.log.count('gmail.users.threads.get');
    google.clock.advance(DAY);
    google.Gmail.deliver({ from: 'Ann Smith <ann@example.org>', to: 'me@example.com', date: google.clock.now() - 1000, subject: 'Hello again' });
    const { result } = scanOnce(google);
    expect(result!.outcome).toBe('done');
    // One thread read: the new message's (the newest hour is listed again, and its folded ids skipped).
    expect(google.log.count('gmail.users.threads.get') - before).toBe(1);
    expect(storedLedger(google).contacts['ann@example.org']!.receivedCount).toBe(2);
  });
});

describe('a ledger larger than a new sheet', () => {
  it('grows the sheet past its first 1,000 rows', () => {
    const box = new MailboxBuilder({ owner: 'me@example.com' });
    for (let i = 0; i < 1500; i += 1) box.sent(`person${i}@example.org`, at(10 + (i % 300)), { subject: `Hello ${i}` });
    const google = newGoogle(box);
    const { result, error } = scanOnce(google);
    expect(error).toBeUndefined();
    expect(result!.outcome).toBe('done');
    expect(Object.keys(storedLedger(google).contacts)).toHaveLength(1500);
  });
});

describe('the Reconnect spreadsheet', () => {
  it('is made again, with a full scan, when the user deleted it', () => {
    const { box } = smallMailbox();
    const google = newGoogle(box);
    scanOnce(google);
    const [first] = google.SpreadsheetApp.spreadsheetIds();
    google.SpreadsheetApp.deletePermanently(first!);
    const { result } = scanOnce(google);
    expect(result!.outcome).toBe('done');
    expect(google.SpreadsheetApp.spreadsheetIds().filter((id) => id !== first)).toHaveLength(1);
    expect(Object.keys(storedLedger(google).contacts)).toHaveLength(3);
  });

  it('is kept when opening it fails for a passing reason', () => {
    const { box } = smallMailbox();
    const google = newGoogle(box);
    scanOnce(google);
    google.log.failOnMethodCall('spreadsheet.SpreadsheetApp.openById', 1, new Error("We're sorry, a server error occurred. Please wait a bit and try again."));
    const { error } = scanOnce(google);
    expect(String(error)).toContain('server error');
    expect(google.SpreadsheetApp.spreadsheetIds()).toHaveLength(1);
    expect(scanOnce(google).result!.outcome).toBe('done');
  });
});
