/** The one place a sheet grows: every adapter that writes below row 1,000 goes through it. */
import { EXACT_GROWTH, planRowGrowth, type RowGrowth } from '../core/sheets/plan-row-growth';
import type { SheetPort } from './spreadsheet-ports';

/** Adds rows so row `needed` exists (see planRowGrowth); true when the sheet grew. */
export function growSheetRows(
  sheet: Pick<SheetPort, 'getMaxRows' | 'insertRowsAfter'>,
  needed: number,
  growth: RowGrowth = EXACT_GROWTH,
): boolean {
  const max = sheet.getMaxRows();
  const rows = planRowGrowth(max, needed, growth);
  if (rows === 0) return false;
  sheet.insertRowsAfter(max, rows);
  return true;
}
