/** Apps Script: the Reconnect spreadsheet's report tabs and the two-way control panel. */
import { stripControls } from '../../src/core/strip-controls';
import { CONTACT_STATES, assessLedger } from '../../src/core/assess-contact';
import { CONTACTS_COLUMNS, LAPSED_COLUMNS } from '../../src/core/sheets/report-columns';
import { createLedger } from '../../src/core/fold-messages';
import { DAY_MS, type Contact, type Ledger } from '../../src/core/ledger';
import { loadTemplates } from '../../src/core/load-templates';
import { DEFAULT_POLICY } from '../../src/core/settings';
import type { GasRuntime } from '../../src/gas/create-gas-runtime';
import { scanMailbox } from '../../src/gas/scan-mailbox';
import { TAB_NAMES, type ReportRefresh } from '../../src/gas/sheets-report';
import { FakeGoogle } from '../fakes/fake-google';
import { chartsOf, conditionalRulesOf, installSheetFormatting } from '../fakes/fake-sheet-formatting';
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { NOW, runExecution } from './gas-harness';

installSheetFormatting();

const now = Date.parse(NOW);
const HOSTILE = ['=HYPERLINK("http://evil")', '+1', '-cmd', '@SUM(A1)', '\t=1', '\r=2', '2024-01-05', '007'];

function contact(email: string, fields: Partial<Contact> = {}): Contact {
  return {
    email, name: '', nameDate: 0, firstSeen: 0, lastSent: null, lastReceived: null, sentCount: 1, receivedCount: 1,
    weakCount: 0, lastWeak: null, lastSentThread: null, lastReceivedThread: null, history: [], addresses: {}, sentDays: [], receivedDays: [], ...fields,
  };
}

const thread = (threadId: string, subject: string, date: number) => ({ id: `m${threadId}`, threadId, subject, date, messageId: '' });

/** Ann lapsed 109 days, Bob due, Cat active, Dan lapsed longest (inbound-only Eve is listed, never lapsed), plus hostile names. */
function smallLedger(): Ledger {
  const ledger = createLedger();
  ledger.coverage = { messages: 120, counted: 80, oldest: now - 900 * DAY_MS, newest: now - DAY_MS };
  const add = (c: Contact) => (ledger.contacts[c.email] = c);
  add(contact('ann@example.org', { name: 'Ann Smith', lastSent: now - 200 * DAY_MS, lastReceived: now - 199 * DAY_MS, lastReceivedThread: thread('18c2f0a9b1d3e4f5', 'Re: Plans', now - 199 * DAY_MS) }));
  add(contact('bob@example.org', { name: 'Bob Jones', lastSent: now - 80 * DAY_MS, lastReceived: now - 80 * DAY_MS, lastSentThread: thread('abc"),IMAGE("http://evil', 'Lunch', now - 80 * DAY_MS) }));
  add(contact('cat@example.org', { name: 'Cat', lastSent: now - 3 * DAY_MS, lastReceived: now - 2 * DAY_MS }));
  add(contact('dan@example.org', { name: 'Dan', lastSent: now - 400 * DAY_MS, receivedCount: 0 }));
  add(contact('eve@example.org', { name: 'Eve', lastReceived: now - 500 * DAY_MS, sentCount: 0 }));
  add(contact('=1+2@evil.example', { name: '-2+3', lastSent: now - 300 * DAY_MS, lastReceived: now - 300 * DAY_MS }));
  HOSTILE.forEach((text, i) =>
    add(contact(`h${i}@example.org`, { name: text, lastSent: now - (120 + i) * DAY_MS, lastReceived: now - (120 + i) * DAY_MS, lastSentThread: thread(`ff${i}`, text, now - (120 + i) * DAY_MS) })),
  );
  return ledger;
}

function bigLedger(count: number): Ledger {
  const ledger = createLedger();
  for (let i = 0; i < count; i += 1) {
    const email = `p${i}@example.org`;
    const last = now - ((i * 7) % 900) * DAY_MS - DAY_MS;
    ledger.contacts[email] = contact(email, { name: `Person ${i}`, lastSent: last, lastReceived: last - DAY_MS, lastSentThread: thread((0x1000 + i).toString(16), `Subject ${i}`, last) });
  }
  ledger.coverage = { messages: count * 3, counted: count * 2, oldest: now - 900 * DAY_MS, newest: now - DAY_MS };
  return ledger;
}

function newFake(opts: { timeZone?: string; locale?: string } = {}): FakeGoogle {
  return new FakeGoogle({ now: NOW, timeZone: opts.timeZone ?? 'Europe/London', locale: opts.locale ?? 'en_GB' });
}

function run<T>(google: FakeGoogle, body: (rt: GasRuntime) => T): T {
  const out = runExecution(google, body);
  if (out.error !== undefined) throw out.error;
  return out.result as T;
}

