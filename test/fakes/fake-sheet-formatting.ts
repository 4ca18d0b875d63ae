/**
 * Conditional format rules and embedded charts for the SpreadsheetApp fake,
 * which otherwise throws NotImplementedError for them. `installSheetFormatting()`
 * adds the methods to the fake's classes (idempotent; jest loads modules per
 * test file, so only files that call it see them):
 *
 * - SpreadsheetApp.newConditionalFormatRule() and its builder: the when… criteria
 *   Reconnect uses (CUSTOM_FORMULA, TEXT_EQUAL_TO, CELL_EMPTY, CELL_NOT_EMPTY),
 *   background, font colour, bold, ranges; rules keep their ranges as given.
 * - Sheet.getConditionalFormatRules / setConditionalFormatRules (replaces the
 *   sheet's list, as Apps Script does) / clearConditionalFormatRules.
 * - Sheet.newChart() → EmbeddedChartBuilder (asColumnChart and friends record
 *   the type; addRange, setOption, setPosition, setNumHeaders), insertChart,
 *   getCharts, updateChart, removeChart; EmbeddedChart.modify/getRanges/getOptions.
 *
 * Service calls are counted like the fake's own (`spreadsheet.Sheet.setConditionalFormatRules`,
 * `spreadsheet.SpreadsheetApp.newConditionalFormatRule` at 0 ms, like newDataValidation).
 * Not modelled: rules and charts do not move when rows or columns are inserted,
 * and formulas are not evaluated, so a rule never says which cells it colours.
 */
import type { SheetPort } from '../../src/gas/spreadsheet-ports';
import { FakeSheet, FakeSpreadsheetApp } from './fake-spreadsheet-app';

interface SheetInternals {
  model: object;
  call<T>(method: string, fn: () => T): T;
}

interface RangeInternals {
  sheet: { name: string };
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

function internalsOf(sheet: SheetPort): SheetInternals {
  return sheet as unknown as SheetInternals;
}

/** A1 notation of a fake range, read without a service call. */
export function describeRange(range: GoogleAppsScript.Spreadsheet.Range): string {
  const r = range as unknown as RangeInternals;
  const letters = (c: number): string => {
    let s = '';
    for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  const start = `${letters(r.column)}${r.row}`;
  if (r.numRows === 1 && r.numColumns === 1) return start;
  return `${start}:${letters(r.column + r.numColumns - 1)}${r.row + r.numRows - 1}`;
}

// ---- conditional format rules ------------------------------------------------

interface RuleData {
  criteria: string;
  values: unknown[];
  background: string | null;
  fontColor: string | null;
  bold: boolean | null;
  ranges: GoogleAppsScript.Spreadsheet.Range[];
}

class FakeBooleanCondition {
  constructor(private readonly data: RuleData) {}
  getBackground(): string | null {
    return this.data.background;
  }
  getBold(): boolean | null {
    return this.data.bold;
  }
  getCriteriaType(): GoogleAppsScript.Spreadsheet.BooleanCriteria {
    return this.data.criteria as unknown as GoogleAppsScript.Spreadsheet.BooleanCriteria;
  }
  getCriteriaValues(): unknown[] {
    return [...this.data.values];
  }
  getFontColor(): string | null {
    return this.data.fontColor;
  }
  getItalic(): null {
    return null;
  }
  getStrikethrough(): null {
    return null;
  }
  getUnderline(): null {
    return null;
  }
}

class FakeConditionalFormatRule {
  constructor(readonly data: RuleData) {}
  copy(): FakeConditionalFormatRuleBuilder {
    return new FakeConditionalFormatRuleBuilder({ ...this.data, values: [...this.data.values], ranges: [...this.data.ranges] });
  }
  getBooleanCondition(): FakeBooleanCondition {
    return new FakeBooleanCondition(this.data);
  }
  getGradientCondition(): null {
    return null;
  }
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return [...this.data.ranges];
  }
}

class FakeConditionalFormatRuleBuilder {
  constructor(
    private data: RuleData = { criteria: '', values: [], background: null, fontColor: null, bold: null, ranges: [] },
  ) {}
  private set(criteria: string, values: unknown[]): this {
    this.data = { ...this.data, criteria, values };
    return this;
  }
  build(): FakeConditionalFormatRule {
    if (this.data.criteria === '') throw new Error('Exception: You must specify a condition for the conditional format rule.');
    if (this.data.ranges.length === 0) throw new Error('Exception: You must specify at least one range for the conditional format rule.');
    return new FakeConditionalFormatRule({ ...this.data, values: [...this.data.values], ranges: [...this.data.ranges] });
  }
  copy(): FakeConditionalFormatRuleBuilder {
    return new FakeConditionalFormatRuleBuilder({ ...this.data });
  }
  getBooleanCondition(): FakeBooleanCondition | null {
    return this.data.criteria === '' ? null : new FakeBooleanCondition(this.data);
  }
  getGradientCondition(): null {
    return null;
  }
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return [...this.data.ranges];
  }
  setBackground(color: string | null): this {
    this.data = { ...this.data, background: color };
    return this;
  }
  setBold(bold: boolean | null): this {
    this.data = { ...this.data, bold };
    return this;
  }
  setFontColor(color: string | null): this {
    this.data = { ...this.data, fontColor: color };
    return this;
  }
  setRanges(ranges: GoogleAppsScript.Spreadsheet.Range[]): this {
    this.data = { ...this.data, ranges: [...ranges] };
    return this;
  }
  whenCellEmpty(): this {
    return this.set('CELL_EMPTY', []);
  }
  whenCellNotEmpty(): this {
    return this.set('CELL_NOT_EMPTY', []);
  }
  whenFormulaSatisfied(formula: string): this {
    return this.set('CUSTOM_FORMULA', [formula]);
  }
  whenTextEqualTo(text: string): this {
    return this.set('TEXT_EQUAL_TO', [text]);
  }
}

