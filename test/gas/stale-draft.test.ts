/** When the person writes before the user sends Reconnect's draft: the draft is shown as stale, never deleted, and cards offer it instead of a second one. */
import type { FakeGoogle } from '../fakes/fake-google';
import { createTypicalGoogle } from './addon-fixtures';
import { findButton, listButtons, openHomepage, openMessage, press, readText } from './addon-harness';
import { scanUntilDone } from './gas-harness';

const ANN = 'ann@example.org';
const DAY = 86_400_000;

function contactsRow(google: FakeGoogle, email: string): Record<string, unknown> {
  const ids = google.SpreadsheetApp.spreadsheetIds();
  const [header, ...rows] = google.SpreadsheetApp.openById(ids[ids.length - 1]!).getSheetByName('Contacts')!.getDataRange().getValues();
  const row = rows.find((r) => r[header!.indexOf('Email')] === email)!;
  return Object.fromEntries(header!.map((h, i) => [String(h), row[i]]));
}

function draftAnnThenSheWrites() {
  const { google, annMessage } = createTypicalGoogle();
  press(google, findButton(openHomepage(google), 'Draft reconnect'));
  expect(google.Gmail.draftRecords()).toHaveLength(1);
  scanUntilDone(google);
  const before = contactsRow(google, ANN);
  google.clock.advance(DAY);
  const news = google.Gmail.deliver({ from: 'Ann Smith <ann@example.org>', to: 'Alex Rivera <me@example.com>', subject: 'Long time!', date: google.clock.now() });
  scanUntilDone(google);
  return { google, annMessage, news, before };
}

describe('an open Reconnect draft', () => {
  it('cards offer "Open draft", not "Draft reconnect", for that person', () => {
    const { google, annMessage } = createTypicalGoogle();
    press(google, findButton(openHomepage(google), 'Draft reconnect'));
    const card = openMessage(google, annMessage);
    const annButtons = listButtons(card).filter((b) => b.section === 'Ann Smith').map((b) => b.text);
    expect(annButtons).toContain('Open draft');
    expect(annButtons).not.toContain('Draft reconnect');
    // Bob, on the same message, has no draft: he is still offered one.
    expect(listButtons(card).filter((b) => b.section === 'Bob Jones').map((b) => b.text)).toContain('Draft reconnect');
    const open = listButtons(card).find((b) => b.section === 'Ann Smith' && b.text === 'Open draft')!;
    expect(open.openLink!.url).toBe(`https://mail.google.com/mail/#drafts/${google.Gmail.draftRecords()[0]!.threadId}`);
  });

  it('is stale once they write first: on their card and in the sheet, and it stays in Drafts', () => {
    const { google, news, before } = draftAnnThenSheWrites();
    expect(before['Reconnect draft']).toBe('Open');
    const text = readText(openMessage(google, news));
    expect(text).toMatch(/Stale: they wrote first/);
    expect(contactsRow(google, ANN)['Reconnect draft']).toBe('Stale: they wrote first');
    expect(google.Gmail.draftRecords()).toHaveLength(1);
    expect(google.Gmail.draftDeletions).toEqual([]);
  });
});
