/**
 * The Reconnect spreadsheet as the user sees it: Lapsed (who to write to),
 * Contacts (everyone, and the user's Cadence, Snooze until, Ignore and Notes),
 * Summary (counts, a chart, the last run) and Templates (the user's own).
 *
 * Contacts is two-way. Its edits are read before every run and card
 * (readOverrides), the sidebar writes to the same cells (setOverride), and a
 * refresh merges into it — rows found by email, columns by header text — and
 * writes only the computed columns, so no refresh can overwrite an edit, even
 * one made while it runs. Every write is one call per block of cells: the
 * number of calls does not grow with the number of people.
 *
 * Conditional colours and the chart come last in a refresh, after every value
 * is written, and are best-effort: a failure there is shown on Summary.
 */
import { assessLedger, CONTACT_STATES, type ContactOverride } from '../core/assess-contact';
import {
  buildLapsedGrid,
  buildMonthHistogram,
  buildReportRows,
  buildReportSummary,
  buildSummaryGrid,
  chooseDatePattern,
  chooseNumberFormat,
  CONTACTS_COLUMNS,
  countStates,
  LAPSED_COLUMNS,
  selectLapsedRows,
  SUMMARY_FIRST_ROW,
  TEXT_FORMAT,
  type ColumnSpec,
  type ContactsColumn,
  type LastRun,
  type ReportRow,
  type ReportSummary,
} from '../core/build-report-rows';
import type { Ledger, Millis } from '../core/ledger';
import { normalizeEmail } from '../core/normalize-email';
import { CADENCE_CHOICES, type InvalidEdit, type SheetValue } from '../core/parse-contact-edits';
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
  type ContactsSheetReading,
  type FormatRulePlan,
} from '../core/plan-contacts-sheet';
import type { TemplateProblem } from '../core/load-templates';
import { normalizeTemplateName, type TemplateOverride } from '../core/parse-template';
import type { PolicySettings, Tier } from '../core/settings';
import { SheetDraftLog } from './sheet-draft-log';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const TAB_NAMES = { lapsed: 'Lapsed', contacts: 'Contacts', summary: 'Summary', templates: 'Templates' } as const;
type Tab = keyof typeof TAB_NAMES;
const TAB_ORDER: readonly Tab[] = ['lapsed', 'contacts', 'summary', 'templates'];

const TEMPLATE_COLUMNS: ReadonlyArray<ColumnSpec<'name' | 'subject' | 'body'>> = [
  { key: 'name', header: 'Name', kind: 'text', editable: true, width: 160 },
  { key: 'subject', header: 'Subject', kind: 'text', editable: true, width: 320 },
  { key: 'body', header: 'Body', kind: 'text', editable: true, width: 640 },
];

const TEMPLATES_NOTE =
  'Your own draft templates, one a row. Name: a bundled name such as "reconnect" replaces that template; ' +
  'a new name adds one. Subject and Body use the same {{variables}} as the bundled templates ' +
  '(templates/README.md), e.g. {{greeting}} and {{#lastSubject}}…{{/lastSubject}}. ' +
  'Reconnect checks every row before using it and leaves a note on the Name when one cannot be used.';

/**
 * A sheet grows by at least this many rows at a time, or a fifth of what it
 * needs: growing re-makes the filter, so it should be rare.
 */
const MIN_GROWTH_ROWS = 500;

export interface ReportRefresh {
  ledger: Ledger;
  now: Millis;
  policy: PolicySettings;
  /** Shown on the Summary tab; the run in progress when a scan refreshes the report. */
  lastRun: LastRun | null;
  /** As the ledger was folded (settings.mergeGmailVariants), so typed addresses match. */
  mergeGmailVariants?: boolean;
}

export interface RefreshOutcome {
  people: number;
  lapsed: number;
  /** People added at the bottom of Contacts: new, or whose row the user deleted. */
  added: number;
  invalidEdits: InvalidEdit[];
  /** What could not be formatted; also shown on Summary. */
  warnings: string[];
}

/** What the sidebar sets for one person; 'auto' and null clear a choice. */
export interface ContactPatch {
  cadence?: Tier | 'auto';
  snoozeUntil?: Millis | null;
  ignore?: boolean;
  notes?: string;
}

export interface ReadOverridesResult {
  overrides: Record<string, ContactOverride>;
  invalid: InvalidEdit[];
  /** "Other addresses": each row's address lists, for resolvePeople. */
  links?: string[][];
}

