import { planContactOverride } from '../../../src/core/sheets/plan-contact-override';
import { CONTACTS_COLUMNS } from '../../../src/core/sheets/report-columns';
import type { SheetValue } from '../../../src/core/parse-contact-edits';

const HEADERS = CONTACTS_COLUMNS.map((c) => c.header);
const at = (key: string) => CONTACTS_COLUMNS.findIndex((c) => c.key === key);
const sheet = (header: SheetValue[], lastRow: number, maxRows = 1000) => ({ header, lastRow, lastColumn: header.length, maxRows, maxColumns: 26 });

describe('planContactOverride', () => {
  it('finds the row by any spelling of the address and writes adjacent choices in one run', () => {
    const emails = [['ann@example.org'], ['Bob@Example.org'], ['']];
    const p = planContactOverride('bob@example.org', { cadence: 'monthly', snoozeUntil: 86_400_000, ignore: false, notes: 'hi' }, sheet(HEADERS, 4), emails);
    expect(p).toMatchObject({ row: 3, added: false, insertColumns: 0, insertRows: 0, textEmailColumn: null, headerRuns: [] });
    expect(p.cellRuns).toEqual([{ column: at('cadence'), values: ['monthly', new Date(86_400_000), false, 'hi'] }]);
  });

  it('clears a choice with auto and null', () => {
    const p = planContactOverride('ann@example.org', { cadence: 'auto', snoozeUntil: null }, sheet(HEADERS, 2), [['ann@example.org']]);
    expect(p.cellRuns).toEqual([{ column: at('cadence'), values: ['auto', ''] }]);
  });

  it('adds someone not on the sheet at the bottom, Email as plain text, growing the sheet when it is full', () => {
    const p = planContactOverride('=1+2@evil.example', { ignore: true }, sheet(HEADERS, 1000, 1000), Array(999).fill(['x@example.org']));
    expect(p).toMatchObject({ row: 1001, added: true, textEmailColumn: at('email'), insertRows: 501 });
    expect(p.cellRuns).toEqual([
      { column: at('email'), values: ['=1+2@evil.example'] },
      { column: at('ignore'), values: [true] },
    ]);
  });

  it('brings a deleted column back after the last one rather than lose the choice', () => {
    const header = HEADERS.filter((h) => h !== 'Notes');
    const p = planContactOverride('ann@example.org', { notes: 'n' }, { ...sheet(header, 2), maxColumns: header.length }, [['ann@example.org']]);
    expect(p.headerRuns).toEqual([{ column: header.length, values: ['Notes'] }]);
    expect(p.cellRuns).toEqual([{ column: header.length, values: ['n'] }]);
    expect(p.insertColumns).toBe(1);
    expect(p.width).toBe(header.length + 1);
  });

  it('refuses what is not an address, in one line naming it', () => {
    expect(() => planContactOverride('nobody', { ignore: true }, sheet(HEADERS, 1), [])).toThrow('"nobody" is not an email address.');
  });
});
