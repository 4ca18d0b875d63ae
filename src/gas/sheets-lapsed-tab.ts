/** The Lapsed tab: who to write to, rewritten whole by every refresh (it holds nothing of the user's). */
import type { LapsedRefreshPlan, ReportSnapshot } from '../core/sheets/plan-report-refresh';
import { LAPSED_COLUMNS } from '../core/sheets/report-columns';
import { applyFormatRules, ensureTab, layOutTable, remakeFilter } from './sheet-tabs';
import type { SheetPort, SpreadsheetAppPort, SpreadsheetPort } from './spreadsheet-ports';

type Sheet = SheetPort;

export class SheetsLapsedTab {
  constructor(
    private readonly spreadsheet: SpreadsheetPort,
    private readonly spreadsheetApp: SpreadsheetAppPort,
  ) {}

  ensure(): { sheet: Sheet; created: boolean } {
    return ensureTab(this.spreadsheet, 'lapsed', (sheet) => this.layOut(sheet));
  }

  layOut(sheet: Sheet): void {
    layOutTable(sheet, LAPSED_COLUMNS);
  }

  read(): ReportSnapshot['lapsed'] & { sheet: Sheet } {
    const { sheet, created } = this.ensure();
    return { sheet, created, lastRow: sheet.getLastRow(), maxRows: sheet.getMaxRows() };
  }

  /** Applies the rows and growth; returns the colours, which are best-effort and come last. */
  apply(sheet: Sheet, plan: LapsedRefreshPlan, maxRows: number): () => void {
    if (plan.insertRows > 0) sheet.insertRowsAfter(maxRows, plan.insertRows);
    const { grid } = plan;
    if (grid.values.length > 0) {
      // The link column keeps its own format: plain text would show the HYPERLINK formula as text.
      for (const run of plan.formatRuns) {
        sheet.getRange(2, run.column + 1, grid.values.length, run.width).setNumberFormats(grid.formats.map((r) => r.slice(run.column, run.column + run.width) as string[]));
      }
      sheet.getRange(2, 1, grid.values.length, LAPSED_COLUMNS.length).setValues(grid.values);
    }
    if (plan.refilterWidth !== null) remakeFilter(sheet, plan.refilterWidth);
    return () => applyFormatRules(this.spreadsheetApp, sheet, plan.rules.rules, plan.rules.force, plan.rules.rows);
  }
}