// ---- embedded charts ------------------------------------------------------------

interface ChartData {
  id: number;
  type: string;
  ranges: GoogleAppsScript.Spreadsheet.Range[];
  options: Record<string, unknown>;
  position: { row: number; column: number; offsetX: number; offsetY: number };
  numHeaders: number;
}

let nextChartId = 1;

class FakeEmbeddedChart {
  constructor(readonly data: ChartData) {}
  getChartId(): number {
    return this.data.id;
  }
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return [...this.data.ranges];
  }
  getNumHeaders(): number {
    return this.data.numHeaders;
  }
  getOptions(): { get(option: string): unknown } {
    const options = { ...this.data.options };
    return { get: (option: string) => options[option] ?? null };
  }
  getContainerInfo(): { getAnchorRow(): number; getAnchorColumn(): number; getOffsetX(): number; getOffsetY(): number } {
    const p = this.data.position;
    return { getAnchorRow: () => p.row, getAnchorColumn: () => p.column, getOffsetX: () => p.offsetX, getOffsetY: () => p.offsetY };
  }
  modify(): FakeEmbeddedChartBuilder {
    return new FakeEmbeddedChartBuilder(cloneChart(this.data));
  }
}

function cloneChart(data: ChartData): ChartData {
  return { ...data, ranges: [...data.ranges], options: { ...data.options }, position: { ...data.position } };
}

class FakeEmbeddedChartBuilder {
  constructor(
    private readonly data: ChartData = {
      id: 0,
      type: 'COLUMN',
      ranges: [],
      options: {},
      position: { row: 1, column: 1, offsetX: 0, offsetY: 0 },
      numHeaders: -1,
    },
  ) {}
  private as(type: string): this {
    this.data.type = type;
    return this;
  }
  asAreaChart(): this {
    return this.as('AREA');
  }
  asBarChart(): this {
    return this.as('BAR');
  }
  asColumnChart(): this {
    return this.as('COLUMN');
  }
  asLineChart(): this {
    return this.as('LINE');
  }
  asPieChart(): this {
    return this.as('PIE');
  }
  addRange(range: GoogleAppsScript.Spreadsheet.Range): this {
    this.data.ranges.push(range);
    return this;
  }
  clearRanges(): this {
    this.data.ranges = [];
    return this;
  }
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return [...this.data.ranges];
  }
  setOption(option: string, value: unknown): this {
    this.data.options[option] = value;
    return this;
  }
  setNumHeaders(headers: number): this {
    this.data.numHeaders = headers;
    return this;
  }
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): this {
    this.data.position = { row: anchorRowPos, column: anchorColPos, offsetX, offsetY };
    return this;
  }
  build(): FakeEmbeddedChart {
    const data = cloneChart(this.data);
    if (data.id === 0) data.id = nextChartId++;
    return new FakeEmbeddedChart(data);
  }
}

