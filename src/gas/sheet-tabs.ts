/**
 * What the four report tabs share: their names and order, making a missing
 * tab, a table's one-time layout, and applying Reconnect's conditional colours,
 * the filter and the checks on the user's columns.
 */
import type { EditableColumnFormat } from '../core/sheets/plan-editable-columns';
import { isOwnRuleFormula, type FormatRulePlan } from '../core/sheets/plan-contacts-sheet';
import type { SheetValue } from '../core/parse-contact-edits';
import { TEXT_FORMAT, type ColumnSpec } from '../core/sheets/report-columns';
import type { RangePort, SheetPort, SpreadsheetAppPort, SpreadsheetPort } from './spreadsheet-ports';

type Sheet = SheetPort;
type SpreadsheetApp = SpreadsheetAppPort;

export const TAB_NAMES = { lapsed: 'Lapsed', contacts: 'Contacts', summary: 'Summary', templates: 'Templates' } as const;
export type Tab = keyof typeof TAB_NAMES;
export const TAB_ORDER: readonly Tab[] = ['lapsed', 'contacts', 'summary', 'templates'];

/** The tab, made in its place among the four (and laid out) when the user deleted it or it never existed. */
export function ensureTab(
  spreadsheet: SpreadsheetPort,
  tab: Tab,
  layOut: (sheet: Sheet) => void,
): { sheet: Sheet; created: boolean } {
  const existing = spreadsheet.getSheetByName(TAB_NAMES[tab]);
  if (existing !== null) return { sheet: existing, created: false };
  const index = Math.min(TAB_ORDER.indexOf(tab), spreadsheet.getNumSheets());
  const sheet = spreadsheet.insertSheet(TAB_NAMES[tab], index);
  layOut(sheet);
  return { sheet, created: true };
}

/** A table tab's one-time layout: bold frozen header, widths and a filter. */
export function layOutTable(sheet: Sheet, specs: ReadonlyArray<ColumnSpec<string>>): void {
  const header = sheet.getRange(1, 1, 1, specs.length);
  header.setNumberFormat(TEXT_FORMAT);
  header.setValues([specs.map((c) => c.header)]);
  header.setFontWeight('bold');
  sheet.setFrozenRows(1);
  specs.forEach((c, i) => sheet.setColumnWidth(i + 1, c.width));
  sheet.getRange(1, 1, sheet.getMaxRows(), specs.length).createFilter();
}

/** Every cell of the sheet's used area, header row first; [] for an empty sheet. */
export function readSheetValues(sheet: Sheet): SheetValue[][] {
  const values = sheet.getDataRange().getValues() as SheetValue[][];
  return values.length === 1 && values[0]!.every((v) => v === '') ? [] : values;
}

/**
 * Replaces Reconnect's own conditional format rules (found by their mark)
 * and keeps the user's. Skipped when the rules already match, unless `force`
 * (the sheet grew and the ranges must reach its new bottom).
 */
export function applyFormatRules(app: SpreadsheetApp, sheet: Sheet, plans: readonly FormatRulePlan[], force: boolean, rows: number): void {
  const existing = sheet.getConditionalFormatRules();
  const formulaOf = (rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule) => {
    const value: unknown = rule.getBooleanCondition()?.getCriteriaValues()[0];
    return typeof value === 'string' ? value : '';
  };
  const own = existing.filter((r) => isOwnRuleFormula(formulaOf(r)));
  const current = own.map(formulaOf);
  if (!force && current.length === plans.length && plans.every((p, i) => p.formula === current[i])) return;
  const ranges = new Map<number, RangePort>();
  const rangeFor = (column: number) => {
    if (!ranges.has(column)) ranges.set(column, sheet.getRange(2, column + 1, rows, 1));
    return ranges.get(column)!;
  };
  const rules = plans.map((p) =>
    app.newConditionalFormatRule().whenFormulaSatisfied(p.formula).setBackground(p.background).setRanges([rangeFor(p.column)]).build(),
  );
  sheet.setConditionalFormatRules([...existing.filter((r) => !own.includes(r)), ...rules]);
}

/**
 * A filter does not take in rows added below it, so after growing it is made
 * again over the whole sheet. The user's filter conditions are lost then;
 * growing in large steps keeps that rare. A filter the user removed stays removed.
 */
export function remakeFilter(sheet: Sheet, width: number): void {
  const filter = sheet.getFilter();
  if (filter === null) return;
  const range = filter.getRange();
  const columns = Math.max(width, range.getLastColumn());
  filter.remove();
  sheet.getRange(1, 1, sheet.getMaxRows(), columns).createFilter();
}

/** Number formats and checks on the user's columns, `rows` rows from row 2; warnings, not rejections, so a typed value is kept. */
export function applyEditableColumns(app: SpreadsheetApp, sheet: Sheet, formats: readonly EditableColumnFormat[], rows: number): void {
  for (const f of formats) {
    const range = sheet.getRange(2, f.column + 1, rows, 1);
    if (f.numberFormat !== null) range.setNumberFormat(f.numberFormat);
    if (f.check === null) continue;
    const rule = app.newDataValidation().setAllowInvalid(true);
    const built =
      f.check.kind === 'list'
        ? rule.requireValueInList(f.check.values, true)
        : f.check.kind === 'date'
          ? rule.requireDate()
          : rule.requireCheckbox();
    range.setDataValidation(built.setHelpText(f.check.helpText).build());
  }
}
