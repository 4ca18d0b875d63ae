import { buildReportSummary } from '../../../src/core/build-report-rows';
import { createLedger } from '../../../src/core/fold-messages';
import { DAY_MS } from '../../../src/core/ledger';
import { DEFAULT_POLICY } from '../../../src/core/settings';
import { buildLapsedGrid, buildSummaryGrid, buildThreadLinkFormula } from '../../../src/core/sheets/build-report-grids';
import { LAPSED_COLUMNS, MAX_TEXT_CELL } from '../../../src/core/sheets/report-columns';

const NOW = Date.UTC(2026, 10, 2, 9);

describe('buildThreadLinkFormula', () => {
  it('makes a HYPERLINK formula from a valid id and nothing else', () => {
    expect(buildThreadLinkFormula('abc123')).toBe('=HYPERLINK("https://mail.google.com/mail/#all/abc123","Open in Gmail")');
    expect(buildThreadLinkFormula('abc"),IMAGE("http://evil')).toBe('');
  });
});

describe('buildLapsedGrid', () => {
  const row = {
    email: 'evil@example.org', name: '=HYPERLINK("http://evil")', state: 'lapsed' as const, lastSent: NOW - 100 * DAY_MS, lastReceived: null,
    daysSince: 100, cadenceDays: null, cadenceSource: 'set' as const, overdueDays: 10, lastSubject: 'x'.repeat(60_000), threadId: 'ff01', inboundOnly: false,
    address: 'Evil@Example.org', strength: 12, strengthLabel: 'weak tie', priority: 20.4, reason: 'You set a cadence of 90 days',
  };

  it('puts text as it is in text-formatted columns, dates as Dates, and a link last', () => {
    const grid = buildLapsedGrid([row], 'yyyy-mm-dd', 3);
    expect(grid.values).toHaveLength(3);
    const [first] = grid.values;
    const col = (key: string) => LAPSED_COLUMNS.findIndex((c) => c.key === key);
    expect(first![col('name')]).toBe('=HYPERLINK("http://evil")');
    expect(grid.formats[0]![col('name')]).toBe('@');
    expect(first![col('lastSent')]).toEqual(new Date(NOW - 100 * DAY_MS));
    expect(grid.formats[0]![col('lastSent')]).toBe('yyyy-mm-dd');
    expect(first![col('lastReceived')]).toBe('');
    expect(first![col('cadenceDays')]).toBe('never');
    expect((first![col('lastSubject')] as string).length).toBe(MAX_TEXT_CELL);
    expect(first![col('link')]).toBe('=HYPERLINK("https://mail.google.com/mail/#all/ff01","Open in Gmail")');
    expect(grid.formats[0]![col('link')]).toBeNull();
    expect(grid.values[2]!.every((v) => v === '')).toBe(true);
  });
});

describe('buildSummaryGrid', () => {
  it('has the same shape whatever the data, with the histogram where the chart reads it', () => {
    const empty = buildReportSummary(createLedger(), [], NOW, 'UTC');
    const a = buildSummaryGrid(empty, null, NOW, 'dd/mm/yyyy');
    const b = buildSummaryGrid(empty, { at: NOW, kind: 'scan', outcome: 'done', folded: 3, message: 'Scan complete.' }, NOW, 'dd/mm/yyyy');
    expect(a.values.length).toBe(b.values.length);
    expect(a.values[a.histogramRow]).toEqual(['Months since last contact', 'People']);
    expect(a.values[a.histogramRow + 14]![0]).toBe('24+');
    expect(b.values.find((r) => r[0] === 'Summary')![1]).toBe('Scan complete.');
    expect(b.formats.find((_, i) => b.values[i]![0] === 'When')![1]).toBe('dd/mm/yyyy hh:mm');
    const judged = buildSummaryGrid(buildReportSummary(createLedger(), [], NOW, 'UTC', { ...DEFAULT_POLICY, minGapDays: 45 }), null, NOW, 'dd/mm/yyyy');
    expect(judged.values.length).toBe(a.values.length);
    expect(judged.values.find((r) => r[0] === 'Minimum gap (days)')![1]).toBe(45);
    expect(a.values.find((r) => r[0] === 'Minimum gap (days)')![1]).toBe('');
  });
});
