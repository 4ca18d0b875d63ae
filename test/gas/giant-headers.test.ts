/** One message with giant header text must not fail every scan: no stored string can make a sheet cell exceed 50,000 characters. */
import { scanMailbox } from '../../src/gas/scan-mailbox';
import { runWeekly } from '../../src/gas/run-weekly';
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { parseWithPython } from '../support/parse-with-python';
import { newGoogle, NOW, runExecution, scanUntilDone, storedLedger } from './gas-harness';

const DAY = 86_400_000;
const at = (daysAgo: number) => Date.parse(NOW) - daysAgo * DAY;

function giantMailbox() {
  const box = new MailboxBuilder({ owner: { name: 'Alex Rivera', email: 'me@example.com', address: 'Alex Rivera <me@example.com>' } });
  const giant = box.person('N'.repeat(60_000), 'giant@example.org');
  box.thread(
    { from: box.me, to: giant, date: at(400), subject: 'S'.repeat(60_000) },
    { from: giant, to: box.me, date: at(399), subject: `Re: ${'S'.repeat(60_000)}`, messageId: '<giant-reply@example.org>', references: `<${'r'.repeat(60_000)}@example.org>` },
  );
  const hugeId = box.person('Huge Id', 'hugeid@example.org');
  box.thread({ from: box.me, to: hugeId, date: at(390), subject: 'Ids' }, { from: hugeId, to: box.me, date: at(389), messageId: `<${'x'.repeat(60_000)}@example.org>` });
  const control = box.person('\u0001'.repeat(400), 'control@example.org');
  box.thread({ from: control, to: box.me, date: at(380), subject: '\u0001'.repeat(990) });
  const ann = box.person('Ann Smith', 'ann@example.org');
  box.thread({ from: box.me, to: ann, date: at(300), subject: 'Plans' }, { from: ann, to: box.me, date: at(299) });
  return box;
}

describe('giant header text in one message', () => {
  it('the scan, the report and the weekly drafts all complete', () => {
    const google = newGoogle(giantMailbox());
    const results = scanUntilDone(google);
    expect(results.at(-1)!.outcome).toBe('done');
    const ledger = storedLedger(google);
    const giant = ledger.contacts['giant@example.org']!;
    expect(giant.name.length).toBeLessThanOrEqual(500);
    expect(giant.name.startsWith('NNNN')).toBe(true);
    expect(ledger.contacts['hugeid@example.org']!.lastReceivedThread!.messageId).toBe('');
    google.clock.advance(DAY);
    const weekly = runExecution(google, (rt) => runWeekly(rt));
    expect(weekly.error).toBeUndefined();
    expect(weekly.result!.batch!.errors).toEqual([]);
    expect(google.Gmail.draftRecords().length).toBeGreaterThanOrEqual(2);
    // The drafts' headers are folded and read back whole, the giant subject included.
    const raws = google.Gmail.draftWrites.map((w) => w.rfc822);
    const views = parseWithPython(raws);
    for (const [i, v] of views.entries()) {
      expect(v.defects).toEqual([]);
      expect(v.longestLine).toBeLessThanOrEqual(998);
      expect(v.longestEncodedLine).toBeLessThanOrEqual(76);
      expect(raws[i]!.split('\r\n').every((l) => l.length <= 998)).toBe(true);
    }
    // The stored subject is cut (to 300 characters by the sheet store), and the reply keeps it whole.
    expect(views.some((v) => /^Re: S{250,}/.test(v.headers['Subject'] ?? ''))).toBe(true);
    const again = runExecution(google, (rt) => scanMailbox(rt));
    expect(again.result!.outcome).toBe('done');
  });
});
