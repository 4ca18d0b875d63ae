/** The Templates tab: the user's own draft templates, and a note on each row loadTemplates could not use. */
import { planTemplateNotes, parseTemplatesSheet, TEMPLATE_COLUMNS, TEMPLATES_NOTE, locateTemplateNames } from '../core/sheets/plan-templates-sheet';
import type { TemplateProblem } from '../core/load-templates';
import type { TemplateOverride } from '../core/parse-template';
import { TEXT_FORMAT } from '../core/sheets/report-columns';
import { ensureTab, layOutTable, readSheetValues, TAB_NAMES } from './sheet-tabs';
import type { SheetPort, SpreadsheetPort } from './spreadsheet-ports';

type Sheet = SheetPort;

export class SheetsTemplatesTab {
  constructor(private readonly spreadsheet: SpreadsheetPort) {}

  ensure(): { sheet: Sheet; created: boolean } {
    return ensureTab(this.spreadsheet, 'templates', (sheet) => this.layOut(sheet));
  }

  layOut(sheet: Sheet): void {
    layOutTable(sheet, TEMPLATE_COLUMNS);
    // Typed templates are text: a body starting with "-" or "=" must not become a formula.
    sheet.getRange(2, 1, sheet.getMaxRows() - 1, TEMPLATE_COLUMNS.length).setNumberFormat(TEXT_FORMAT);
    sheet.getRange(1, 1).setNote(TEMPLATES_NOTE);
  }

  /** The tab as overrides for loadTemplates; rows without a name are skipped. */
  readTemplateOverrides(): TemplateOverride[] {
    const sheet = this.spreadsheet.getSheetByName(TAB_NAMES.templates);
    return sheet === null ? [] : parseTemplatesSheet(readSheetValues(sheet));
  }

  /**
   * Puts each problem loadTemplates reported as a note on its row's Name cell,
   * and takes Reconnect's old notes off rows that are fine now; the user's own
   * notes stay. One read of the tab, one of its notes, at most one write.
   */
  writeTemplateProblems(problems: readonly TemplateProblem[]): void {
    const sheet = this.spreadsheet.getSheetByName(TAB_NAMES.templates);
    if (sheet === null) return;
    const values = readSheetValues(sheet);
    const where = locateTemplateNames(values);
    if (where === null) return;
    const range = sheet.getRange(2, where.column + 1, where.rows, 1);
    const next = planTemplateNotes(values, range.getNotes(), problems);
    if (next !== null) range.setNotes(next);
  }
}
