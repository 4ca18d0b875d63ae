/**
 * How many rows a sheet must gain before a write: Apps Script refuses a range
 * that reaches past the sheet's last row ("The coordinates of the range are
 * outside the dimensions of the sheet"), and a new sheet has 1,000 rows.
 */

export interface RowGrowth {
  /** Rows added beyond what is needed, at least. */
  minHeadroom: number;
  /** And at least `needed / headroomDivisor` (rounded up); null for none. */
  headroomDivisor: number | null;
}

/** Exactly what is needed: hidden stores that are rewritten whole. */
export const EXACT_GROWTH: RowGrowth = { minHeadroom: 0, headroomDivisor: null };

/**
 * The report tabs grow by at least 500 rows or a fifth of what they need:
 * growing re-makes the filter (losing the user's filter conditions), so it
 * should be rare.
 */
export const REPORT_GROWTH: RowGrowth = { minHeadroom: 500, headroomDivisor: 5 };

/** Rows to insert after the last one so that row `needed` exists; 0 when it already does. */
export function planRowGrowth(maxRows: number, needed: number, growth: RowGrowth = EXACT_GROWTH): number {
  if (needed <= maxRows) return 0;
  const share = growth.headroomDivisor === null ? 0 : Math.ceil(needed / growth.headroomDivisor);
  return needed - maxRows + Math.max(growth.minHeadroom, share);
}
