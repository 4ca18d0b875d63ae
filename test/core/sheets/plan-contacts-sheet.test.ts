import type { ReportRow } from '../../../src/core/build-report-rows';
import { CONTACTS_COLUMNS } from '../../../src/core/sheets/report-columns';
import {
  addOwnNote,
  isOwnRuleFormula,
  locateColumns,
  parseContactsSheet,
  planContactsSheet,
  planEditNotes,
  planInvalidEditRules,
  planStateRules,
  stripOwnNote,
} from '../../../src/core/sheets/plan-contacts-sheet';
import type { SheetValue } from '../../../src/core/parse-contact-edits';

const HEADERS = CONTACTS_COLUMNS.map((c) => c.header);

function person(email: string, fields: Partial<ReportRow> = {}): ReportRow {
  return {
    email, name: email.split('@')[0]!, state: 'active', lastSent: 0, lastReceived: null, daysSince: 1, cadenceDays: 90,
    cadenceSource: 'default', overdueDays: 0, lastSubject: 'Hi', threadId: '', inboundOnly: false,
    address: email, strength: 40, strengthLabel: 'regular', priority: 28, reason: 'In touch', ...fields,
  };
}

function plan(values: SheetValue[][], rows: ReportRow[]) {
  const reading = parseContactsSheet(values);
  return { reading, plan: planContactsSheet({ values, reading, rows, datePattern: 'yyyy-mm-dd' }) };
}

describe('locateColumns', () => {
  it('finds columns by header text, whatever their order, case or spacing', () => {
    expect(locateColumns(['Notes', ' my column', 'EMAIL', 'snooze   until'], CONTACTS_COLUMNS)).toEqual({ notes: 0, email: 2, snoozeUntil: 3 });
  });
});

describe('planContactsSheet', () => {
  it('lays out an empty sheet: every column, everyone added, one block of computed columns', () => {
    const { plan: p } = plan([], [person('ann@example.org'), person('bob@example.org')]);
    expect(p.appendedHeaders.map((h) => h.header)).toEqual(HEADERS);
    expect(p.rowCount).toBe(2);
    expect(p.added).toEqual(['ann@example.org', 'bob@example.org']);
    // The older computed columns, then issue 14's and Strength and Why after the user's columns.
    expect(p.blocks.map((b) => b.column)).toEqual([0, 16]);
    expect(p.blocks[1]!.values[0]!.slice(-2)).toEqual([40, 'In touch']);
    expect(p.blocks[0]!.column).toBe(0);
    expect(p.blocks[0]!.values[0]!.slice(0, 2)).toEqual(['ann', 'ann@example.org']);
  });

  it('keeps rows where the user put them, writes only computed columns, and adds the missing people at the bottom', () => {
    const extra = ['My column', ...HEADERS];
    const values: SheetValue[][] = [
      extra,
      ['keep me', 'Old Bob', 'bob@example.org', ...Array(8).fill(''), 'old subject', 'weekly', '', false, 'call him'],
      ['typed', 'Zed', 'zed@example.org', ...Array(8).fill(''), '', 'monthly', '', false, ''],
    ];
    const { plan: p } = plan(values, [person('ann@example.org', { state: 'lapsed' }), person('bob@example.org', { name: 'Bob' })]);
    expect(p.appendedHeaders).toEqual([]);
    expect(p.rowCount).toBe(3);
    expect(p.added).toEqual(['ann@example.org']);
    expect(p.blocks).toHaveLength(2);
    const block = p.blocks[0]!;
    expect(block.column).toBe(1);
    expect(block.values[0]![0]).toBe('Bob');
    expect(block.values[1]![0]).toBe('Zed');
    expect(block.values[2]![1]).toBe('ann@example.org');
    expect(block.values[0]).toHaveLength(11);
  });

  it('splits the write into blocks when the user moved a computed column among their own', () => {
    const moved = ['Name', 'Email', 'Notes', 'State', ...HEADERS.filter((h) => !['Name', 'Email', 'Notes', 'State'].includes(h))];
    const { plan: p } = plan([moved], [person('ann@example.org')]);
    expect(p.blocks.map((b) => [b.column, b.formats[0]!.length])).toEqual([
      [0, 2],
      [3, 9],
      [16, 6],
    ]);
  });

  it('appends a column the user deleted after every used column, so nothing of theirs is written over', () => {
    const values: SheetValue[][] = [HEADERS.filter((h) => h !== 'Cadence'), HEADERS.filter((h) => h !== 'Cadence').map(() => 'x')];
    const { plan: p } = plan(values, []);
    expect(p.appendedHeaders).toEqual([{ column: HEADERS.length - 1, header: 'Cadence' }]);
    expect(p.positions.cadence).toBe(HEADERS.length - 1);
    expect(p.width).toBe(HEADERS.length);
  });
});