// ---- installation ------------------------------------------------------------------

const rulesBySheet = new WeakMap<object, FakeConditionalFormatRule[]>();
const chartsBySheet = new WeakMap<object, FakeEmbeddedChart[]>();
let installed = false;

export function installSheetFormatting(): void {
  if (installed) return;
  installed = true;
  const sheet = FakeSheet.prototype as unknown as Record<string, unknown>;
  const app = FakeSpreadsheetApp.prototype as unknown as Record<string, unknown>;

  app.newConditionalFormatRule = function (this: FakeSpreadsheetApp) {
    return this.runtime.invoke('spreadsheet.SpreadsheetApp.newConditionalFormatRule', () => new FakeConditionalFormatRuleBuilder(), 0);
  };

  sheet.getConditionalFormatRules = function (this: FakeSheet) {
    const s = internalsOf(this);
    return s.call('getConditionalFormatRules', () => [...(rulesBySheet.get(s.model) ?? [])]);
  };
  sheet.setConditionalFormatRules = function (this: FakeSheet, rules: unknown[]) {
    const s = internalsOf(this);
    s.call('setConditionalFormatRules', () => {
      for (const rule of rules) {
        if (!(rule instanceof FakeConditionalFormatRule)) throw new Error('FakeSheet: setConditionalFormatRules takes rules built by the fake');
      }
      rulesBySheet.set(s.model, [...(rules as FakeConditionalFormatRule[])]);
    });
  };
  sheet.clearConditionalFormatRules = function (this: FakeSheet) {
    const s = internalsOf(this);
    s.call('clearConditionalFormatRules', () => rulesBySheet.set(s.model, []));
  };

  sheet.newChart = function (this: FakeSheet) {
    return internalsOf(this).call('newChart', () => new FakeEmbeddedChartBuilder());
  };
  sheet.insertChart = function (this: FakeSheet, chart: FakeEmbeddedChart) {
    const s = internalsOf(this);
    s.call('insertChart', () => chartsBySheet.set(s.model, [...(chartsBySheet.get(s.model) ?? []), chart]));
  };
  sheet.getCharts = function (this: FakeSheet) {
    const s = internalsOf(this);
    return s.call('getCharts', () => [...(chartsBySheet.get(s.model) ?? [])]);
  };
  sheet.updateChart = function (this: FakeSheet, chart: FakeEmbeddedChart) {
    const s = internalsOf(this);
    s.call('updateChart', () => {
      const charts = chartsBySheet.get(s.model) ?? [];
      const i = charts.findIndex((c) => c.getChartId() === chart.getChartId());
      if (i < 0) throw new Error('Exception: The chart does not exist on this sheet.');
      charts[i] = chart;
    });
  };
  sheet.removeChart = function (this: FakeSheet, chart: FakeEmbeddedChart) {
    const s = internalsOf(this);
    s.call('removeChart', () => {
      chartsBySheet.set(s.model, (chartsBySheet.get(s.model) ?? []).filter((c) => c.getChartId() !== chart.getChartId()));
    });
  };
}

// ---- test-side inspection (not service calls) --------------------------------------

export interface RuleView {
  ranges: string[];
  criteria: string;
  values: unknown[];
  background: string | null;
}

export function conditionalRulesOf(sheet: SheetPort): RuleView[] {
  return (rulesBySheet.get(internalsOf(sheet).model) ?? []).map(({ data }) => ({
    ranges: data.ranges.map(describeRange),
    criteria: data.criteria,
    values: [...data.values],
    background: data.background,
  }));
}

export interface ChartView {
  type: string;
  ranges: string[];
  options: Record<string, unknown>;
  anchor: { row: number; column: number };
}

export function chartsOf(sheet: SheetPort): ChartView[] {
  return (chartsBySheet.get(internalsOf(sheet).model) ?? []).map(({ data }) => ({
    type: data.type,
    ranges: data.ranges.map(describeRange),
    options: { ...data.options },
    anchor: { row: data.position.row, column: data.position.column },
  }));
}