export interface PanelServices {
  spreadsheetApp?: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  session?: GoogleAppsScript.Base.Session;
}

export class SheetsControlPanel {
  private readonly spreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  private readonly session: GoogleAppsScript.Base.Session;

  constructor(
    private readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
    services: PanelServices = {},
  ) {
    this.spreadsheetApp = services.spreadsheetApp ?? SpreadsheetApp;
    this.session = services.session ?? Session;
  }

  /**
   * Lays out a new spreadsheet so it makes sense before the first scan ends:
   * the four tabs with headers, the user's time zone, and, when it replaces
   * one that was deleted, a notice saying so at the top of Summary.
   */
  prepare(options: { replacedAt?: Millis | null } = {}): void {
    this.syncTimeZone();
    const datePattern = this.datePattern();
    const first = this.spreadsheet.getSheets()[0];
    if (first !== undefined && this.spreadsheet.getSheetByName(TAB_NAMES.lapsed) === null && first.getLastRow() === 0) {
      // The blank first sheet every new spreadsheet has becomes Lapsed instead of lingering as "Sheet1".
      first.setName(TAB_NAMES.lapsed);
      this.layOut('lapsed', first, datePattern);
    }
    for (const tab of TAB_ORDER) this.ensureTab(tab, datePattern);
    if (options.replacedAt !== undefined && options.replacedAt !== null) this.recordReplacement(options.replacedAt, datePattern);
  }

  /** The user's choices from Contacts, and the cells that make no sense; nothing is written. */
  readOverrides(options: { mergeGmailVariants?: boolean } = {}): ReadOverridesResult {
    const sheet = this.spreadsheet.getSheetByName(TAB_NAMES.contacts);
    if (sheet === null) return { overrides: {}, invalid: [], links: [] };
    const { edits } = parseContactsSheet(readValues(sheet), options.mergeGmailVariants ?? true);
    return { overrides: edits.overrides, invalid: edits.invalid, links: edits.links };
  }

