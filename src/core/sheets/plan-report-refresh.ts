/**
 * Every write of one report refresh, planned from one snapshot of the
 * spreadsheet: Contacts merged (values, formats, notes, growth, rules), Lapsed
 * rewritten, Summary's grid and chart. The adapter reads the snapshot, calls
 * this once, and applies the plan; nothing here depends on a write.
 */
import { assessLedger, CONTACT_STATES } from '../assess-contact';
import { buildReportRows, buildReportSummary, selectLapsedRows } from '../build-report-rows';
import type { Ledger, Millis } from '../ledger';
import type { InvalidEdit, SheetValue } from '../parse-contact-edits';
import type { DraftRecord } from '../plan-drafts';
import type { PolicySettings } from '../settings';
import { buildLapsedGrid, buildSummaryGrid, planSummaryChart, type Grid, type LastRun, type SummaryChartPlan, type SummaryGrid } from './build-report-grids';
import { planEditableColumns, type EditableColumnFormat } from './plan-editable-columns';
import {
  parseContactsSheet,
  planContactsSheet,
  planEditNotes,
  planInvalidEditRules,
  planStateRules,
  type ContactsSheetPlan,
  type FormatRulePlan,
} from './plan-contacts-sheet';
import { planRowGrowth, REPORT_GROWTH } from './plan-row-growth';
import { chooseNumberFormat, CONTACTS_COLUMNS, LAPSED_COLUMNS } from './report-columns';

export interface ReportRefresh {
  ledger: Ledger;
  now: Millis;
  policy: PolicySettings;
  /** Shown on the Summary tab; the run in progress when a scan refreshes the report. */
  lastRun: LastRun | null;
  /** As the ledger was folded (settings.mergeGmailVariants), so typed addresses match. */
  mergeGmailVariants?: boolean;
}

/** What a refresh reads, all before it writes anything. */
export interface ReportSnapshot {
  /** The script's zone (the user's), for the histogram's calendar months. */
  timeZone: string;
  datePattern: string;
  contacts: {
    /** The tab was made by this refresh. */
    created: boolean;
    /** Every cell of the used area, header row first; [] for an empty sheet. */
    values: SheetValue[][];
    /** Notes from row 2, column A, over at least the rows and columns the merge can write that exist yet (see contactsNotesExtent). */
    notes: string[][];
    maxRows: number;
    maxColumns: number;
  };
  lapsed: { created: boolean; lastRow: number; maxRows: number };
  drafts: readonly DraftRecord[];
}

/** Reconnect's conditional colours on one tab; replaced only when they differ, or `force` (new ranges after growth). */
export interface TabRulesPlan {
  rules: FormatRulePlan[];
  force: boolean;
  /** Data rows the rules cover, from row 2 to the bottom of the sheet once grown. */
  rows: number;
}

export interface ContactsRefreshPlan {
  merge: ContactsSheetPlan;
  insertColumns: number;
  insertRows: number;
  /** Notes for rowCount × width from row 2; null when none change. */
  notes: string[][] | null;
  /** Formats and checks on the user's columns, when the sheet grew or gained columns; rows from 2 to the bottom. */
  editable: { formats: EditableColumnFormat[]; rows: number } | null;
  /** Re-make the filter (if the user kept one) over this many columns, because the sheet grew. */
  refilterWidth: number | null;
  rules: TabRulesPlan;
}

export interface LapsedRefreshPlan {
  grid: Grid;
  /**
   * Runs of adjacent columns whose number format is written (0-based first
   * column, width). The link column keeps its own, so the Draft column after
   * it is a run of its own: no format cell is ever null.
   */
  formatRuns: Array<{ column: number; width: number }>;
  insertRows: number;
  refilterWidth: number | null;
  rules: TabRulesPlan;
}

export interface ReportRefreshPlan {
  contacts: ContactsRefreshPlan;
  lapsed: LapsedRefreshPlan;
  /** Its first row is the warning line, filled in by the adapter once colours and chart are applied (buildWarningRow). */
  summary: SummaryGrid;
  chart: SummaryChartPlan;
  outcome: { people: number; lapsed: number; added: number; invalidEdits: InvalidEdit[] };
}

