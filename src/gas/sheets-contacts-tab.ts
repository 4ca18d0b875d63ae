/**
 * The Contacts tab, the user's control panel: everyone, with their Cadence,
 * Snooze until, Ignore and Notes. Its edits are read before every run and card
 * (readOverrides), the sidebar writes to the same cells (setOverride), and a
 * refresh merges into it — rows found by email, columns by header text — and
 * writes only the computed columns, so no refresh can overwrite an edit, even
 * one made while it runs. Every write is one call per block of cells.
 */
import type { ContactOverride } from '../core/assess-contact';
import type { InvalidEdit, SheetValue } from '../core/parse-contact-edits';
import { locateEmailColumn, planContactOverride, type ContactPatch } from '../core/sheets/plan-contact-override';
import { locateColumns, parseContactsSheet } from '../core/sheets/plan-contacts-sheet';
import { planEditableColumns } from '../core/sheets/plan-editable-columns';
import { contactsNotesExtent, type ContactsRefreshPlan, type ReportSnapshot } from '../core/sheets/plan-report-refresh';
import { CONTACTS_COLUMNS, TEXT_FORMAT } from '../core/sheets/report-columns';
import { applyEditableColumns, applyFormatRules, ensureTab, layOutTable, readSheetValues, remakeFilter, TAB_NAMES } from './sheet-tabs';
import type { SheetPort, SpreadsheetAppPort, SpreadsheetPort } from './spreadsheet-ports';

type Sheet = SheetPort;

export interface ReadOverridesResult {
  overrides: Record<string, ContactOverride>;
  invalid: InvalidEdit[];
  /** "Other addresses": each row's address lists, for resolvePeople. */
  links?: string[][];
}

export class SheetsContactsTab {
  constructor(
    private readonly spreadsheet: SpreadsheetPort,
    private readonly spreadsheetApp: SpreadsheetAppPort,
    private readonly datePattern: () => string,
  ) {}

  ensure(datePattern?: string): { sheet: Sheet; created: boolean } {
    return ensureTab(this.spreadsheet, 'contacts', (sheet) => this.layOut(sheet, datePattern ?? this.datePattern()));
  }

  layOut(sheet: Sheet, datePattern: string): void {
    layOutTable(sheet, CONTACTS_COLUMNS);
    const positions = locateColumns(CONTACTS_COLUMNS.map((c) => c.header), CONTACTS_COLUMNS);
    applyEditableColumns(this.spreadsheetApp, sheet, planEditableColumns(positions, datePattern), sheet.getMaxRows() - 1);
  }

  /** The user's choices, and the cells that make no sense; nothing is written. */
  readOverrides(mergeGmailVariants: boolean): ReadOverridesResult {
    const sheet = this.spreadsheet.getSheetByName(TAB_NAMES.contacts);
    if (sheet === null) return { overrides: {}, invalid: [], links: [] };
    const { edits } = parseContactsSheet(readSheetValues(sheet), mergeGmailVariants);
    return { overrides: edits.overrides, invalid: edits.invalid, links: edits.links };
  }

  /** One read of the header and one of the Email column, then the planned writes (see planContactOverride). */
  setOverride(email: string, patch: ContactPatch, mergeGmailVariants: boolean): { row: number; added: boolean } {
    const { sheet } = this.ensure();
    const lastColumn = sheet.getLastColumn();
    const header = lastColumn === 0 ? [] : (sheet.getRange(1, 1, 1, lastColumn).getValues()[0] as SheetValue[]);
    const lastRow = sheet.getLastRow();
    const emailAt = locateEmailColumn(header);
    const emails = emailAt !== undefined && lastRow >= 2 ? (sheet.getRange(2, emailAt + 1, lastRow - 1, 1).getValues() as SheetValue[][]) : [];
    const reading = { header, lastRow, lastColumn, maxRows: sheet.getMaxRows(), maxColumns: sheet.getMaxColumns() };
    const plan = planContactOverride(email, patch, reading, emails, mergeGmailVariants);

    if (plan.insertColumns > 0) sheet.insertColumnsAfter(reading.maxColumns, plan.insertColumns);
    if (plan.insertRows > 0) {
      sheet.insertRowsAfter(reading.maxRows, plan.insertRows);
      applyEditableColumns(this.spreadsheetApp, sheet, planEditableColumns(plan.positions, this.datePattern()), reading.maxRows + plan.insertRows - 1);
      remakeFilter(sheet, plan.width);
    }
    if (plan.textEmailColumn !== null) sheet.getRange(plan.row, plan.textEmailColumn + 1).setNumberFormat(TEXT_FORMAT);
    for (const run of plan.headerRuns) sheet.getRange(1, run.column + 1, 1, run.values.length).setValues([run.values]);
    for (const run of plan.cellRuns) sheet.getRange(plan.row, run.column + 1, 1, run.values.length).setValues([run.values]);
    return { row: plan.row, added: plan.added };
  }

  /** The refresh's snapshot of this tab: values, then the notes the merge may touch. */
  read(people: number, datePattern: string): ReportSnapshot['contacts'] & { sheet: Sheet } {
    const { sheet, created } = this.ensure(datePattern);
    const values = readSheetValues(sheet);
    const maxRows = sheet.getMaxRows();
    const maxColumns = sheet.getMaxColumns();
    const extent = contactsNotesExtent(values, people, maxRows, maxColumns);
    const notes = extent.rows > 0 && extent.columns > 0 ? sheet.getRange(2, 1, extent.rows, extent.columns).getNotes() : [];
    return { sheet, created, values, notes, maxRows, maxColumns };
  }

  /** Applies the values, formats, notes and growth; returns the colours, which are best-effort and come last. */
  apply(sheet: Sheet, plan: ContactsRefreshPlan, maxRows: number, maxColumns: number): () => void {
    const { merge } = plan;
    if (merge.appendedHeaders.length > 0) {
      if (plan.insertColumns > 0) sheet.insertColumnsAfter(maxColumns, plan.insertColumns);
      const headerRange = sheet.getRange(1, merge.appendedHeaders[0]!.column + 1, 1, merge.appendedHeaders.length);
      headerRange.setValues([merge.appendedHeaders.map((h) => h.header)]);
      headerRange.setFontWeight('bold');
    }
    if (plan.insertRows > 0) sheet.insertRowsAfter(maxRows, plan.insertRows);
    if (merge.rowCount > 0) {
      for (const block of merge.blocks) {
        const range = sheet.getRange(2, block.column + 1, merge.rowCount, block.formats[0]!.length);
        // Formats first: a text column must be plain text before a name like "=HYPERLINK(…)" lands in it.
        range.setNumberFormats(block.formats);
        range.setValues(block.values);
      }
      if (plan.notes !== null) sheet.getRange(2, 1, merge.rowCount, merge.width).setNotes(plan.notes);
    }
    if (plan.editable !== null) applyEditableColumns(this.spreadsheetApp, sheet, plan.editable.formats, plan.editable.rows);
    if (plan.refilterWidth !== null) remakeFilter(sheet, plan.refilterWidth);
    return () => applyFormatRules(this.spreadsheetApp, sheet, plan.rules.rules, plan.rules.force, plan.rules.rows);
  }
}
