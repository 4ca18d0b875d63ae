import { EXACT_GROWTH, planRowGrowth, REPORT_GROWTH } from '../../../src/core/sheets/plan-row-growth';

describe('planRowGrowth', () => {
  it('adds nothing while the row exists', () => {
    expect(planRowGrowth(1000, 1000)).toBe(0);
    expect(planRowGrowth(1000, 1, REPORT_GROWTH)).toBe(0);
  });

  it('adds exactly what is missing for the hidden stores', () => {
    expect(planRowGrowth(1000, 1001, EXACT_GROWTH)).toBe(1);
    expect(planRowGrowth(1000, 4321)).toBe(3321);
  });

  it('grows the report tabs by at least 500 rows or a fifth of what they need', () => {
    expect(planRowGrowth(1000, 1001, REPORT_GROWTH)).toBe(1 + 500);
    // 10,001 rows: a fifth is 2,001 (rounded up), more than 500.
    expect(planRowGrowth(1000, 10_001, REPORT_GROWTH)).toBe(9001 + 2001);
    // A multiple of five divides exactly: no float rounding up.
    expect(planRowGrowth(1000, 35_000, REPORT_GROWTH)).toBe(34_000 + 7000);
  });
});
