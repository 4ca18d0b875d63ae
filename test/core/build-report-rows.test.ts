import { assessLedger } from '../../src/core/assess-contact';
import {
  buildGmailThreadUrl,
  buildMonthHistogram,
  buildReportRows,
  buildReportSummary,
  countStates,
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
});
