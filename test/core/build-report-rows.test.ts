import { assessLedger } from '../../src/core/assess-contact';
import {
  buildGmailThreadUrl,
  buildLapsedGrid,
  buildMonthHistogram,
  buildReportRows,
  buildReportSummary,
  buildSummaryGrid,
  buildThreadLinkFormula,
  chooseDatePattern,
  countStates,
  formatColumnLetters,
  LAPSED_COLUMNS,
  MAX_TEXT_CELL,
  selectLapsedRows,
} from '../../src/core/build-report-rows';
import { createLedger } from '../../src/core/fold-messages';
import { DAY_MS, type Contact, type Ledger } from '../../src/core/ledger';
import { DEFAULT_POLICY } from '../../src/core/settings';

const NOW = Date.UTC(2026, 10, 2, 9);

function contact(email: string, fields: Partial<Contact>): Contact {
  return {
    email, name: '', nameDate: 0, firstSeen: 0, lastSent: null, lastReceived: null, sentCount: 1, receivedCount: 1,
    weakCount: 0, lastWeak: null, lastSentThread: null, lastReceivedThread: null, history: [], addresses: {}, sentDays: [], receivedDays: [], ...fields,
  };
}

function ledgerOf(...contacts: Contact[]): Ledger {
  const ledger = createLedger();
  for (const c of contacts) ledger.contacts[c.email] = c;
  return ledger;
}

const thread = (threadId: string, subject: string, date: number) => ({ id: `m-${threadId}`, threadId, subject, date, messageId: '' });

describe('buildReportRows', () => {
  const ledger = ledgerOf(
    contact('ann@example.org', {
      name: 'Ann', lastSent: NOW - 200 * DAY_MS, lastReceived: NOW - 199 * DAY_MS,
      lastSentThread: thread('18c2a', 'Plans', NOW - 200 * DAY_MS), lastReceivedThread: thread('18c2b', 'Re: Plans', NOW - 199 * DAY_MS),
    }),
    contact('bob@example.org', { name: 'Bob', lastSent: NOW - 80 * DAY_MS, lastReceived: NOW - 80 * DAY_MS }),
    contact('cat@example.org', { name: 'Cat', lastSent: NOW - 3 * DAY_MS, lastReceived: NOW - 2 * DAY_MS }),
    contact('dan@example.org', { name: 'Dan', lastSent: NOW - 300 * DAY_MS, lastReceived: null, receivedCount: 0 }),
  );
  const assessments = assessLedger(ledger, NOW, DEFAULT_POLICY);
  const rows = buildReportRows(ledger, assessments);

  it('keeps the rank order and takes the subject and thread of the latest message either way', () => {
    // Ann wrote back and Dan never did: the two-way tie comes first though Dan is further overdue.
    expect(rows.map((r) => [r.email, r.state])).toEqual([
      ['ann@example.org', 'lapsed'],
      ['dan@example.org', 'lapsed'],
      ['bob@example.org', 'due'],
      ['cat@example.org', 'active'],
    ]);
    expect(rows[0]!.strength).toBeGreaterThan(rows[1]!.strength);
    expect(rows[0]).toMatchObject({ name: 'Ann', lastSubject: 'Re: Plans', threadId: '18c2b', daysSince: 199, cadenceDays: 90, cadenceSource: 'default', overdueDays: 109 });
    expect(rows[2]).toMatchObject({ lastSubject: '', threadId: '' });
  });

  it('selects lapsed and due people, highest priority first', () => {
    expect(selectLapsedRows(rows).map((r) => r.email)).toEqual(['ann@example.org', 'dan@example.org', 'bob@example.org']);
  });

  it('counts every state and the histogram adds up to everyone with an exchange', () => {
    const summary = buildReportSummary(ledger, assessments, NOW, 'UTC');
    expect(summary.states).toEqual(countStates(assessments));
    expect(summary.states.map((s) => s.count).reduce((a, b) => a + b)).toBe(assessments.length);
    expect(summary.states.find((s) => s.state === 'lapsed')!.count).toBe(2);
    expect(summary.histogram.map((b) => b.count).reduce((a, b) => a + b)).toBe(4);
  });
});

describe('buildMonthHistogram', () => {
  it('has 14 fixed buckets and counts calendar months in the time zone', () => {
    const at = (iso: string) => Date.parse(iso);
    const assess = (last: number | null) => ({ lastContact: last }) as never;
    const now = at('2026-03-01T03:00:00Z');
    const buckets = buildMonthHistogram(
      [assess(at('2026-02-28T12:00:00Z')), assess(at('2025-12-31T23:30:00Z')), assess(at('2024-06-01T00:00:00Z')), assess(at('2021-01-01T00:00:00Z')), assess(null)],
      now,
      'America/New_York',
    );
    expect(buckets.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12–23', '24+']);
    // In New York "now" is still February 28: the last exchange that day is 0 months ago, and 2025-12-31 18:30 is 1.
    expect(buckets[0]!.count).toBe(1);
    expect(buckets[1]!.count).toBe(1);
    expect(buckets[12]!.count).toBe(1);
    expect(buckets[13]!.count).toBe(1);
  });
});

describe('buildGmailThreadUrl', () => {
  it('links only hex thread ids', () => {
    expect(buildGmailThreadUrl('18c2f0a9b1d3e4f5')).toBe('https://mail.google.com/mail/#all/18c2f0a9b1d3e4f5');
    for (const bad of ['', '18C2F', 'x")&IMPORTDATA("http://evil', '1'.repeat(33), 'abc def', '#all/1']) {
      expect(buildGmailThreadUrl(bad)).toBeNull();
    }
  });

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

describe('chooseDatePattern', () => {
  it('follows the locale order and separators', () => {
    expect(chooseDatePattern('en_US')).toBe('mm/dd/yyyy');
    expect(chooseDatePattern('en_GB')).toBe('dd/mm/yyyy');
    expect(chooseDatePattern('de_DE')).toBe('dd.mm.yyyy');
    expect(chooseDatePattern('sv_SE')).toBe('yyyy-mm-dd');
    expect(chooseDatePattern('not a locale!')).toBe('yyyy-mm-dd');
  });
});

describe('formatColumnLetters', () => {
  it('spells columns like Sheets', () => {
    expect([1, 26, 27, 52, 703].map(formatColumnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