function refresh(google: FakeGoogle, ledger: Ledger, extra: Partial<ReportRefresh> = {}) {
  return run(google, (rt) => rt.panel.refresh({ ledger, now, policy: DEFAULT_POLICY, lastRun: null, ...extra }));
}

/** Test-side view of the current spreadsheet (these calls are counted too, so count around the code under test only). */
function spreadsheetOf(google: FakeGoogle) {
  const ids = google.SpreadsheetApp.spreadsheetIds();
  return google.SpreadsheetApp.openById(ids[ids.length - 1]!);
}

function tab(google: FakeGoogle, name: string) {
  return spreadsheetOf(google).getSheetByName(name)!;
}

function table(google: FakeGoogle, name: string) {
  return tab(google, name).getDataRange().getValues();
}

function col(header: readonly unknown[], text: string): number {
  const i = header.indexOf(text);
  if (i < 0) throw new Error(`no column ${text} in ${header.join('|')}`);
  return i;
}

/** The Contacts row of `email` as header → value. */
function contactRow(google: FakeGoogle, email: string): Record<string, unknown> {
  const [header, ...rows] = table(google, TAB_NAMES.contacts);
  const row = rows.find((r) => r[col(header!, 'Email')] === email);
  if (row === undefined) throw new Error(`${email} is not on Contacts`);
  return Object.fromEntries(header!.map((h, i) => [String(h), row[i]]));
}

/** Types into one Contacts cell as the user would (test-side write). */
function edit(google: FakeGoogle, email: string, header: string, value: unknown): void {
  const sheet = tab(google, TAB_NAMES.contacts);
  const [head, ...rows] = sheet.getDataRange().getValues();
  const r = rows.findIndex((row) => row[col(head!, 'Email')] === email);
  sheet.getRange(r + 2, col(head!, header) + 1).setValue(value);
}

