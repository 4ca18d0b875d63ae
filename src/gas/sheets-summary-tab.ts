/** The Summary tab: counts, the histogram and its chart, the last run, and a notice when the spreadsheet was replaced. */
import type { Millis } from '../core/ledger';
import { buildWarningRow, planSummaryFontWeights, SUMMARY_FIRST_ROW, type SummaryChartPlan, type SummaryGrid } from '../core/sheets/build-report-grids';
import { TEXT_FORMAT } from '../core/sheets/report-columns';
import { ensureTab } from './sheet-tabs';
import type { EmbeddedChartBuilderPort, SheetPort, SpreadsheetPort } from './spreadsheet-ports';

type Sheet = SheetPort;

export class SheetsSummaryTab {
  constructor(private readonly spreadsheet: SpreadsheetPort) {}

  ensure(): { sheet: Sheet; created: boolean } {
    return ensureTab(this.spreadsheet, 'summary', (sheet) => this.layOut(sheet));
  }

  layOut(sheet: Sheet): void {
    sheet.setColumnWidth(1, 260);
    sheet.setColumnWidth(2, 420);
    const weights = planSummaryFontWeights();
    sheet.getRange(SUMMARY_FIRST_ROW, 1, weights.length, 2).setFontWeights(weights);
  }

  /** The chart reads a fixed block of cells, so it is made once and refreshes by itself. */
  ensureChart(sheet: Sheet, plan: SummaryChartPlan): void {
    if (sheet.getCharts().length > 0) return;
    let chart: EmbeddedChartBuilderPort = sheet
      .newChart()
      .asColumnChart()
      .addRange(sheet.getRange(plan.row, plan.column, plan.rows, plan.columns))
      .setNumHeaders(1)
      .setPosition(plan.anchorRow, plan.anchorColumn, 0, 0);
    for (const [name, value] of Object.entries(plan.options)) chart = chart.setOption(name, value);
    sheet.insertChart(chart.build());
  }

  /** The planned grid, its first line saying what could not be formatted. */
  write(sheet: Sheet, grid: SummaryGrid, warnings: readonly string[]): void {
    const values = [buildWarningRow(warnings), ...grid.values.slice(1)];
    const range = sheet.getRange(SUMMARY_FIRST_ROW, 1, values.length, 2);
    range.setNumberFormats(grid.formats.map((r) => r.map((f) => f ?? TEXT_FORMAT)));
    range.setValues(values);
  }

  recordReplacement(at: Millis, datePattern: string): void {
    const { sheet } = this.ensure();
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
}