/**
 * The notes a refresh must read: the rows it can write (those on the sheet
 * and, at most, one per person) and the columns it can write (those used and
 * every Contacts column appended), cut to the sheet as it is; rows and columns
 * past that are new and hold no notes.
 */
export function contactsNotesExtent(values: readonly SheetValue[][], people: number, maxRows: number, maxColumns: number): { rows: number; columns: number } {
  const existing = Math.max(0, values.length - 1);
  const width = values.reduce((w, r) => Math.max(w, r.length), 0);
  return { rows: Math.max(0, Math.min(maxRows - 1, existing + people)), columns: Math.max(0, Math.min(maxColumns, width + CONTACTS_COLUMNS.length)) };
}

export function planReportRefresh(input: ReportRefresh, snapshot: ReportSnapshot): ReportRefreshPlan {
  const { contacts } = snapshot;
  const reading = parseContactsSheet(contacts.values, input.mergeGmailVariants ?? true);
  const assessments = assessLedger(input.ledger, input.now, input.policy, reading.edits.overrides);
  const rows = buildReportRows(input.ledger, assessments, snapshot.drafts);

  const merge = planContactsSheet({ values: contacts.values, reading, rows, datePattern: snapshot.datePattern });
  const appended = merge.appendedHeaders.length > 0;
  const insertColumns = appended ? Math.max(0, merge.width - contacts.maxColumns) : 0;
  const insertRows = planRowGrowth(contacts.maxRows, merge.rowCount + 1, REPORT_GROWTH);
  const grew = insertRows > 0;
  const contactsBottom = contacts.maxRows + insertRows;
  const notes = merge.rowCount > 0 ? planEditNotes(contacts.notes, reading.edits.invalid, merge.positions, merge.rowCount, merge.width) : null;

  const lapsedRows = selectLapsedRows(rows);
  const previous = Math.max(0, snapshot.lapsed.lastRow - 1);
  const grid = buildLapsedGrid(lapsedRows, snapshot.datePattern, previous);
  const lapsedGrowth = planRowGrowth(snapshot.lapsed.maxRows, grid.values.length + 1, REPORT_GROWTH);
  const stateColumn = LAPSED_COLUMNS.findIndex((c) => c.key === 'state');

  return {
    contacts: {
      merge,
      insertColumns,
      insertRows,
      notes,
      editable: grew || appended ? { formats: planEditableColumns(merge.positions, snapshot.datePattern), rows: contactsBottom - 1 } : null,
      refilterWidth: grew ? merge.width : null,
      rules: {
        rules: [...planStateRules(merge.positions.state, CONTACT_STATES), ...planInvalidEditRules(merge.positions)],
        force: contacts.created || grew || appended,
        rows: Math.max(1, contactsBottom - 1),
      },
    },
    lapsed: {
      grid,
      formatRuns: planFormatRuns(LAPSED_COLUMNS.map((c) => chooseNumberFormat(c.kind, snapshot.datePattern))),
      insertRows: lapsedGrowth,
      refilterWidth: lapsedGrowth > 0 ? LAPSED_COLUMNS.length : null,
      rules: {
        rules: planStateRules(stateColumn, ['lapsed', 'due']),
        force: snapshot.lapsed.created || lapsedGrowth > 0,
        rows: Math.max(1, snapshot.lapsed.maxRows + lapsedGrowth - 1),
      },
    },
    summary: buildSummaryGrid(buildReportSummary(input.ledger, assessments, input.now, snapshot.timeZone, input.policy), input.lastRun, input.now, snapshot.datePattern),
    chart: planSummaryChart(),
    outcome: { people: rows.length, lapsed: lapsedRows.length, added: merge.added.length, invalidEdits: reading.edits.invalid },
  };
}

function planFormatRuns(formats: ReadonlyArray<string | null>): Array<{ column: number; width: number }> {
  const runs: Array<{ column: number; width: number }> = [];
  formats.forEach((format, column) => {
    if (format === null) return;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.column + last.width === column) last.width += 1;
    else runs.push({ column, width: 1 });
  });
  return runs;
}