describe('the Reconnect spreadsheet', () => {
  it('is laid out on first use: four tabs, bold frozen headers, filters, widths, the user time zone', () => {
    const google = newFake();
    run(google, () => undefined);
    const ss = spreadsheetOf(google);
    expect(ss.getName()).toBe('Reconnect');
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Lapsed', 'Contacts', 'Summary', 'Templates']);
    expect(ss.getSpreadsheetTimeZone()).toBe('Europe/London');
    for (const [name, headers] of [
      ['Lapsed', LAPSED_COLUMNS.map((c) => c.header)],
      ['Contacts', CONTACTS_COLUMNS.map((c) => c.header)],
      ['Templates', ['Name', 'Subject', 'Body']],
    ] as const) {
      const sheet = ss.getSheetByName(name)!;
      expect(sheet.getRange(1, 1, 1, headers.length).getValues()[0]).toEqual(headers);
      expect(sheet.getRange(1, 1, 1, headers.length).getFontWeights()[0]!.every((w) => w === 'bold')).toBe(true);
      expect(sheet.getFrozenRows()).toBe(1);
      expect(sheet.getFilter()).not.toBeNull();
      expect(sheet.getColumnWidth(1)).not.toBe(100);
    }
    const templates = ss.getSheetByName('Templates')!;
    expect(templates.getRange(1, 1).getNote()).toMatch(/Your own draft templates/);
    expect(templates.getRange(2, 3).getNumberFormat()).toBe('@');
    const contacts = ss.getSheetByName('Contacts')!;
    const at = (key: string) => CONTACTS_COLUMNS.findIndex((c) => c.key === key) + 1;
    expect(contacts.getRange(2, at('cadence')).getDataValidation()!.toJSON()).toMatchObject({
      criteria: 'VALUE_IN_LIST', values: [['auto', 'weekly', 'monthly', 'quarterly', 'yearly', 'never'], true], allowInvalid: true,
    });
    expect(contacts.getRange(500, at('snoozeUntil')).getDataValidation()!.getCriteriaType()).toBe('DATE_IS_VALID_DATE');
    expect(contacts.getRange(500, at('ignore')).getDataValidation()!.getCriteriaType()).toBe('CHECKBOX');
  });

  it('fills Lapsed highest priority first, with strength, a reason, and a Gmail link built only from valid thread ids', () => {
    const google = newFake();
    refresh(google, smallLedger());
    const [header, ...rows] = table(google, TAB_NAMES.lapsed);
    expect(header).toEqual(LAPSED_COLUMNS.map((c) => c.header));
    const expected = assessLedger(smallLedger(), now, DEFAULT_POLICY).filter((a) => a.state === 'lapsed' || a.state === 'due');
    expect(rows.map((r) => r[col(header!, 'Email')])).toEqual(expected.map((a) => a.email));
    // Dan is the longest overdue but never wrote back: every two-way tie lapsed comes before him.
    const emails = rows.map((r) => r[col(header!, 'Email')]);
    expect(emails.indexOf('dan@example.org')).toBeGreaterThan(emails.indexOf('ann@example.org'));
    const strength = (email: string) => Number(rows[emails.indexOf(email)]![col(header!, 'Strength')]);
    expect(strength('ann@example.org')).toBeGreaterThan(strength('dan@example.org'));
    expect(rows[emails.indexOf('dan@example.org')]![col(header!, 'Why')]).toMatch(/^Too little history for a rhythm, so the default of 3 months applies; it's been 13 months$/);

    const sheet = tab(google, TAB_NAMES.lapsed);
    const formulas = sheet.getRange(2, 1, rows.length, header!.length).getFormulas();
    const linkCol = col(header!, 'Open in Gmail');
    const ann = rows.findIndex((r) => r[col(header!, 'Email')] === 'ann@example.org');
    const bob = rows.findIndex((r) => r[col(header!, 'Email')] === 'bob@example.org');
    expect(formulas[ann]![linkCol]).toBe('=HYPERLINK("https://mail.google.com/mail/#all/18c2f0a9b1d3e4f5","Open in Gmail")');
    expect(formulas[bob]![linkCol]).toBe('');
    expect(formulas.every((r) => r.every((f, c) => f === '' || (c === linkCol && f.startsWith('=HYPERLINK("https://mail.google.com/mail/#all/'))))).toBe(true);
    // The link keeps Sheets' own format (never "null"); the Draft column after it is plain text.
    const formats = sheet.getRange(2, 1, rows.length, header!.length).getNumberFormats();
    expect(formats.every((r) => r[linkCol] === 'General' && r[col(header!, 'Reconnect draft')] === '@')).toBe(true);
    const states = conditionalRulesOf(sheet).map((r) => [r.values[0], r.background, r.ranges[0]]);
    expect(states).toEqual([
      ['=AND($I2="lapsed",N("reconnect")=0)', '#f4c7c3', 'I2:I1000'],
      ['=AND($I2="due",N("reconnect")=0)', '#fce8b2', 'I2:I1000'],
    ]);
  });

  it('never turns a name or subject from a header into a formula, and reads back exactly what it shows', () => {
    const google = newFake();
    refresh(google, smallLedger());
    for (const name of [TAB_NAMES.lapsed, TAB_NAMES.contacts]) {
      const sheet = tab(google, name);
      const range = sheet.getDataRange();
      const [header, ...rows] = range.getValues();
      const linkCol = header!.indexOf('Open in Gmail');
      range.getFormulas().forEach((r) => r.forEach((f, c) => expect(c === linkCol || f === '').toBe(true)));
      const displays = range.getDisplayValues();
      for (const written of HOSTILE) {
        // Controls (the tab, the CR) are shown as spaces, as at every display point.
        const text = stripControls(written);
        const r = rows.findIndex((row) => row[col(header!, 'Name')] === text);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(rows[r]![col(header!, 'Last subject')]).toBe(text);
        expect(displays[r + 1]![col(header!, 'Name')]).toBe(text);
      }
      expect(rows.find((row) => row[col(header!, 'Email')] === '=1+2@evil.example')![col(header!, 'Name')]).toBe('-2+3');
    }
  });

  it('lists everyone on Contacts, and Summary counts match the ledger, with a chart of months since last contact', () => {
    const google = newFake();
    const ledger = smallLedger();
    const result = refresh(google, ledger, { lastRun: { at: now, kind: 'full scan', outcome: 'done', folded: 42, message: 'Scan complete: 42 new messages read.' } });
    const assessments = assessLedger(ledger, now, DEFAULT_POLICY);
    expect(result.people).toBe(assessments.length);
    expect(table(google, TAB_NAMES.contacts)).toHaveLength(assessments.length + 1);

    const summary = tab(google, TAB_NAMES.summary);
    const values = summary.getDataRange().getValues();
    const valueOf = (label: string) => values.find((r) => r[0] === label)?.[1];
    for (const state of CONTACT_STATES) expect(valueOf(state)).toBe(assessments.filter((a) => a.state === state).length);
    expect(valueOf('Total')).toBe(assessments.length);
    expect(valueOf('Summary')).toBe('Scan complete: 42 new messages read.');
    expect(valueOf('New messages read')).toBe(42);
    expect(valueOf('Messages read')).toBe(ledger.coverage.messages);
    expect(valueOf('Messages with people')).toBe(ledger.coverage.counted);
    const histogramAt = values.findIndex((r) => r[0] === 'Months since last contact');
    const bars = values.slice(histogramAt + 1, histogramAt + 15);
    expect(bars.map((r) => r[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12–23', '24+']);
    expect(bars.reduce((n, r) => n + Number(r[1]), 0)).toBe(assessments.length);
    const charts = chartsOf(summary);
    expect(charts).toHaveLength(1);
    expect(charts[0]).toMatchObject({ type: 'COLUMN', ranges: [`A${histogramAt + 1}:B${histogramAt + 15}`] });

    refresh(google, ledger);
    expect(chartsOf(summary)).toHaveLength(1);
  });

  it('shows dates in the user time zone and the spreadsheet locale', () => {
    const google = newFake({ timeZone: 'America/New_York', locale: 'en_US' });
    const ledger = createLedger();
    ledger.contacts['ann@example.org'] = contact('ann@example.org', { lastSent: Date.parse('2026-03-01T02:00:00Z'), lastReceived: Date.parse('2026-03-01T02:00:00Z') });
    run(google, () => undefined);
    spreadsheetOf(google).setSpreadsheetTimeZone('Etc/UTC');
    refresh(google, ledger);
    expect(spreadsheetOf(google).getSpreadsheetTimeZone()).toBe('America/New_York');
    const sheet = tab(google, TAB_NAMES.contacts);
    const [header] = sheet.getDataRange().getValues();
    // 02:00 UTC on March 1 is still February 28 in New York, written month first for en_US.
    expect(sheet.getRange(2, col(header!, 'Last you wrote') + 1).getDisplayValue()).toBe('02/28/2026');
  });
});

describe('the control panel', () => {
  it('drives the lapse policy: cadence, snooze and ignore edits are read back before every run', () => {
    const google = newFake();
    refresh(google, smallLedger());
    expect(contactRow(google, 'cat@example.org')['State']).toBe('active');
    edit(google, 'cat@example.org', 'Cadence', 'weekly');
    edit(google, 'ann@example.org', 'Ignore', true);
    edit(google, 'dan@example.org', 'Snooze until', new Date(now + 30 * DAY_MS));
    const overrides = run(google, (rt) => rt.overrides!());
    expect(overrides).toEqual({
      'cat@example.org': { cadence: 'weekly' },
      'ann@example.org': { ignore: true },
      'dan@example.org': { snoozeUntil: now + 30 * DAY_MS },
    });
    refresh(google, smallLedger(), { now: now + 10 * DAY_MS });
    expect(contactRow(google, 'cat@example.org')['State']).toBe('lapsed');
    expect(contactRow(google, 'ann@example.org')['State']).toBe('ignored');
    expect(contactRow(google, 'dan@example.org')['State']).toBe('snoozed');
    const lapsed = table(google, TAB_NAMES.lapsed).map((r) => r[1]);
    expect(lapsed).toContain('cat@example.org');
    expect(lapsed).not.toContain('ann@example.org');
    expect(lapsed).not.toContain('dan@example.org');
  });

  it('keeps every edit and note through a sort, a filter, an inserted column, a moved column and a deleted row', () => {
    const google = newFake();
    const ledger = smallLedger();
    refresh(google, ledger);
    edit(google, 'ann@example.org', 'Notes', 'met at the conference');
    edit(google, 'ann@example.org', 'Cadence', 'monthly');
    edit(google, 'bob@example.org', 'Notes', '=not a formula, just text');
    edit(google, 'cat@example.org', 'Ignore', true);
    edit(google, 'dan@example.org', 'Notes', 'old friend');
    const sheet = tab(google, TAB_NAMES.contacts);
    sheet.getRange(3, 1).setNote('a note of mine');
    const noted = sheet.getRange(3, 2).getValue();

    // Sort by name, descending (the filter's menu does the same).
    sheet.sort(1, false);
    refresh(google, ledger);
    // A column of the user's own, inserted between Email and Last you wrote.
    sheet.insertColumnBefore(3);
    const rows = sheet.getLastRow();
    sheet.getRange(1, 3).setValue('Met where');
    sheet.getRange(2, 3, rows - 1, 1).setValues(Array.from({ length: rows - 1 }, (_, i) => [`place ${i}`]));
    const places = sheet.getRange(1, 2, rows, 2).getValues();
    refresh(google, ledger);
    expect(sheet.getRange(1, 2, rows, 2).getValues()).toEqual(places);
    const noteRow = sheet.getDataRange().getValues().findIndex((r) => r.includes(noted));
    expect(sheet.getRange(noteRow + 1, 1).getNote()).toBe('a note of mine');
    // Notes moved to column A, the rest shifted right: what dragging a column does.
    const all = sheet.getDataRange().getValues();
    const notesAt = col(all[0]!, 'Notes');
    const moved = all.map((r) => [r[notesAt], ...r.filter((_, c) => c !== notesAt)]);
    sheet.getRange(1, 1, moved.length, moved[0]!.length).setValues(moved);
    refresh(google, ledger);
    // Dan's row deleted: he comes back at the bottom, without the note he had.
    const danRow = sheet.getDataRange().getValues().findIndex((r) => r.includes('dan@example.org'));
    sheet.deleteRow(danRow + 1);
    const outcome = refresh(google, ledger);

    expect(outcome.added).toBe(1);
    expect(contactRow(google, 'ann@example.org')).toMatchObject({ Notes: 'met at the conference', Cadence: 'monthly', State: 'lapsed', Name: 'Ann Smith' });
    expect(contactRow(google, 'bob@example.org')).toMatchObject({ Notes: '=not a formula, just text' });
    expect(contactRow(google, 'cat@example.org')).toMatchObject({ Ignore: true, State: 'ignored' });
    expect(contactRow(google, 'dan@example.org')).toMatchObject({ Notes: '', State: 'lapsed' });
    const final = sheet.getDataRange().getValues();
    expect(final[final.length - 1]).toContain('dan@example.org');
    expect(final.filter((r) => r.includes('ann@example.org'))).toHaveLength(1);
    expect(final[0]![0]).toBe('Notes');
    expect(final.filter((r) => String(r[col(final[0]!, 'Met where')]).startsWith('place '))).toHaveLength(rows - 2);
    expect(sheet.getFilter()).not.toBeNull();
  });

  it('flags an invalid edit with a note and a colour, ignores it, keeps the text, and clears the flag once fixed', () => {
    const google = newFake();
    const ledger = smallLedger();
    refresh(google, ledger);
    edit(google, 'cat@example.org', 'Cadence', 'every other week');
    edit(google, 'bob@example.org', 'Snooze until', 'next week');
    edit(google, 'bob@example.org', 'Ignore', 'maybe');
    const outcome = refresh(google, ledger);

    expect(outcome.invalidEdits.map((p) => [p.field, p.text])).toEqual([
      ['snoozeUntil', 'next week'],
      ['ignore', 'maybe'],
      ['cadence', 'every other week'],
    ].sort((a, b) => (outcome.invalidEdits.findIndex((p) => p.text === a[1]) - outcome.invalidEdits.findIndex((p) => p.text === b[1]))));
    expect(contactRow(google, 'cat@example.org')).toMatchObject({ Cadence: 'every other week', State: 'active', 'Cadence source': 'default' });
    expect(contactRow(google, 'bob@example.org')).toMatchObject({ 'Snooze until': 'next week', Ignore: 'maybe', State: 'due' });

    const sheet = tab(google, TAB_NAMES.contacts);
    const [header, ...rows] = sheet.getDataRange().getValues();
    const cat = rows.findIndex((r) => r.includes('cat@example.org')) + 2;
    const cadenceCell = sheet.getRange(cat, col(header!, 'Cadence') + 1);
    expect(cadenceCell.getNote()).toMatch(/^Reconnect: “every other week” is not a cadence: choose auto, weekly, monthly, quarterly, yearly, never/);
    const rules = conditionalRulesOf(sheet);
    const letter = (h: string) => String.fromCharCode(65 + col(header!, h));
    for (const h of ['Cadence', 'Snooze until', 'Ignore']) {
      expect(rules.some((r) => r.background === '#ea9999' && r.ranges[0] === `${letter(h)}2:${letter(h)}1000` && String(r.values[0]).includes(`${letter(h)}2`))).toBe(true);
    }
    expect(rules.filter((r) => r.ranges[0]!.startsWith(letter('State')))).toHaveLength(CONTACT_STATES.length);

    cadenceCell.setValue('Weekly');
    refresh(google, ledger);
    expect(cadenceCell.getNote()).toBe('');
    expect(contactRow(google, 'cat@example.org')).toMatchObject({ 'Cadence source': 'set', 'Cadence (days)': 7 });
  });

  it('keeps the user’s own conditional format rules', () => {
    const google = newFake();
    refresh(google, smallLedger());
    const sheet = tab(google, TAB_NAMES.contacts) as unknown as GoogleAppsScript.Spreadsheet.Sheet;
    const app = google.SpreadsheetApp as unknown as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
    const mine = app.newConditionalFormatRule().whenTextEqualTo('VIP').setBackground('#00ff00').setRanges([sheet.getRange('N2:N50')]).build();
    sheet.setConditionalFormatRules([...sheet.getConditionalFormatRules(), mine]);
    sheet.insertColumnBefore(1);
    sheet.getRange(1, 1).setValue('Mine');
    refresh(google, smallLedger());
    const rules = conditionalRulesOf(sheet);
    expect(rules.filter((r) => r.values[0] === 'VIP')).toHaveLength(1);
    expect(rules.filter((r) => String(r.values[0]).includes('N("reconnect")'))).toHaveLength(CONTACT_STATES.length + 3);
    expect(rules.some((r) => r.values[0] === '=AND($J2="lapsed",N("reconnect")=0)')).toBe(true);
  });

  it('setOverride writes one person’s row where the sheet has it, in one read of the Email column and one write', () => {
    const google = newFake();
    refresh(google, smallLedger());
    tab(google, TAB_NAMES.contacts).sort(1);
    const before = google.log.counts();
    run(google, (rt) => rt.panel.setOverride('Bob@Example.org', { cadence: 'quarterly', snoozeUntil: now + 5 * DAY_MS, ignore: false, notes: 'ask about the move' }));
    const calls = diff(google.log.counts(), before);
    expect(calls['spreadsheet.Range.setValues']).toBe(1);
    expect(calls['spreadsheet.Range.getValues']).toBe(2);
    expect(contactRow(google, 'bob@example.org')).toMatchObject({
      Cadence: 'quarterly', 'Snooze until': new Date(now + 5 * DAY_MS), Ignore: false, Notes: 'ask about the move',
    });
    expect(run(google, (rt) => rt.panel.readOverrides().overrides['bob@example.org'])).toEqual({ cadence: 'quarterly', snoozeUntil: now + 5 * DAY_MS });

    run(google, (rt) => rt.panel.setOverride('bob@example.org', { cadence: 'auto', snoozeUntil: null }));
    expect(contactRow(google, 'bob@example.org')).toMatchObject({ Cadence: 'auto', 'Snooze until': '', Notes: 'ask about the move' });
    expect(() => run(google, (rt) => rt.panel.setOverride('nobody', { ignore: true }))).toThrow('"nobody" is not an email address.');
  });

  it('setOverride adds someone not on the sheet yet, and the next refresh completes that row instead of adding another', () => {
    const google = newFake();
    const ledger = smallLedger();
    refresh(google, ledger);
    ledger.contacts['new@example.org'] = contact('new@example.org', { name: 'New Person', lastSent: now - 10 * DAY_MS, lastReceived: now - 9 * DAY_MS });
    const result = run(google, (rt) => rt.panel.setOverride('new@example.org', { ignore: true }));
    expect(result.added).toBe(true);
    const outcome = refresh(google, ledger);
    expect(outcome.added).toBe(0);
    expect(contactRow(google, 'new@example.org')).toMatchObject({ Name: 'New Person', Ignore: true, State: 'ignored' });
    expect(table(google, TAB_NAMES.contacts).filter((r) => r.includes('new@example.org'))).toHaveLength(1);

    run(google, (rt) => rt.panel.setOverride('-1+2@evil.example', { notes: '=not a formula' }));
    const sheet = tab(google, TAB_NAMES.contacts);
    expect(sheet.getDataRange().getFormulas().flat().every((f) => f === '')).toBe(true);
    expect(contactRow(google, '-1+2@evil.example')).toMatchObject({ Notes: '=not a formula' });
  });

  it('refreshes 10,000 contacts in a fixed handful of calls, no more than for 100', () => {
    const measure = (count: number) => {
      const google = newFake();
      const ledger = bigLedger(count);
      refresh(google, ledger);
      const before = google.log.counts();
      const outcome = refresh(google, ledger);
      return { outcome, calls: diff(google.log.counts(), before), google };
    };
    const small = measure(100);
    const big = measure(10_000);
    expect(big.outcome.people).toBe(10_000);
    expect(big.calls).toEqual(small.calls);
    const spreadsheetCalls = Object.entries(big.calls).filter(([name]) => name.startsWith('spreadsheet.'));
    const total = spreadsheetCalls.reduce((n, [, c]) => n + c, 0);
    // Measured: 33, the runtime's openById included. One snapshot of Contacts (values, size, and the notes the merge may touch);
    // one formats-and-values write each for Contacts (two blocks: the people columns, Strength and Why sit after the user's), Lapsed (formats in
    // two: the link column keeps its own, so no format is null) and Summary; colours and chart only checked.
    expect(total).toBeLessThanOrEqual(34);
    expect(big.calls['spreadsheet.Range.getValues']).toBe(1);
    expect(big.calls['spreadsheet.Range.getNotes']).toBe(1);
    expect(big.calls['spreadsheet.Range.setValues']).toBe(4);
    expect(big.calls['spreadsheet.Range.setNumberFormats']).toBe(5);
    expect(big.calls['spreadsheet.Range.setNotes']).toBeUndefined();
    expect(big.calls['spreadsheet.Sheet.setConditionalFormatRules']).toBeUndefined();
    expect(big.outcome.warnings).toEqual([]);
    expect(table(big.google, TAB_NAMES.contacts)).toHaveLength(10_001);
  });

  it('reads everything it needs before its first write: one snapshot, one plan, then the writes', () => {
    const google = newFake();
    const ledger = smallLedger();
    refresh(google, ledger);
    const sheet = tab(google, TAB_NAMES.contacts);
    const cadence = CONTACTS_COLUMNS.findIndex((c) => c.key === 'cadence');
    sheet.getRange(3, cadence + 1).setValue('fortnightly');
    const from = google.log.calls.length;
    refresh(google, ledger);
    const calls = google.log.calls.slice(from).map((c) => c.name).filter((n) => n.startsWith('spreadsheet.'));
    const writes = /\.(set|insert|create|remove)[A-Z]/;
    const firstWrite = calls.findIndex((n) => writes.test(n) && n !== 'spreadsheet.Spreadsheet.setSpreadsheetTimeZone');
    const reads = ['spreadsheet.Range.getValues', 'spreadsheet.Range.getNotes', 'spreadsheet.Sheet.getLastRow'];
    const lastRead = Math.max(...reads.map((name) => calls.lastIndexOf(name)));
    expect(firstWrite).toBeGreaterThan(0);
    expect(lastRead).toBeLessThan(firstWrite);
    expect(calls.filter((n) => n === 'spreadsheet.Range.setNotes')).toHaveLength(1);
  });

  it('grows the sheets for 10,000 contacts on the first refresh, with the filter and colours reaching the bottom', () => {
    const google = newFake();
    run(google, () => undefined);
    const before = google.log.counts();
    refresh(google, bigLedger(10_000));
    const calls = diff(google.log.counts(), before);
    const total = Object.entries(calls).filter(([n]) => n.startsWith('spreadsheet.')).reduce((n, [, c]) => n + c, 0);
    // Measured: 78, growing Contacts and Lapsed past 1,000 rows, re-making their filters and colours.
    expect(total).toBeLessThanOrEqual(100);
    const sheet = tab(google, TAB_NAMES.contacts);
    const rows = sheet.getMaxRows();
    expect(rows).toBeGreaterThan(10_001);
    expect(sheet.getFilter()!.getRange().getNumRows()).toBe(rows);
    expect(conditionalRulesOf(sheet).every((r) => r.ranges[0]!.endsWith(String(rows)))).toBe(true);
  });
});

describe('the Templates tab', () => {
  it('reads the user’s templates and writes loadTemplates’ problems back as notes on their rows', () => {
    const google = newFake();
    run(google, () => undefined);
    const sheet = tab(google, TAB_NAMES.templates);
    sheet.getRange(2, 1, 4, 3).setValues([
      ['follow-up', 'Catching up', '{{greeting}}\n\n- it has been a while.'],
      ['broken', 'Hello', '{{#greeting}} unclosed'],
      ['', '', ''],
      ['Thank You', '=Thanks', 'Hi {{firstName}}, thanks!'],
    ]);
    sheet.getRange(3, 1).setNote('my own note');
    const overrides = run(google, (rt) => rt.panel.readTemplateOverrides());
    expect(overrides).toEqual([
      { name: 'follow-up', subject: 'Catching up', body: '{{greeting}}\n\n- it has been a while.', row: 2 },
      { name: 'broken', subject: 'Hello', body: '{{#greeting}} unclosed', row: 3 },
      { name: 'Thank You', subject: '=Thanks', body: 'Hi {{firstName}}, thanks!', row: 5 },
    ]);
    expect(sheet.getRange(2, 1, 4, 3).getFormulas().flat().every((f) => f === '')).toBe(true);

    const { problems } = loadTemplates({}, overrides);
    expect(problems.length).toBeGreaterThanOrEqual(2);
    run(google, (rt) => rt.panel.writeTemplateProblems(problems));
    expect(sheet.getRange(2, 1).getNote()).toBe('');
    expect(sheet.getRange(3, 1).getNote()).toMatch(/^Reconnect: Templates sheet, row 3.*\n\nmy own note$/s);
    expect(sheet.getRange(5, 1).getNote()).toMatch(/^Reconnect: .*row 5/);

    run(google, (rt) => rt.panel.writeTemplateProblems([]));
    expect(sheet.getRange(3, 1).getNote()).toBe('my own note');
    expect(sheet.getRange(5, 1).getNote()).toBe('');
  });

  it('puts a problem on the row it names in its fields, not the first row of that name nor one its text mentions', () => {
    const google = newFake();
    run(google, () => undefined);
    const sheet = tab(google, TAB_NAMES.templates);
    sheet.getRange(2, 1, 3, 3).setValues([
      ['nudge', 'One', 'First.'],
      ['Nudge', 'Two', 'Second.'],
      ['other', 'Three', 'Third.'],
    ]);
    const problem = { name: 'nudge', file: 'Templates sheet, row 3', line: 1, row: 3, message: 'Broken (see Templates sheet, row 4).' };
    run(google, (rt) => rt.panel.writeTemplateProblems([problem]));
    expect(sheet.getRange(2, 1, 3, 1).getNotes().flat()).toEqual(['', 'Reconnect: Broken (see Templates sheet, row 4).', '']);
  });
});

describe('a deleted or trashed spreadsheet', () => {
  function scannedGoogle() {
    const box = new MailboxBuilder({ owner: 'me@example.com' });
    const ann = box.person('Ann Smith', 'ann@example.org');
    box.thread({ from: box.me, to: ann, date: new Date(now - 200 * DAY_MS).toISOString(), subject: 'Plans' }, { from: ann, to: box.me, date: new Date(now - 199 * DAY_MS).toISOString() });
    const google = new FakeGoogle({ now: NOW, mailbox: box, timeZone: 'Europe/London' });
    const result = run(google, (rt) => scanMailbox(rt));
    expect(result.outcome).toBe('done');
    return google;
  }

  it('refreshes the report at the end of a scan, and the scan summary shows on Summary', () => {
    const google = scannedGoogle();
    expect(table(google, TAB_NAMES.lapsed).map((r) => r[1])).toEqual(['Email', 'ann@example.org']);
    const summary = table(google, TAB_NAMES.summary);
    expect(summary.find((r) => r[0] === 'Summary')![1]).toBe('Scan complete: 2 new messages read.');
    // The settings the verdicts were judged by, from the user's stored settings.
    expect(summary.find((r) => r[0] === 'Minimum gap (days)')![1]).toBe(30);
  });

  it('keeps using a trashed spreadsheet, which still opens by id, and loses nothing', () => {
    const google = scannedGoogle();
    const id = google.SpreadsheetApp.spreadsheetIds()[0]!;
    edit(google, 'ann@example.org', 'Notes', 'still here');
    google.SpreadsheetApp.trash(id);
    const result = run(google, (rt) => ({ scan: scanMailbox(rt), opened: rt.opened }));
    expect(result.opened.replaced).toBe(false);
    expect(result.scan.outcome).toBe('done');
    expect(google.SpreadsheetApp.spreadsheetIds()).toEqual([id]);
    expect(contactRow(google, 'ann@example.org')['Notes']).toBe('still here');
  });

  it('makes a new one when it was deleted for good, says so on it, and rescans without crashing', () => {
    const google = scannedGoogle();
    const [oldId] = google.SpreadsheetApp.spreadsheetIds();
    google.SpreadsheetApp.deletePermanently(oldId!);
    google.clock.advance(DAY_MS);
    const result = run(google, (rt) => ({ scan: scanMailbox(rt), opened: rt.opened }));
    expect(result.opened).toMatchObject({ created: true, replaced: true });
    expect(result.scan.outcome).toBe('done');
    expect(result.scan.kind).toBe('full scan');
    const summary = tab(google, TAB_NAMES.summary);
    expect(String(summary.getRange(1, 1).getValue())).toMatch(/^Your previous Reconnect spreadsheet could not be opened/);
    const madeAt = (summary.getRange(1, 2).getValue() as Date).getTime();
    expect(madeAt - (now + DAY_MS)).toBeGreaterThanOrEqual(0);
    expect(madeAt - (now + DAY_MS)).toBeLessThan(60_000);
    expect(contactRow(google, 'ann@example.org')['State']).toBe('lapsed');
  });

  it('reads the user’s choices once at the end of a scan, and the rows once more for the refresh that writes by them', () => {
    const google = scannedGoogle();
    edit(google, 'ann@example.org', 'Cadence', 'monthly');
    google.clock.advance(DAY_MS);
    const before = google.log.counts();
    const result = run(google, (rt) => scanMailbox(rt));
    expect(result.outcome).toBe('done');
    expect(diff(google.log.counts(), before)['spreadsheet.Sheet.getDataRange']).toBe(2);
    expect(contactRow(google, 'ann@example.org')['Cadence']).toBe('monthly');
  });

  it('leaves the scan done when the report cannot be refreshed, and says why', () => {
    const box = new MailboxBuilder({ owner: 'me@example.com' });
    box.sent('ann@example.org', new Date(now - 100 * DAY_MS).toISOString(), { subject: 'Hi' });
    const google = new FakeGoogle({ now: NOW, mailbox: box });
    run(google, () => undefined);
    google.log.failWhen((c) => c.name === 'spreadsheet.Range.getNotes', new Error('Service Spreadsheets timed out'), 1);
    const result = run(google, (rt) => scanMailbox(rt));
    expect(result.outcome).toBe('done');
    expect(result.message).toBe('Scan complete: 1 new messages read. The report sheets were not refreshed: Service Spreadsheets timed out');
  });
});

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(after)) if (n - (before[name] ?? 0) > 0) out[name] = n - (before[name] ?? 0);
  return out;
}