describe('planEditNotes', () => {
  it('notes invalid cells, clears fixed ones, keeps the user’s notes', () => {
    const values: SheetValue[][] = [HEADERS, ['Ann', 'ann@example.org', ...Array(9).fill(''), 'every other week', 'soon', false, '']];
    const { reading, plan: p } = plan(values, [person('ann@example.org')]);
    const cadence = p.positions.cadence;
    const ignore = p.positions.ignore;
    const existing = [Array.from({ length: 15 }, (_, c) => (c === 0 ? 'user note' : c === ignore ? 'Reconnect: old problem' : ''))];
    const next = planEditNotes(existing, reading.edits.invalid, p.positions, 1, 15)!;
    expect(next[0]![0]).toBe('user note');
    expect(next[0]![ignore]).toBe('');
    expect(next[0]![cadence]).toMatch(/^Reconnect: “every other week” is not a cadence/);
    expect(next[0]![p.positions.snoozeUntil]).toMatch(/^Reconnect: “soon” is not a date/);
    expect(planEditNotes(next, reading.edits.invalid, p.positions, 1, 15)).toBeNull();
  });

  it('puts its note above a user note on the same cell and takes only its own away', () => {
    const withOwn = addOwnNote('mine', 'bad');
    expect(withOwn).toBe('Reconnect: bad\n\nmine');
    expect(stripOwnNote(withOwn)).toBe('mine');
    expect(stripOwnNote('Reconnect: bad')).toBe('');
    expect(stripOwnNote('mine')).toBe('mine');
  });
});

describe('format rules', () => {
  it('marks every rule as Reconnect’s and anchors it to the current columns', () => {
    const positions = Object.fromEntries(CONTACTS_COLUMNS.map((c, i) => [c.key, i + 2])) as never;
    const rules = [...planStateRules(10, ['lapsed', 'due']), ...planInvalidEditRules(positions)];
    expect(rules.every((r) => isOwnRuleFormula(r.formula))).toBe(true);
    expect(rules[0]!.formula).toBe('=AND($K2="lapsed",N("reconnect")=0)');
    expect(rules[2]!.formula).toContain('"^(auto|weekly|monthly|quarterly|yearly|never)$"');
    expect(rules[2]!.formula).toContain('TO_TEXT(N2)');
    expect(isOwnRuleFormula('=A2>3')).toBe(false);
  });
});

describe('issue 14 columns', () => {
  it('reads "Other addresses" into links, flags a bad one, and finds a merged person by any address', () => {
    const values: SheetValue[][] = [HEADERS, ['Ann', 'ann@work.example', ...Array(13).fill(''), 'Ann@Home.example; not-an-address']];
    const reading = parseContactsSheet(values);
    expect(reading.edits.links).toEqual([['ann@work.example', 'ann@home.example']]);
    expect(reading.edits.invalid).toEqual([expect.objectContaining({ field: 'otherAddresses', row: 0 })]);
    const merged = person('ann@home.example', { aliases: ['ann@home.example', 'ann@work.example'], groups: ['Clients'], meetingCount: 3, lastMet: 0, lastContactKind: 'met' });
    const p = planContactsSheet({ values, reading, rows: [merged], datePattern: 'yyyy-mm-dd' });
    expect(p.added).toEqual([]);
    expect(p.blocks[1]!.values[0]).toEqual([new Date(0), 3, 'met', 'Clients', 40, 'In touch']);
  });
});
