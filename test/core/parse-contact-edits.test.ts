import { parseContactEdits } from '../../src/core/parse-contact-edits';

const JAN_5 = new Date(Date.UTC(2027, 0, 5));

describe('parseContactEdits', () => {
  it('turns valid edits into overrides, keyed by the normalized address', () => {
    const { overrides, invalid, emails } = parseContactEdits([
      { email: 'Ann@Example.org ', cadence: 'Monthly', snoozeUntil: '', ignore: false },
      { email: 'bob@example.org', cadence: 'auto', snoozeUntil: JAN_5, ignore: '' },
      { email: 'cat@example.org', cadence: '', snoozeUntil: null, ignore: true },
      { email: 'Dan.Smith@googlemail.com', cadence: ' never ' },
      { email: 'eve@example.org', cadence: '', snoozeUntil: '', ignore: false },
    ]);
    expect(invalid).toEqual([]);
    expect(emails).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org', 'dansmith@gmail.com', 'eve@example.org']);
    expect(overrides).toEqual({
      'ann@example.org': { cadence: 'monthly' },
      'bob@example.org': { snoozeUntil: JAN_5.getTime() },
      'cat@example.org': { ignore: true },
      'dansmith@gmail.com': { cadence: 'never' },
    });
  });

  it('flags cells that make no sense, ignores them, and keeps the rest of the row', () => {
    const { overrides, invalid } = parseContactEdits([
      { email: 'ann@example.org', cadence: 'every other week', snoozeUntil: 'next week', ignore: 'yes' },
      { email: 'bob@example.org', cadence: 14, snoozeUntil: 45000, ignore: true },
      { email: 'cat@example.org', cadence: 'weekly', snoozeUntil: new Date(Number.NaN) },
    ]);
    expect(invalid.map((p) => [p.row, p.field, p.text])).toEqual([
      [0, 'cadence', 'every other week'],
      [0, 'snoozeUntil', 'next week'],
      [0, 'ignore', 'yes'],
      [1, 'cadence', '14'],
      [1, 'snoozeUntil', '45000'],
      [2, 'snoozeUntil', 'an invalid date'],
    ]);
    expect(invalid[0]!.message).toMatch(/“every other week” is not a cadence: choose auto, weekly, monthly, quarterly, yearly, never/);
    expect(overrides).toEqual({ 'bob@example.org': { ignore: true }, 'cat@example.org': { cadence: 'weekly' } });
  });

  it('accepts an ISO date typed into a text cell', () => {
    expect(parseContactEdits([{ email: 'a@example.org', snoozeUntil: '2027-01-05' }]).overrides).toEqual({
      'a@example.org': { snoozeUntil: JAN_5.getTime() },
    });
  });

  it('flags edits on a row without a usable address, and later duplicates of a row', () => {
    const { overrides, invalid } = parseContactEdits(
      [
        { email: 'not an address', cadence: 'weekly' },
        { email: 'ann@example.org', cadence: 'monthly' },
        { email: 'ANN@example.org', cadence: 'yearly' },
        { email: '', cadence: '' },
        { email: 'ann@example.org' },
      ],
      { firstRowNumber: 2 },
    );
    expect(invalid.map((p) => [p.row, p.field])).toEqual([
      [0, 'email'],
      [2, 'email'],
    ]);
    expect(invalid[1]!.message).toBe('ann@example.org is also on row 3; only that row’s choices count.');
    expect(overrides).toEqual({ 'ann@example.org': { cadence: 'monthly' } });
  });

  it('does not merge Gmail spellings when the ledger does not', () => {
    expect(parseContactEdits([{ email: 'a.b@gmail.com', cadence: 'weekly' }], { mergeGmailVariants: false }).emails).toEqual(['a.b@gmail.com']);
  });
});