  /**
   * Writes one person's choices where the user would: their Contacts row,
   * found by one read of the Email column, written in one call (one per
   * non-adjacent column if the user split the columns up). Someone not on the
   * sheet yet gets a row at the bottom; the next refresh fills it in.
   */
  setOverride(email: string, patch: ContactPatch, options: { mergeGmailVariants?: boolean } = {}): { row: number; added: boolean } {
    const merge = options.mergeGmailVariants ?? true;
    const target = normalizeEmail(email, merge);
    if (target === null) throw new Error(`"${email}" is not an email address.`);
    const { sheet } = this.ensureTab('contacts');
    const lastColumn = sheet.getLastColumn();
    const header = lastColumn === 0 ? [] : (sheet.getRange(1, 1, 1, lastColumn).getValues()[0] as SheetValue[]);
    const positions = locateColumns(header, CONTACTS_COLUMNS);
    let nextFree = lastColumn;
    const newHeaders = new Map<number, string>();
    const cells = new Map<number, SheetValue>();
    const put = (key: ContactsColumn, value: SheetValue) => {
      let at = positions[key];
      if (at === undefined) {
        // The user deleted the column: bring it back at the end rather than lose the choice.
        at = nextFree++;
        positions[key] = at;
        newHeaders.set(at, CONTACTS_COLUMNS.find((c) => c.key === key)!.header);
      }
      cells.set(at, value);
    };
    if (patch.cadence !== undefined) put('cadence', patch.cadence);
    if (patch.snoozeUntil !== undefined) put('snoozeUntil', patch.snoozeUntil === null ? '' : new Date(patch.snoozeUntil));
    if (patch.ignore !== undefined) put('ignore', patch.ignore);
    if (patch.notes !== undefined) put('notes', patch.notes);

    const lastRow = sheet.getLastRow();
    let row = -1;
    if (positions.email !== undefined && lastRow >= 2) {
      const emails = sheet.getRange(2, positions.email + 1, lastRow - 1, 1).getValues();
      const i = emails.findIndex(([cell]) => typeof cell === 'string' && normalizeEmail(cell, merge) === target);
      if (i >= 0) row = i + 2;
    }
    const added = row === -1;
    if (added) {
      row = Math.max(2, lastRow + 1);
      put('email', target);
    }
    if (nextFree > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), nextFree - sheet.getMaxColumns());
    if (added) {
      if (this.ensureRows(sheet, row)) {
        this.formatEditableColumns(sheet, positions, this.datePattern());
        this.extendFilter(sheet, nextFree);
      }
      // An address may start with "=", "+" or "-" (RFC 5322 allows it): plain text before it lands.
      sheet.getRange(row, positions.email! + 1).setNumberFormat(TEXT_FORMAT);
    }
    for (const run of groupColumns([...newHeaders.keys()])) {
      sheet.getRange(1, run[0]! + 1, 1, run.length).setValues([run.map((c) => newHeaders.get(c)!)]);
    }
    for (const run of groupColumns([...cells.keys()].sort((a, b) => a - b))) {
      sheet.getRange(row, run[0]! + 1, 1, run.length).setValues([run.map((c) => cells.get(c) ?? '')]);
    }
    return { row, added };
  }

  /**
   * Rewrites the report from the ledger: reads Contacts first (the user's
   * choices decide every state shown), merges into it, then rewrites Lapsed
   * and Summary, then the colours and the chart.
   */
  refresh(input: ReportRefresh): RefreshOutcome {
    const timeZone = this.syncTimeZone();
    const datePattern = this.datePattern();
    const finish: Array<() => void> = [];

    const { sheet: contacts, created } = this.ensureTab('contacts', datePattern);
    const values = readValues(contacts);
    const reading = parseContactsSheet(values, input.mergeGmailVariants ?? true);
    const assessments = assessLedger(input.ledger, input.now, input.policy, reading.edits.overrides);
    const rows = buildReportRows(input.ledger, assessments, new SheetDraftLog(this.spreadsheet).read());
    const added = this.writeContacts(contacts, values, reading, rows, datePattern, created, finish);
    const lapsed = selectLapsedRows(rows);
    this.writeLapsed(lapsed, datePattern, finish);
    const summary = this.ensureTab('summary', datePattern).sheet;
    finish.push(() => this.ensureChart(summary));

    // Colours and the chart are best-effort: every value is already current, so a
    // failure there is reported on Summary instead of failing the refresh.
    const warnings: string[] = [];
    for (const step of finish) {
      try {
        step();
      } catch (error) {
        warnings.push(`Colours or the chart could not be updated (${error instanceof Error ? error.message : String(error)}).`);
      }
    }
    const grid = buildSummaryGrid(buildReportSummary(input.ledger, assessments, input.now, timeZone, input.policy), input.lastRun, input.now, datePattern, warnings);
    const range = summary.getRange(SUMMARY_FIRST_ROW, 1, grid.values.length, 2);
    range.setNumberFormats(grid.formats.map((r) => r.map((f) => f ?? TEXT_FORMAT)));
    range.setValues(grid.values);
    return { people: rows.length, lapsed: lapsed.length, added, invalidEdits: reading.edits.invalid, warnings };
  }

  /** The Templates tab as overrides for loadTemplates; rows without a name are skipped. */
  readTemplateOverrides(): TemplateOverride[] {
    const sheet = this.spreadsheet.getSheetByName(TAB_NAMES.templates);
    if (sheet === null) return [];
    const values = readValues(sheet);
    const at = locateColumns(values[0] ?? [], TEMPLATE_COLUMNS);
    if (at.name === undefined) return [];
    const text = (row: SheetValue[], i: number | undefined) => (i === undefined ? '' : String(row[i] ?? ''));
    const out: TemplateOverride[] = [];
    values.slice(1).forEach((row, i) => {
      const name = text(row, at.name);
      if (name.trim() === '') return;
      out.push({ name, subject: text(row, at.subject), body: text(row, at.body), row: i + 2 });
    });
    return out;
  }

  /**
   * Puts each problem loadTemplates reported as a note on its row's Name cell,
   * and takes Reconnect's old notes off rows that are fine now; the user's own
   * notes stay. One read of the tab, one of its notes, at most one write.
   */
  writeTemplateProblems(problems: readonly TemplateProblem[]): void {
    const sheet = this.spreadsheet.getSheetByName(TAB_NAMES.templates);
    if (sheet === null) return;
    const values = readValues(sheet);
    const nameAt = locateColumns(values[0] ?? [], TEMPLATE_COLUMNS).name;
    if (nameAt === undefined || values.length < 2) return;
    const names = values.slice(1).map((row) => normalizeTemplateName(String(row[nameAt] ?? '')));
    const messages = new Map<number, string[]>();
    for (const problem of problems) {
      const index = problem.row !== undefined ? problem.row - 2 : names.indexOf(problem.name);
      if (index < 0 || index >= names.length) continue;
      messages.set(index, [...(messages.get(index) ?? []), problem.message]);
    }
    const range = sheet.getRange(2, nameAt + 1, names.length, 1);
    const notes = range.getNotes();
    const next = notes.map(([note], i) => {
      const own = messages.get(i);
      return [own === undefined ? stripOwnNote(note ?? '') : addOwnNote(note ?? '', own.join(' '))];
    });
    if (next.some(([note], i) => note !== notes[i]![0])) range.setNotes(next);
  }

  // ---------------------------------------------------------------------------
  // Contacts

  private writeContacts(
    sheet: Sheet,
    values: SheetValue[][],
    reading: ContactsSheetReading,
    rows: readonly ReportRow[],
    datePattern: string,
    created: boolean,
    finish: Array<() => void>,
  ): number {
    const plan = planContactsSheet({ values, reading, rows, datePattern });
    if (plan.appendedHeaders.length > 0) {
      const first = plan.appendedHeaders[0]!.column;
      if (plan.width > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), plan.width - sheet.getMaxColumns());
      const headerRange = sheet.getRange(1, first + 1, 1, plan.appendedHeaders.length);
      headerRange.setValues([plan.appendedHeaders.map((h) => h.header)]);
      headerRange.setFontWeight('bold');
    }
    const grew = this.ensureRows(sheet, plan.rowCount + 1);
    if (plan.rowCount > 0) {
      for (const block of plan.blocks) {
        const range = sheet.getRange(2, block.column + 1, plan.rowCount, block.formats[0]!.length);
        // Formats first: a text column must be plain text before a name like "=HYPERLINK(…)" lands in it.
        range.setNumberFormats(block.formats);
        range.setValues(block.values);
      }
      const noteRange = sheet.getRange(2, 1, plan.rowCount, plan.width);
      const notes = planEditNotes(noteRange.getNotes(), reading.edits.invalid, plan.positions, plan.rowCount, plan.width);
      if (notes !== null) noteRange.setNotes(notes);
    }
    if (grew || plan.appendedHeaders.length > 0) this.formatEditableColumns(sheet, plan.positions, datePattern);
    if (grew) this.extendFilter(sheet, plan.width);
    const rules = [...planStateRules(plan.positions.state, CONTACT_STATES), ...planInvalidEditRules(plan.positions)];
    finish.push(() => this.applyRules(sheet, rules, created || grew || plan.appendedHeaders.length > 0));
    return plan.added.length;
  }

  /** Dropdown, date and checkbox on the user's columns, from row 2 to the bottom of the sheet; warnings, not rejections, so a typed value is kept. */
  private formatEditableColumns(sheet: Sheet, positions: Partial<Record<ContactsColumn, number>>, datePattern: string): void {
    const rows = sheet.getMaxRows() - 1;
    const column = (key: ContactsColumn) => sheet.getRange(2, positions[key]! + 1, rows, 1);
    const rule = () => this.spreadsheetApp.newDataValidation().setAllowInvalid(true);
    if (positions.cadence !== undefined) {
      column('cadence')
        .setNumberFormat(TEXT_FORMAT)
        .setDataValidation(rule().requireValueInList([...CADENCE_CHOICES], true).setHelpText(`One of ${CADENCE_CHOICES.join(', ')}; auto (or empty) lets Reconnect learn it.`).build());
    }
    if (positions.snoozeUntil !== undefined) {
      column('snoozeUntil')
        .setNumberFormat(datePattern)
        .setDataValidation(rule().requireDate().setHelpText('A date: Reconnect leaves them alone until then.').build());
    }
    if (positions.ignore !== undefined) {
      column('ignore').setDataValidation(rule().requireCheckbox().setHelpText('Tick to never hear about them.').build());
    }
    if (positions.notes !== undefined) column('notes').setNumberFormat(TEXT_FORMAT);
  }

  // ---------------------------------------------------------------------------
  // Lapsed and Summary

  private writeLapsed(rows: readonly ReportRow[], datePattern: string, finish: Array<() => void>): void {
    const { sheet, created } = this.ensureTab('lapsed', datePattern);
    const previous = Math.max(0, sheet.getLastRow() - 1);
    const grid = buildLapsedGrid(rows, datePattern, previous);
    const grew = this.ensureRows(sheet, grid.values.length + 1);
    if (grid.values.length > 0) {
      const formatted = LAPSED_COLUMNS.filter((c) => chooseNumberFormat(c.kind, datePattern) !== null).length;
      // The link column keeps its own format: plain text would show the HYPERLINK formula as text.
      sheet.getRange(2, 1, grid.values.length, formatted).setNumberFormats(grid.formats.map((r) => r.slice(0, formatted) as string[]));
      sheet.getRange(2, 1, grid.values.length, LAPSED_COLUMNS.length).setValues(grid.values);
    }
    if (grew) this.extendFilter(sheet, LAPSED_COLUMNS.length);
    const stateColumn = LAPSED_COLUMNS.findIndex((c) => c.key === 'state');
    finish.push(() => this.applyRules(sheet, planStateRules(stateColumn, ['lapsed', 'due']), created || grew));
  }

  /** The chart reads a fixed block of cells, so it is made once and refreshes by itself. */
  private ensureChart(sheet: Sheet): void {
    if (sheet.getCharts().length > 0) return;
    const shape = buildSummaryGrid(emptySummary(), null, 0, TEXT_FORMAT);
    const headerRow = SUMMARY_FIRST_ROW + shape.histogramRow;
    const buckets = emptySummary().histogram.length;
    const chart = sheet
      .newChart()
      .asColumnChart()
      .addRange(sheet.getRange(headerRow, 1, buckets + 1, 2))
      .setNumHeaders(1)
      .setPosition(SUMMARY_FIRST_ROW, 4, 0, 0)
      .setOption('title', 'People by months since you were last in touch')
      .setOption('legend', { position: 'none' })
      .setOption('hAxis', { title: 'Months since last contact' })
      .setOption('vAxis', { title: 'People' })
      .build();
    sheet.insertChart(chart);
  }

  private recordReplacement(at: Millis, datePattern: string): void {
    const { sheet } = this.ensureTab('summary', datePattern);
    const range = sheet.getRange(1, 1, 1, 2);
    range.setNumberFormats([[TEXT_FORMAT, datePattern]]);
    range.setValues([
      [
        'Your previous Reconnect spreadsheet could not be opened (deleted, or emptied from the trash), so Reconnect made this one and started a full scan. Choices you made there could not be carried over.',
        new Date(at),
      ],
    ]);
    range.setFontWeight('bold');
  }

  // ---------------------------------------------------------------------------
  // Shared

  /**
   * Replaces Reconnect's own conditional format rules (found by their mark)
   * and keeps the user's. Skipped when the rules already match, unless the
   * sheet grew and the ranges must reach its new bottom.
   */
  private applyRules(sheet: Sheet, plans: readonly FormatRulePlan[], force: boolean): void {
    const existing = sheet.getConditionalFormatRules();
    const formulaOf = (rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule) => {
      const value: unknown = rule.getBooleanCondition()?.getCriteriaValues()[0];
      return typeof value === 'string' ? value : '';
    };
    const own = existing.filter((r) => isOwnRuleFormula(formulaOf(r)));
    const current = own.map(formulaOf);
    if (!force && current.length === plans.length && plans.every((p, i) => p.formula === current[i])) return;
    const rows = Math.max(1, sheet.getMaxRows() - 1);
    const ranges = new Map<number, GoogleAppsScript.Spreadsheet.Range>();
    const rangeFor = (column: number) => {
      if (!ranges.has(column)) ranges.set(column, sheet.getRange(2, column + 1, rows, 1));
      return ranges.get(column)!;
    };
    const rules = plans.map((p) =>
      this.spreadsheetApp
        .newConditionalFormatRule()
        .whenFormulaSatisfied(p.formula)
        .setBackground(p.background)
        .setRanges([rangeFor(p.column)])
        .build(),
    );
    sheet.setConditionalFormatRules([...existing.filter((r) => !own.includes(r)), ...rules]);
  }

  /** Adds rows when `needed` passes the bottom of the sheet: Apps Script refuses ranges beyond it. True when it grew. */
  private ensureRows(sheet: Sheet, needed: number): boolean {
    const max = sheet.getMaxRows();
    if (needed <= max) return false;
    sheet.insertRowsAfter(max, needed - max + Math.max(MIN_GROWTH_ROWS, Math.ceil(needed / 5)));
    return true;
  }

  /**
   * A filter does not take in rows added below it, so after growing it is made
   * again over the whole sheet. The user's filter conditions are lost then;
   * growing in large steps keeps that rare. A filter the user removed stays removed.
   */
  private extendFilter(sheet: Sheet, width: number): void {
    const filter = sheet.getFilter();
    if (filter === null) return;
    const range = filter.getRange();
    const columns = Math.max(width, range.getLastColumn());
    filter.remove();
    sheet.getRange(1, 1, sheet.getMaxRows(), columns).createFilter();
  }

  private ensureTab(tab: Tab, datePattern?: string): { sheet: Sheet; created: boolean } {
    const existing = this.spreadsheet.getSheetByName(TAB_NAMES[tab]);
    if (existing !== null) return { sheet: existing, created: false };
    const index = Math.min(TAB_ORDER.indexOf(tab), this.spreadsheet.getNumSheets());
    const sheet = this.spreadsheet.insertSheet(TAB_NAMES[tab], index);
    this.layOut(tab, sheet, datePattern ?? this.datePattern());
    return { sheet, created: true };
  }

  /** A tab's one-time layout: bold frozen header, widths, filter, and the user's columns' formats and checks. */
  private layOut(tab: Tab, sheet: Sheet, datePattern: string): void {
    if (tab === 'summary') {
      sheet.setColumnWidth(1, 260);
      sheet.setColumnWidth(2, 420);
      const shape = buildSummaryGrid(emptySummary(), null, 0, datePattern);
      sheet
        .getRange(SUMMARY_FIRST_ROW, 1, shape.values.length, 2)
        .setFontWeights(shape.values.map((_, i) => (shape.headingRows.includes(i) ? ['bold', 'bold'] : ['normal', 'normal'])));
      return;
    }
    const specs: ReadonlyArray<ColumnSpec<string>> =
      tab === 'lapsed' ? LAPSED_COLUMNS : tab === 'contacts' ? CONTACTS_COLUMNS : TEMPLATE_COLUMNS;
    const header = sheet.getRange(1, 1, 1, specs.length);
    header.setNumberFormat(TEXT_FORMAT);
    header.setValues([specs.map((c) => c.header)]);
    header.setFontWeight('bold');
    sheet.setFrozenRows(1);
    specs.forEach((c, i) => sheet.setColumnWidth(i + 1, c.width));
    sheet.getRange(1, 1, sheet.getMaxRows(), specs.length).createFilter();
    if (tab === 'contacts') {
      this.formatEditableColumns(sheet, locateColumns(specs.map((c) => c.header), CONTACTS_COLUMNS), datePattern);
    } else if (tab === 'templates') {
      // Typed templates are text: a body starting with "-" or "=" must not become a formula.
      sheet.getRange(2, 1, sheet.getMaxRows() - 1, specs.length).setNumberFormat(TEXT_FORMAT);
      sheet.getRange(1, 1).setNote(TEMPLATES_NOTE);
    }
  }

  /** Dates show in the script's zone, the user's, whatever zone the spreadsheet was made with. */
  private syncTimeZone(): string {
    const zone = this.session.getScriptTimeZone();
    if (this.spreadsheet.getSpreadsheetTimeZone() !== zone) this.spreadsheet.setSpreadsheetTimeZone(zone);
    return zone;
  }

  private datePattern(): string {
    return chooseDatePattern(this.spreadsheet.getSpreadsheetLocale());
  }
}

function emptySummary(): ReportSummary {
  return {
    states: countStates([]),
    total: 0,
    histogram: buildMonthHistogram([], 0, 'UTC'),
    coverage: { messages: 0, counted: 0, oldest: null, newest: null },
  };
}

/** Every cell of the sheet's used area, header row first; [] for an empty sheet. */
function readValues(sheet: Sheet): SheetValue[][] {
  const values = sheet.getDataRange().getValues() as SheetValue[][];
  return values.length === 1 && values[0]!.every((v) => v === '') ? [] : values;
}

function groupColumns(columns: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const c of columns) {
    const run = runs[runs.length - 1];
    if (run !== undefined && run[run.length - 1]! + 1 === c) run.push(c);
    else runs.push([c]);
  }
  return runs;
}
