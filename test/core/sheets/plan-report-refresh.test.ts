import { createLedger } from '../../../src/core/fold-messages';
import { DAY_MS, type Contact, type Ledger } from '../../../src/core/ledger';
import { DEFAULT_POLICY } from '../../../src/core/settings';
import { contactsNotesExtent, planReportRefresh, type ReportSnapshot } from '../../../src/core/sheets/plan-report-refresh';
import { CONTACTS_COLUMNS, LAPSED_COLUMNS } from '../../../src/core/sheets/report-columns';

const NOW = Date.UTC(2026, 10, 2, 9);

function ledgerOf(count: number): Ledger {
  const ledger = createLedger();
  for (let i = 0; i < count; i += 1) {
    const email = `p${i}@example.org`;
    const c: Contact = {
      email, name: `P${i}`, nameDate: 0, firstSeen: 0, lastSent: NOW - (i % 2 === 0 ? 300 : 3) * DAY_MS, lastReceived: NOW - (i % 2 === 0 ? 300 : 2) * DAY_MS,
      sentCount: 1, receivedCount: 1, weakCount: 0, lastWeak: null, lastSentThread: null, lastReceivedThread: null, history: [], addresses: {}, sentDays: [], receivedDays: [],
    };
    ledger.contacts[email] = c;
  }
  return ledger;
}

function snapshot(values: ReportSnapshot['contacts']['values'], fields: Partial<ReportSnapshot['contacts']> = {}): ReportSnapshot {
  return {
    timeZone: 'UTC',
    datePattern: 'yyyy-mm-dd',
    contacts: { created: false, values, notes: [], maxRows: 1000, maxColumns: 26, ...fields },
    lapsed: { created: false, lastRow: 1, maxRows: 1000 },
    drafts: [],
  };
}

const input = (ledger: Ledger) => ({ ledger, now: NOW, policy: DEFAULT_POLICY, lastRun: null });
const HEADERS = CONTACTS_COLUMNS.map((c) => c.header);

describe('planReportRefresh', () => {
  it('plans a new sheet: every header, everyone added, the user’s columns formatted, colours forced', () => {
    const plan = planReportRefresh(input(ledgerOf(4)), snapshot([], { created: true }));
    expect(plan.contacts.merge.appendedHeaders).toHaveLength(CONTACTS_COLUMNS.length);
    expect(plan.contacts).toMatchObject({ insertRows: 0, insertColumns: 0, refilterWidth: null, notes: null });
    expect(plan.contacts.editable!.rows).toBe(999);
    expect(plan.contacts.rules.force).toBe(true);
    expect(plan.outcome).toMatchObject({ people: 4, lapsed: 2, added: 4, invalidEdits: [] });
    expect(plan.lapsed.grid.values).toHaveLength(2);
    expect(plan.lapsed.rules.force).toBe(false);
    expect(plan.summary.values[0]).toEqual(['', '']);
  });

  it('plans growth past the bottom once: rows, the filter again, formats and colours reaching the new bottom', () => {
    const plan = planReportRefresh(input(ledgerOf(1500)), snapshot([HEADERS]));
    // 1,501 rows needed: 501 more, and a fifth of 1,501 rounded up (301) is under the 500 minimum.
    expect(plan.contacts.insertRows).toBe(501 + 500);
    expect(plan.contacts.refilterWidth).toBe(CONTACTS_COLUMNS.length);
    expect(plan.contacts.editable!.rows).toBe(2000);
    expect(plan.contacts.rules).toMatchObject({ force: true, rows: 2000 });
    expect(plan.lapsed.insertRows).toBe(0);
    expect(plan.lapsed.refilterWidth).toBeNull();
    // Only the link keeps its own format; every format written is a real one.
    const link = LAPSED_COLUMNS.findIndex((c) => c.key === 'link');
    expect(plan.lapsed.formatRuns).toEqual([
      { column: 0, width: link },
      { column: link + 1, width: LAPSED_COLUMNS.length - link - 1 },
    ]);
    for (const run of plan.lapsed.formatRuns) {
      expect(plan.lapsed.grid.formats.every((r) => r.slice(run.column, run.column + run.width).every((f) => typeof f === 'string'))).toBe(true);
    }
  });

  it('plans a quiet refresh as values only: no notes, no formats, colours only checked', () => {
    const ledger = ledgerOf(3);
    const first = planReportRefresh(input(ledger), snapshot([]));
    const values = [HEADERS, ...first.contacts.merge.blocks[0]!.values.map((r) => [...r, '', '', false, ''])];
    const plan = planReportRefresh(input(ledger), snapshot(values));
    expect(plan.contacts.merge.added).toEqual([]);
    expect(plan.contacts).toMatchObject({ notes: null, editable: null, insertRows: 0, refilterWidth: null });
    expect(plan.contacts.rules.force).toBe(false);
  });

  it('notes an invalid edit from the snapshot’s notes, keeping the user’s', () => {
    const ledger = ledgerOf(1);
    const row = HEADERS.map((h) => (h === 'Email' ? 'p0@example.org' : h === 'Cadence' ? 'fortnightly' : ''));
    const notes = [HEADERS.map((_, i) => (i === 0 ? 'mine' : ''))];
    const plan = planReportRefresh(input(ledger), snapshot([HEADERS, row], { notes }));
    const cadence = CONTACTS_COLUMNS.findIndex((c) => c.key === 'cadence');
    expect(plan.contacts.notes![0]![0]).toBe('mine');
    expect(plan.contacts.notes![0]![cadence]).toMatch(/^Reconnect: /);
    expect(plan.outcome.invalidEdits).toHaveLength(1);
  });
});

describe('contactsNotesExtent', () => {
  it('covers every row and column the merge can write that the sheet has yet', () => {
    expect(contactsNotesExtent([HEADERS, HEADERS], 10, 1000, 26)).toEqual({ rows: 11, columns: 26 });
    expect(contactsNotesExtent([['a', 'b']], 10_000, 1000, 40)).toEqual({ rows: 999, columns: 2 + CONTACTS_COLUMNS.length });
    expect(contactsNotesExtent([], 0, 1000, 26)).toEqual({ rows: 0, columns: Math.min(26, CONTACTS_COLUMNS.length) });
  });
});
