/**
 * Without conditional formatting and charts (this file does not install them
 * on the SpreadsheetApp fake, so they throw), a refresh still writes every
 * value and says on Summary what it could not format, and a scan stays done.
 */
import { DAY_MS } from '../../src/core/ledger';
import { scanMailbox } from '../../src/gas/scan-mailbox';
import { TAB_NAMES } from '../../src/gas/sheets-report';
import { FakeGoogle } from '../fakes/fake-google';
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { NOW, runExecution } from './gas-harness';

const now = Date.parse(NOW);

it('writes the report and reports the formatting it could not apply', () => {
  const box = new MailboxBuilder({ owner: 'me@example.com' });
  const ann = box.person('Ann Smith', 'ann@example.org');
  box.thread({ from: box.me, to: ann, date: new Date(now - 200 * DAY_MS).toISOString(), subject: 'Plans' }, { from: ann, to: box.me, date: new Date(now - 199 * DAY_MS).toISOString() });
  const google = new FakeGoogle({ now: NOW, mailbox: box, sheetFormatting: false });
  const out = runExecution(google, (rt) => scanMailbox(rt));
  expect(out.error).toBeUndefined();
  expect(out.result!.outcome).toBe('done');
  expect(out.result!.message).toBe('Scan complete: 2 new messages read.');

  const ss = google.SpreadsheetApp.openById(google.SpreadsheetApp.spreadsheetIds()[0]!);
  expect(ss.getSheetByName(TAB_NAMES.lapsed)!.getDataRange().getValues().map((r) => r[1])).toEqual(['Email', 'ann@example.org']);
  const summary = ss.getSheetByName(TAB_NAMES.summary)!.getDataRange().getValues();
  expect(summary.find((r) => r[0] === 'lapsed')![1]).toBe(1);
  expect(summary.find((r) => r[0] === 'Warning')![1]).toMatch(/^Colours or the chart could not be updated \(.*not implemented\)/);
});
