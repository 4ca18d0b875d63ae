/**
 * In-memory SpreadsheetApp: spreadsheets, sheets and ranges with values stored
 * the way Apps Script stores them, which is what the formula-injection tests check.
 *
 * Value rules applied by setValues/setValue/appendRow (the "user entered" parsing
 * Sheets applies to values written by Apps Script):
 * - A cell whose number format is plain text ('@') keeps the string exactly.
 * - A string starting with "'" is text; the apostrophe is not part of the value.
 * - A string starting with '=' (longer than "=") becomes a formula: getFormulas()
 *   returns it, getValues() returns what the formula evaluates to ('' unless the
 *   test supplies an evaluator).
 * - A string starting with '+' or '-' that is not a number is treated as a formula
 *   too ('=' prepended), as Sheets does for typed input ("-foo" shows #NAME?). This
 *   is modelled from the Sheets UI and has not been verified for setValues; turn it
 *   off with `signedTextIsFormula: false`.
 * - Numeric, boolean (TRUE/FALSE), percent and date-looking strings become numbers,
 *   booleans and Dates (dates in the spreadsheet's time zone); other strings stay strings.
 */

import type { FilterPort, RangePort, SheetPort, SpreadsheetAppPort, SpreadsheetPort } from '../../src/gas/spreadsheet-ports';
import { FakeRuntime } from './fake-runtime';
import { appsScriptException, WORDING } from './google-errors';
import { fakeEnum, notImplemented } from './not-implemented';
import { zonedParts, zonedTimeToEpoch } from './time-zone';

type CellValue = string | number | boolean | Date;

/**
 * Limits, from support.google.com/drive/answer/37603 ("Files you can store in
 * Google Drive": spreadsheets "Up to 10 million cells or 18,278 columns") and
 * the Sheets error "Your input contains more than the maximum of 50000 characters
 * in a single cell." A new sheet is 1000 rows by 26 columns (A-Z).
 */
export const MAX_CELLS_PER_SPREADSHEET = 10_000_000;
export const MAX_CHARS_PER_CELL = 50_000;
export const DEFAULT_SHEET_ROWS = 1000;
export const DEFAULT_SHEET_COLUMNS = 26;
/** Sheets' default column width in pixels. */
export const DEFAULT_COLUMN_WIDTH = 100;

export interface FakeSpreadsheetAppOptions {
  /** Time zone of new spreadsheets (the script's zone in Apps Script). Default 'Etc/UTC'. */
  timeZone?: string;
  /** Locale of new spreadsheets; only en_US parsing is modelled. */
  locale?: string;
  /** Computes what a formula cell reads as through getValues(); default ''. */
  formulaEvaluator?: (formula: string) => CellValue;
  /** See the file comment; default true. */
  signedTextIsFormula?: boolean;
}

interface Cell {
  v: CellValue;
  f?: string;
  nf?: string;
  fw?: GoogleAppsScript.Spreadsheet.FontWeight;
  bg?: string;
  note?: string;
  dv?: FakeDataValidation;
}

class SheetModel {
  cells = new Map<string, Cell>();
  frozenRows = 0;
  frozenColumns = 0;
  hidden = false;
  widths = new Map<number, number>();
  filter: { row: number; column: number; numRows: number; numColumns: number } | null = null;

  constructor(
    readonly sheetId: number,
    public name: string,
    public maxRows: number,
    public maxColumns: number,
  ) {}

  get(r: number, c: number): Cell | undefined {
    return this.cells.get(`${r},${c}`);
  }

  cell(r: number, c: number): Cell {
    const key = `${r},${c}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { v: '' };
      this.cells.set(key, cell);
    }
    return cell;
  }

  hasContent(cell: Cell | undefined): boolean {
    return cell !== undefined && (cell.f !== undefined || cell.v !== '');
  }

  lastRow(): number {
    let last = 0;
    for (const [key, cell] of this.cells) if (this.hasContent(cell)) last = Math.max(last, Number(key.split(',')[0]));
    return last;
  }

  lastColumn(): number {
    let last = 0;
    for (const [key, cell] of this.cells) if (this.hasContent(cell)) last = Math.max(last, Number(key.split(',')[1]));
    return last;
  }

  /** Moves cells: rows >= from shift by delta (negative deletes rows [from, from - delta)). */
  shiftRows(from: number, delta: number): void {
    const next = new Map<string, Cell>();
    for (const [key, cell] of this.cells) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      if (r < from) next.set(key, cell);
      else if (delta < 0 && r < from - delta) continue;
      else next.set(`${r + delta},${c}`, cell);
    }
    this.cells = next;
    this.maxRows += delta;
  }

  shiftColumns(from: number, delta: number): void {
    const next = new Map<string, Cell>();
    for (const [key, cell] of this.cells) {
      const [r, c] = key.split(',').map(Number) as [number, number];
      if (c < from) next.set(key, cell);
      else if (delta < 0 && c < from - delta) continue;
      else next.set(`${r},${c + delta}`, cell);
    }
    this.cells = next;
    const widths = new Map<number, number>();
    for (const [c, w] of this.widths) {
      if (c < from) widths.set(c, w);
      else if (!(delta < 0 && c < from - delta)) widths.set(c + delta, w);
    }
    this.widths = widths;
    this.maxColumns += delta;
  }
}

class SpreadsheetModel {
  sheets: SheetModel[] = [];
  deleted = false;
  trashed = false;
  nextSheetId = 0;

  constructor(
    readonly id: string,
    public name: string,
    public timeZone: string,
    public locale: string,
  ) {}

  cellCount(): number {
    return this.sheets.reduce((n, s) => n + s.maxRows * s.maxColumns, 0);
  }

  ensureCapacity(extraCells: number): void {
    if (this.cellCount() + extraCells > MAX_CELLS_PER_SPREADSHEET) throw appsScriptException(WORDING.workbookCellLimit);
  }

  addSheet(name: string, rows: number, columns: number, index?: number): SheetModel {
    if (this.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
      throw appsScriptException(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    this.ensureCapacity(rows * columns);
    const sheet = new SheetModel(this.nextSheetId, name, rows, columns);
    this.nextSheetId = this.nextSheetId === 0 ? 1_000_000 : this.nextSheetId + 1;
    if (index === undefined || index >= this.sheets.length) this.sheets.push(sheet);
    else this.sheets.splice(Math.max(0, index), 0, sheet);
    return sheet;
  }

  freshSheetName(): string {
    let n = this.sheets.length + 1;
    while (this.sheets.some((s) => s.name === `Sheet${n}`)) n += 1;
    return `Sheet${n}`;
  }
}

/** Shared services every wrapper needs. */
class Ctx {
  constructor(
    readonly rt: FakeRuntime,
    readonly opts: Required<Pick<FakeSpreadsheetAppOptions, 'signedTextIsFormula'>> & FakeSpreadsheetAppOptions,
  ) {}

  call<T>(ss: SpreadsheetModel, name: string, fn: () => T): T {
    return this.rt.invoke(`spreadsheet.${name}`, () => {
      if (ss.deleted) {
        throw appsScriptException(`Document ${ss.id} is missing (perhaps it was deleted, or you don't have read access?)`);
      }
      return fn();
    });
  }
}

// ---- value conversion ---------------------------------------------------------

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const PERCENT_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)%$/;
const ISO_DATE_RE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function cellLength(v: unknown): number {
  return typeof v === 'string' ? v.length : 0;
}

/** Writes one value into a cell with Sheets' parsing rules. */
function writeValue(ctx: Ctx, ss: SpreadsheetModel, cell: Cell, raw: unknown): void {
  delete cell.f;
  if (raw === null || raw === undefined) {
    cell.v = '';
    return;
  }
  if (raw instanceof Date) {
    cell.v = new Date(raw.getTime());
    return;
  }
  if (typeof raw === 'number' || typeof raw === 'boolean') {
    cell.v = raw;
    return;
  }
  const s = typeof raw === 'string' ? raw : String(raw);
  if (cell.nf === '@') {
    cell.v = s;
    return;
  }
  if (s.startsWith("'")) {
    cell.v = s.slice(1);
    return;
  }
  const trimmed = s.trim();
  const isFormula =
    (s.startsWith('=') && s.length > 1) ||
    (ctx.opts.signedTextIsFormula && /^[+-]/.test(s) && s.length > 1 && !NUMBER_RE.test(trimmed) && !PERCENT_RE.test(trimmed));
  if (isFormula) {
    cell.f = s.startsWith('=') ? s : `=${s}`;
    cell.v = ctx.opts.formulaEvaluator ? ctx.opts.formulaEvaluator(cell.f) : '';
    return;
  }
  cell.v = parseEntered(s, ss.timeZone);
}

function parseEntered(s: string, timeZone: string): CellValue {
  const t = s.trim();
  if (t === '') return s;
  if (NUMBER_RE.test(t)) return Number(t);
  if (PERCENT_RE.test(t)) return Number(t.slice(0, -1)) / 100;
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  let m = ISO_DATE_RE.exec(t);
  let parts: number[] | null = null;
  if (m) parts = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  m = m ? null : US_DATE_RE.exec(t);
  if (m) parts = [Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (parts) {
    const [y, mo, d, h, mi, se] = parts as [number, number, number, number, number, number];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && se < 60) {
      return new Date(zonedTimeToEpoch(timeZone, y, mo, d, h, mi, se));
    }
  }
  return s;
}

function copyValue(v: CellValue): CellValue {
  return v instanceof Date ? new Date(v.getTime()) : v;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Sheets date pattern tokens: yyyy yy mmmm mmm mm m dd d hh h ss am/pm ("mm" after h means minutes). */
function formatSheetsDate(d: Date, pattern: string, timeZone: string): string {
  const p = zonedParts(d.getTime(), timeZone);
  const tokens = pattern.match(/yyyy|yy|mmmm|mmm|mm|m|dd|d|hh|h|ss|s|am\/pm|"[^"]*"|./gi) ?? [];
  let out = '';
  let lastWasHour = false;
  const hasAmPm = /am\/pm/i.test(pattern);
  for (const tok of tokens) {
    const lower = tok.toLowerCase();
    if (lower === 'yyyy') out += String(p.year);
    else if (lower === 'yy') out += pad(p.year % 100);
    else if (lower === 'mmmm') out += MONTHS[p.month - 1];
    else if (lower === 'mmm') out += MONTHS[p.month - 1]?.slice(0, 3);
    else if (lower === 'mm') out += lastWasHour ? pad(p.minute) : pad(p.month);
    else if (lower === 'm') out += lastWasHour ? String(p.minute) : String(p.month);
    else if (lower === 'dd') out += pad(p.day);
    else if (lower === 'd') out += String(p.day);
    else if (lower === 'hh' || lower === 'h') {
      const h = hasAmPm ? ((p.hour + 11) % 12) + 1 : p.hour;
      out += lower === 'hh' ? pad(h) : String(h);
      lastWasHour = true;
      continue;
    } else if (lower === 'ss') out += pad(p.second);
    else if (lower === 's') out += String(p.second);
    else if (lower === 'am/pm') out += p.hour < 12 ? 'AM' : 'PM';
    else if (tok.startsWith('"')) out += tok.slice(1, -1);
    else {
      out += tok;
      if (tok === ':') continue;
    }
    lastWasHour = false;
  }
  return out;
}

function formatNumber(n: number, nf: string | undefined): string {
  if (!nf || nf === 'General' || nf === '@') return String(n);
  const percent = nf.endsWith('%');
  const body = percent ? nf.slice(0, -1) : nf;
  const value = percent ? n * 100 : n;
  const decimals = /\.(0+)/.exec(body)?.[1]?.length ?? 0;
  if (!/^[#,0.]+$/.test(body)) return String(n);
  const grouped = body.includes(',');
  const text = grouped
    ? value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    : value.toFixed(decimals);
  return percent ? `${text}%` : text;
}

function displayOf(cell: Cell | undefined, timeZone: string): string {
  if (!cell) return '';
  const v = cell.v;
  const nf = cell.nf;
  if (v instanceof Date) {
    if (nf && /[yd]/i.test(nf)) return formatSheetsDate(v, nf, timeZone);
    const p = zonedParts(v.getTime(), timeZone);
    const midnight = p.hour === 0 && p.minute === 0 && p.second === 0;
    return formatSheetsDate(v, midnight ? 'M/d/yyyy' : 'M/d/yyyy H:mm:ss', timeZone);
  }
  if (typeof v === 'number') return formatNumber(v, nf);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v;
}

function checkGrid(data: unknown, numRows: number, numColumns: number): unknown[][] {
  if (!Array.isArray(data)) throw appsScriptException('The parameters (data) don\'t match the method signature: expected a 2D array.');
  if (data.length !== numRows) {
    throw appsScriptException(
      `The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${numRows}.`,
    );
  }
  for (const row of data) {
    const len = Array.isArray(row) ? row.length : 0;
    if (len !== numColumns) {
      throw appsScriptException(
        `The number of columns in the data does not match the number of columns in the range. The data has ${len} but the range has ${numColumns}.`,
      );
    }
  }
  return data as unknown[][];
}

function columnLetters(c: number): string {
  let s = '';
  let n = c;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Parses A1 notation within a sheet of the given size. */
function parseA1(a1: string, maxRows: number, maxColumns: number): [number, number, number, number] {
  const bad = (): never => {
    throw appsScriptException(`Range not found`);
  };
  const parts = a1.trim().split(':');
  if (parts.length > 2 || parts[0] === '') bad();
  const ref = (s: string): { r?: number; c?: number } => {
    const m = /^\$?([A-Za-z]*)\$?(\d*)$/.exec(s);
    if (!m || (m[1] === '' && m[2] === '')) return bad();
    return { c: m[1] ? columnNumber(m[1]) : undefined, r: m[2] ? Number(m[2]) : undefined };
  };
  const a = ref(parts[0] ?? '');
  const b = parts.length === 2 ? ref(parts[1] ?? '') : a;
  const r1 = a.r ?? 1;
  const c1 = a.c ?? 1;
  const r2 = b.r ?? (a.r === undefined ? maxRows : r1);
  const c2 = b.c ?? (a.c === undefined ? maxColumns : c1);
  const top = Math.min(r1, r2);
  const left = Math.min(c1, c2);
  return [top, left, Math.max(r1, r2) - top + 1, Math.max(c1, c2) - left + 1];
}

function sortKey(v: CellValue): [number, number | string] {
  if (v === '') return [3, 0];
  if (typeof v === 'number') return [0, v];
  if (v instanceof Date) return [0, v.getTime()];
  if (typeof v === 'boolean') return [2, v ? 1 : 0];
  return [1, v.toLowerCase()];
}

// ---- data validation ---------------------------------------------------------------

/** A built rule, kept as plain data: criteria name, arguments, allowInvalid, help text. */
export class FakeDataValidation implements GoogleAppsScript.Spreadsheet.DataValidation {
  constructor(
    readonly criteria: string,
    readonly values: readonly unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}

  copy(): FakeDataValidationBuilder {
    return new FakeDataValidationBuilder(this.criteria, this.values, this.allowInvalid, this.helpText);
  }

  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }

  getCriteriaType(): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
    return this.criteria as unknown as GoogleAppsScript.Spreadsheet.DataValidationCriteria;
  }

  getCriteriaValues(): unknown[] {
    return [...this.values];
  }

  getHelpText(): string {
    return this.helpText;
  }

  toJSON(): { criteria: string; values: unknown[]; allowInvalid: boolean; helpText: string } {
    return { criteria: this.criteria, values: [...this.values], allowInvalid: this.allowInvalid, helpText: this.helpText };
  }
}

/** Records the rule a script builds; defaults follow Apps Script (allowInvalid true, no help text). */
export class FakeDataValidationBuilder implements GoogleAppsScript.Spreadsheet.DataValidationBuilder {
  constructor(
    private criteria = '',
    private values: readonly unknown[] = [],
    private allowInvalid = true,
    private helpText = '',
  ) {}

  private set(criteria: string, values: unknown[]): this {
    this.criteria = criteria;
    this.values = values;
    return this;
  }

  build(): FakeDataValidation {
    if (!this.criteria) throw appsScriptException('You must specify a criteria type for data validation rules.');
    return new FakeDataValidation(this.criteria, [...this.values], this.allowInvalid, this.helpText);
  }
  copy(): FakeDataValidationBuilder {
    return new FakeDataValidationBuilder(this.criteria, this.values, this.allowInvalid, this.helpText);
  }
  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }
  getCriteriaType(): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
    return this.criteria as unknown as GoogleAppsScript.Spreadsheet.DataValidationCriteria;
  }
  getCriteriaValues(): unknown[] {
    return [...this.values];
  }
  getHelpText(): string {
    return this.helpText;
  }
  requireCheckbox(checked?: unknown, unchecked?: unknown): this {
    return this.set('CHECKBOX', checked === undefined ? [] : unchecked === undefined ? [checked] : [checked, unchecked]);
  }
  requireDate(): this {
    return this.set('DATE_IS_VALID_DATE', []);
  }
  requireDateAfter(date: Date): this {
    return this.set('DATE_AFTER', [date]);
  }
  requireDateBefore(date: Date): this {
    return this.set('DATE_BEFORE', [date]);
  }
  requireDateBetween(start: Date, end: Date): this {
    return this.set('DATE_BETWEEN', [start, end]);
  }
  requireDateEqualTo(date: Date): this {
    return this.set('DATE_EQUAL_TO', [date]);
  }
  requireDateNotBetween(start: Date, end: Date): this {
    return this.set('DATE_NOT_BETWEEN', [start, end]);
  }
  requireDateOnOrAfter(date: Date): this {
    return this.set('DATE_ON_OR_AFTER', [date]);
  }
  requireDateOnOrBefore(date: Date): this {
    return this.set('DATE_ON_OR_BEFORE', [date]);
  }
  requireFormulaSatisfied(formula: string): this {
    return this.set('CUSTOM_FORMULA', [formula]);
  }
  requireNumberBetween(start: number, end: number): this {
    return this.set('NUMBER_BETWEEN', [start, end]);
  }
  requireNumberEqualTo(n: number): this {
    return this.set('NUMBER_EQUAL_TO', [n]);
  }
  requireNumberGreaterThan(n: number): this {
    return this.set('NUMBER_GREATER_THAN', [n]);
  }
  requireNumberGreaterThanOrEqualTo(n: number): this {
    return this.set('NUMBER_GREATER_THAN_OR_EQUAL_TO', [n]);
  }
  requireNumberLessThan(n: number): this {
    return this.set('NUMBER_LESS_THAN', [n]);
  }
  requireNumberLessThanOrEqualTo(n: number): this {
    return this.set('NUMBER_LESS_THAN_OR_EQUAL_TO', [n]);
  }
  requireNumberNotBetween(start: number, end: number): this {
    return this.set('NUMBER_NOT_BETWEEN', [start, end]);
  }
  requireNumberNotEqualTo(n: number): this {
    return this.set('NUMBER_NOT_EQUAL_TO', [n]);
  }
  requireTextContains(text: string): this {
    return this.set('TEXT_CONTAINS', [text]);
  }
  requireTextDoesNotContain(text: string): this {
    return this.set('TEXT_DOES_NOT_CONTAIN', [text]);
  }
  requireTextEqualTo(text: string): this {
    return this.set('TEXT_EQUAL_TO', [text]);
  }
  requireTextIsEmail(): this {
    return this.set('TEXT_IS_VALID_EMAIL', []);
  }
  requireTextIsUrl(): this {
    return this.set('TEXT_IS_VALID_URL', []);
  }
  requireValueInList(values: string[], showDropdown = true): this {
    return this.set('VALUE_IN_LIST', [[...values], showDropdown]);
  }
  requireValueInRange(range: GoogleAppsScript.Spreadsheet.Range, showDropdown = true): this {
    return this.set('VALUE_IN_RANGE', [range, showDropdown]);
  }
  setAllowInvalid(allowInvalidData: boolean): this {
    this.allowInvalid = allowInvalidData;
    return this;
  }
  setHelpText(helpText: string): this {
    this.helpText = helpText;
    return this;
  }
  withCriteria(criteria: GoogleAppsScript.Spreadsheet.DataValidationCriteria, args: unknown[]): this {
    return this.set(String(criteria), [...args]);
  }
}

// ---- wrappers ------------------------------------------------------------------------

export class FakeFilter implements FilterPort {
  constructor(
    private readonly ctx: Ctx,
    private readonly ss: SpreadsheetModel,
    private readonly sheet: SheetModel,
  ) {}

  getRange(): FakeRange {
    return this.ctx.call(this.ss, 'Filter.getRange', () => {
      const f = this.sheet.filter;
      if (!f) throw appsScriptException('This filter has been removed.');
      return new FakeRange(this.ctx, this.ss, this.sheet, f.row, f.column, f.numRows, f.numColumns);
    });
  }

  remove(): void {
    this.ctx.call(this.ss, 'Filter.remove', () => {
      this.sheet.filter = null;
    });
  }

  // Not modelled: each throws NotImplementedError.
}

export class FakeRange implements RangePort {
  constructor(
    private readonly ctx: Ctx,
    private readonly ss: SpreadsheetModel,
    private readonly sheet: SheetModel,
    private readonly row: number,
    private readonly column: number,
    private readonly numRows: number,
    private readonly numColumns: number,
  ) {}

  private call<T>(method: string, fn: () => T): T {
    return this.ctx.call(this.ss, `Range.${method}`, fn);
  }

  private read<T>(fn: (cell: Cell | undefined) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const row: T[] = [];
      for (let c = 0; c < this.numColumns; c++) row.push(fn(this.sheet.get(this.row + r, this.column + c)));
      out.push(row);
    }
    return out;
  }

  private write(fn: (cell: Cell, r: number, c: number) => void): this {
    for (let r = 0; r < this.numRows; r++) {
      for (let c = 0; c < this.numColumns; c++) fn(this.sheet.cell(this.row + r, this.column + c), r, c);
    }
    return this;
  }

  private writeGrid<T>(data: unknown, fn: (cell: Cell, v: T) => void): this {
    const grid = checkGrid(data, this.numRows, this.numColumns) as T[][];
    return this.write((cell, r, c) => fn(cell, grid[r]?.[c] as T));
  }

  getRow(): number {
    return this.call('getRow', () => this.row);
  }
  getColumn(): number {
    return this.call('getColumn', () => this.column);
  }
  getNumRows(): number {
    return this.call('getNumRows', () => this.numRows);
  }
  getNumColumns(): number {
    return this.call('getNumColumns', () => this.numColumns);
  }
  getLastRow(): number {
    return this.call('getLastRow', () => this.row + this.numRows - 1);
  }
  getLastColumn(): number {
    return this.call('getLastColumn', () => this.column + this.numColumns - 1);
  }
  getA1Notation(): string {
    return this.call('getA1Notation', () => {
      const start = `${columnLetters(this.column)}${this.row}`;
      if (this.numRows === 1 && this.numColumns === 1) return start;
      return `${start}:${columnLetters(this.column + this.numColumns - 1)}${this.row + this.numRows - 1}`;
    });
  }
  getSheet(): FakeSheet {
    return this.call('getSheet', () => new FakeSheet(this.ctx, this.ss, this.sheet));
  }
  getCell(row: number, column: number): FakeRange {
    return this.call('getCell', () => {
      if (row < 1 || column < 1 || row > this.numRows || column > this.numColumns) {
        throw appsScriptException(WORDING.rangeOutsideSheet);
      }
      return new FakeRange(this.ctx, this.ss, this.sheet, this.row + row - 1, this.column + column - 1, 1, 1);
    });
  }
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): FakeRange {
    return this.call('offset', () =>
      makeRange(
        this.ctx,
        this.ss,
        this.sheet,
        this.row + rowOffset,
        this.column + columnOffset,
        numRows ?? this.numRows,
        numColumns ?? this.numColumns,
      ),
    );
  }

  getValues(): CellValue[][] {
    return this.call('getValues', () => this.read((cell) => (cell ? copyValue(cell.v) : '')));
  }
  getValue(): CellValue {
    return this.call('getValue', () => copyValue(this.sheet.get(this.row, this.column)?.v ?? ''));
  }
  getDisplayValues(): string[][] {
    return this.call('getDisplayValues', () => this.read((cell) => displayOf(cell, this.ss.timeZone)));
  }
  getDisplayValue(): string {
    return this.call('getDisplayValue', () => displayOf(this.sheet.get(this.row, this.column), this.ss.timeZone));
  }
  getFormulas(): string[][] {
    return this.call('getFormulas', () => this.read((cell) => cell?.f ?? ''));
  }
  getFormula(): string {
    return this.call('getFormula', () => this.sheet.get(this.row, this.column)?.f ?? '');
  }

  setValues(values: unknown[][]): this {
    return this.call('setValues', () => {
      const grid = checkGrid(values, this.numRows, this.numColumns);
      for (const row of grid) for (const v of row) assertCellLength(v);
      return this.write((cell, r, c) => writeValue(this.ctx, this.ss, cell, grid[r]?.[c]));
    });
  }
  setValue(value: unknown): this {
    return this.call('setValue', () => {
      assertCellLength(value);
      return this.write((cell) => writeValue(this.ctx, this.ss, cell, value));
    });
  }
  setFormula(formula: string): this {
    return this.call('setFormula', () => {
      assertCellLength(formula);
      return this.write((cell) => setFormula(this.ctx, cell, formula));
    });
  }
  setFormulas(formulas: string[][]): this {
    return this.call('setFormulas', () => {
      const grid = checkGrid(formulas, this.numRows, this.numColumns);
      for (const row of grid) for (const v of row) assertCellLength(v);
      return this.write((cell, r, c) => setFormula(this.ctx, cell, String(grid[r]?.[c] ?? '')));
    });
  }

  setNumberFormat(numberFormat: string): this {
    return this.call('setNumberFormat', () => this.write((cell) => (cell.nf = numberFormat)));
  }
  setNumberFormats(numberFormats: unknown[][]): this {
    return this.call('setNumberFormats', () => this.writeGrid<string>(numberFormats, (cell, v) => (cell.nf = String(v))));
  }
  getNumberFormat(): string {
    return this.call('getNumberFormat', () => this.sheet.get(this.row, this.column)?.nf ?? 'General');
  }
  getNumberFormats(): string[][] {
    return this.call('getNumberFormats', () => this.read((cell) => cell?.nf ?? 'General'));
  }

  setFontWeight(fontWeight: GoogleAppsScript.Spreadsheet.FontWeight | null): this {
    return this.call('setFontWeight', () => this.write((cell) => setOrClear(cell, 'fw', fontWeight)));
  }
  setFontWeights(fontWeights: (GoogleAppsScript.Spreadsheet.FontWeight | null)[][]): this {
    return this.call('setFontWeights', () =>
      this.writeGrid<GoogleAppsScript.Spreadsheet.FontWeight | null>(fontWeights, (cell, v) => setOrClear(cell, 'fw', v)),
    );
  }
  getFontWeight(): GoogleAppsScript.Spreadsheet.FontWeight {
    return this.call('getFontWeight', () => this.sheet.get(this.row, this.column)?.fw ?? 'normal');
  }
  getFontWeights(): GoogleAppsScript.Spreadsheet.FontWeight[][] {
    return this.call('getFontWeights', () => this.read((cell) => cell?.fw ?? 'normal'));
  }

  setBackground(color: string | null): this {
    return this.call('setBackground', () => this.write((cell) => setOrClear(cell, 'bg', color)));
  }
  setBackgrounds(color: (string | null)[][]): this {
    return this.call('setBackgrounds', () => this.writeGrid<string | null>(color, (cell, v) => setOrClear(cell, 'bg', v)));
  }
  getBackground(): string {
    return this.call('getBackground', () => this.sheet.get(this.row, this.column)?.bg ?? '#ffffff');
  }
  getBackgrounds(): string[][] {
    return this.call('getBackgrounds', () => this.read((cell) => cell?.bg ?? '#ffffff'));
  }

  setNote(note: string | null): this {
    return this.call('setNote', () => this.write((cell) => setOrClear(cell, 'note', note === '' ? null : note)));
  }
  setNotes(notes: unknown[][]): this {
    return this.call('setNotes', () =>
      this.writeGrid<unknown>(notes, (cell, v) => setOrClear(cell, 'note', v === null || v === '' ? null : String(v))),
    );
  }
  getNote(): string {
    return this.call('getNote', () => this.sheet.get(this.row, this.column)?.note ?? '');
  }
  getNotes(): string[][] {
    return this.call('getNotes', () => this.read((cell) => cell?.note ?? ''));
  }

  setDataValidation(rule: GoogleAppsScript.Spreadsheet.DataValidation | null): this {
    return this.call('setDataValidation', () => this.write((cell) => setOrClear(cell, 'dv', asRule(rule))));
  }
  setDataValidations(rules: (GoogleAppsScript.Spreadsheet.DataValidation | null)[][]): this {
    return this.call('setDataValidations', () =>
      this.writeGrid<GoogleAppsScript.Spreadsheet.DataValidation | null>(rules, (cell, v) => setOrClear(cell, 'dv', asRule(v))),
    );
  }
  getDataValidation(): FakeDataValidation | null {
    return this.call('getDataValidation', () => this.sheet.get(this.row, this.column)?.dv ?? null);
  }
  getDataValidations(): (FakeDataValidation | null)[][] {
    return this.call('getDataValidations', () => this.read((cell) => cell?.dv ?? null));
  }

  clearContent(): this {
    return this.call('clearContent', () => this.write(clearContentOf));
  }
  clearFormat(): this {
    return this.call('clearFormat', () => this.write(clearFormatOf));
  }
  clearNote(): this {
    return this.call('clearNote', () => this.write((cell) => delete cell.note));
  }
  clearDataValidations(): this {
    return this.call('clearDataValidations', () => this.write((cell) => delete cell.dv));
  }
  clear(options?: {
    commentsOnly?: boolean;
    contentsOnly?: boolean;
    formatOnly?: boolean;
    validationsOnly?: boolean;
    skipFilteredRows?: boolean;
  }): this {
    return this.call('clear', () =>
      this.write((cell) => {
        const o = options ?? {};
        const any = o.commentsOnly || o.contentsOnly || o.formatOnly || o.validationsOnly;
        if (!any || o.contentsOnly) clearContentOf(cell);
        if (!any || o.formatOnly) clearFormatOf(cell);
        if (o.validationsOnly) delete cell.dv;
        if (o.commentsOnly) delete cell.note;
      }),
    );
  }

  createFilter(): FakeFilter {
    return this.call('createFilter', () => {
      if (this.sheet.filter) throw appsScriptException("You can't create a filter in a sheet that already has a filter.");
      this.sheet.filter = { row: this.row, column: this.column, numRows: this.numRows, numColumns: this.numColumns };
      return new FakeFilter(this.ctx, this.ss, this.sheet);
    });
  }
  getFilter(): FakeFilter | null {
    return this.call('getFilter', () => (this.sheet.filter ? new FakeFilter(this.ctx, this.ss, this.sheet) : null));
  }

  // Not modelled: each throws NotImplementedError.
}

function assertCellLength(v: unknown): void {
  if (cellLength(v) > MAX_CHARS_PER_CELL) throw appsScriptException(WORDING.cellTooLong);
}

function setFormula(ctx: Ctx, cell: Cell, formula: string): void {
  if (formula === '') {
    delete cell.f;
    cell.v = '';
    return;
  }
  cell.f = formula.startsWith('=') ? formula : `=${formula}`;
  cell.v = ctx.opts.formulaEvaluator ? ctx.opts.formulaEvaluator(cell.f) : '';
}

function setOrClear<K extends 'fw' | 'bg' | 'note' | 'dv'>(cell: Cell, key: K, value: Cell[K] | null | undefined): void {
  if (value === null || value === undefined) delete cell[key];
  else cell[key] = value;
}

function asRule(rule: GoogleAppsScript.Spreadsheet.DataValidation | null | undefined): FakeDataValidation | null {
  if (rule === null || rule === undefined) return null;
  if (rule instanceof FakeDataValidation) return rule;
  return new FakeDataValidation(String(rule.getCriteriaType()), rule.getCriteriaValues(), rule.getAllowInvalid(), rule.getHelpText());
}

function clearContentOf(cell: Cell): void {
  cell.v = '';
  delete cell.f;
}

function clearFormatOf(cell: Cell): void {
  delete cell.nf;
  delete cell.fw;
  delete cell.bg;
}

function makeRange(
  ctx: Ctx,
  ss: SpreadsheetModel,
  sheet: SheetModel,
  row: number,
  column: number,
  numRows: number,
  numColumns: number,
): FakeRange {
  if (!Number.isInteger(row) || row < 1) throw appsScriptException('The starting row of the range is too small.');
  if (!Number.isInteger(column) || column < 1) throw appsScriptException('The starting column of the range is too small.');
  if (!Number.isInteger(numRows) || numRows < 1) throw appsScriptException('The number of rows in the range must be at least 1.');
  if (!Number.isInteger(numColumns) || numColumns < 1) {
    throw appsScriptException('The number of columns in the range must be at least 1.');
  }
  if (row + numRows - 1 > sheet.maxRows || column + numColumns - 1 > sheet.maxColumns) {
    throw appsScriptException(WORDING.rangeOutsideSheet);
  }
  return new FakeRange(ctx, ss, sheet, row, column, numRows, numColumns);
}

export class FakeSheet implements SheetPort {
  constructor(
    private readonly ctx: Ctx,
    private readonly ss: SpreadsheetModel,
    private readonly model: SheetModel,
  ) {}

  private call<T>(method: string, fn: () => T): T {
    return this.ctx.call(this.ss, `Sheet.${method}`, () => {
      if (!this.ss.sheets.includes(this.model)) throw appsScriptException(`Sheet ${this.model.name} not found`);
      return fn();
    });
  }

  getName(): string {
    return this.call('getName', () => this.model.name);
  }
  setName(name: string): this {
    return this.call('setName', () => {
      const clash = this.ss.sheets.some((s) => s !== this.model && s.name.toLowerCase() === name.toLowerCase());
      if (clash) throw appsScriptException(`A sheet with the name "${name}" already exists. Please enter another name.`);
      this.model.name = name;
      return this;
    });
  }
  getSheetId(): number {
    return this.call('getSheetId', () => this.model.sheetId);
  }
  getIndex(): number {
    return this.call('getIndex', () => this.ss.sheets.indexOf(this.model) + 1);
  }
  getParent(): FakeSpreadsheet {
    return this.call('getParent', () => new FakeSpreadsheet(this.ctx, this.ss));
  }

  getRange(a: number | string, column?: number, numRows?: number, numColumns?: number): FakeRange {
    return this.call('getRange', () => {
      if (typeof a === 'string') {
        const [r, c, nr, nc] = parseA1(a, this.model.maxRows, this.model.maxColumns);
        return makeRange(this.ctx, this.ss, this.model, r, c, nr, nc);
      }
      return makeRange(this.ctx, this.ss, this.model, a, column ?? 1, numRows ?? 1, numColumns ?? 1);
    });
  }
  getDataRange(): FakeRange {
    return this.call('getDataRange', () =>
      makeRange(this.ctx, this.ss, this.model, 1, 1, Math.max(1, this.model.lastRow()), Math.max(1, this.model.lastColumn())),
    );
  }
  getLastRow(): number {
    return this.call('getLastRow', () => this.model.lastRow());
  }
  getLastColumn(): number {
    return this.call('getLastColumn', () => this.model.lastColumn());
  }
  getMaxRows(): number {
    return this.call('getMaxRows', () => this.model.maxRows);
  }
  getMaxColumns(): number {
    return this.call('getMaxColumns', () => this.model.maxColumns);
  }

  appendRow(rowContents: unknown[]): this {
    return this.call('appendRow', () => {
      for (const v of rowContents) assertCellLength(v);
      const row = this.model.lastRow() + 1;
      if (row > this.model.maxRows) {
        this.ss.ensureCapacity(this.model.maxColumns);
        this.model.maxRows += 1;
      }
      if (rowContents.length > this.model.maxColumns) {
        this.ss.ensureCapacity((rowContents.length - this.model.maxColumns) * this.model.maxRows);
        this.model.maxColumns = rowContents.length;
      }
      rowContents.forEach((v, i) => writeValue(this.ctx, this.ss, this.model.cell(row, i + 1), v));
      return this;
    });
  }

  clear(options?: { formatOnly?: boolean; contentsOnly?: boolean }): this {
    return this.call('clear', () => {
      for (const cell of this.model.cells.values()) {
        if (!options?.formatOnly || options.contentsOnly) clearContentOf(cell);
        if (!options?.contentsOnly || options.formatOnly) clearFormatOf(cell);
      }
      return this;
    });
  }
  clearContents(): this {
    return this.call('clearContents', () => {
      for (const cell of this.model.cells.values()) clearContentOf(cell);
      return this;
    });
  }
  clearFormats(): this {
    return this.call('clearFormats', () => {
      for (const cell of this.model.cells.values()) clearFormatOf(cell);
      return this;
    });
  }

  setFrozenRows(rows: number): void {
    this.call('setFrozenRows', () => {
      if (rows < 0 || rows > this.model.maxRows) throw appsScriptException(`Those rows are out of bounds.`);
      this.model.frozenRows = rows;
    });
  }
  getFrozenRows(): number {
    return this.call('getFrozenRows', () => this.model.frozenRows);
  }
  setFrozenColumns(columns: number): void {
    this.call('setFrozenColumns', () => {
      if (columns < 0 || columns > this.model.maxColumns) throw appsScriptException(`Those columns are out of bounds.`);
      this.model.frozenColumns = columns;
    });
  }
  getFrozenColumns(): number {
    return this.call('getFrozenColumns', () => this.model.frozenColumns);
  }

  insertColumnBefore(beforePosition: number): this {
    return this.call('insertColumnBefore', () => this.insertColumnsAt(beforePosition, 1));
  }
  insertColumnAfter(afterPosition: number): this {
    return this.call('insertColumnAfter', () => this.insertColumnsAt(afterPosition + 1, 1));
  }
  insertColumnsBefore(beforePosition: number, howMany: number): this {
    return this.call('insertColumnsBefore', () => this.insertColumnsAt(beforePosition, howMany));
  }
  insertColumnsAfter(afterPosition: number, howMany: number): this {
    return this.call('insertColumnsAfter', () => this.insertColumnsAt(afterPosition + 1, howMany));
  }
  deleteColumn(columnPosition: number): this {
    return this.call('deleteColumn', () => this.deleteColumnsAt(columnPosition, 1));
  }
  deleteColumns(columnPosition: number, howMany: number): void {
    this.call('deleteColumns', () => this.deleteColumnsAt(columnPosition, howMany));
  }

  insertRowBefore(beforePosition: number): this {
    return this.call('insertRowBefore', () => this.insertRowsAt(beforePosition, 1));
  }
  insertRowAfter(afterPosition: number): this {
    return this.call('insertRowAfter', () => this.insertRowsAt(afterPosition + 1, 1));
  }
  insertRowsBefore(beforePosition: number, howMany: number): this {
    return this.call('insertRowsBefore', () => this.insertRowsAt(beforePosition, howMany));
  }
  insertRowsAfter(afterPosition: number, howMany: number): this {
    return this.call('insertRowsAfter', () => this.insertRowsAt(afterPosition + 1, howMany));
  }
  insertRows(rowIndex: number, numRows?: number): void {
    this.call('insertRows', () => this.insertRowsAt(rowIndex, numRows ?? 1));
  }
  deleteRow(rowPosition: number): this {
    return this.call('deleteRow', () => this.deleteRowsAt(rowPosition, 1));
  }
  deleteRows(rowPosition: number, howMany: number): void {
    this.call('deleteRows', () => this.deleteRowsAt(rowPosition, howMany));
  }

  private insertRowsAt(at: number, n: number): this {
    if (!Number.isInteger(at) || at < 1 || at > this.model.maxRows + 1 || !(n >= 1)) {
      throw appsScriptException('Those rows are out of bounds.');
    }
    this.ss.ensureCapacity(n * this.model.maxColumns);
    this.model.shiftRows(at, n);
    return this;
  }
  private deleteRowsAt(at: number, n: number): this {
    if (!Number.isInteger(at) || at < 1 || !(n >= 1) || at + n - 1 > this.model.maxRows) {
      throw appsScriptException('Those rows are out of bounds.');
    }
    if (n >= this.model.maxRows) throw appsScriptException("You can't delete all the rows on the sheet.");
    this.model.shiftRows(at, -n);
    this.model.frozenRows = Math.min(this.model.frozenRows, this.model.maxRows);
    return this;
  }
  private insertColumnsAt(at: number, n: number): this {
    if (!Number.isInteger(at) || at < 1 || at > this.model.maxColumns + 1 || !(n >= 1)) {
      throw appsScriptException('Those columns are out of bounds.');
    }
    this.ss.ensureCapacity(n * this.model.maxRows);
    this.model.shiftColumns(at, n);
    return this;
  }
  private deleteColumnsAt(at: number, n: number): this {
    if (!Number.isInteger(at) || at < 1 || !(n >= 1) || at + n - 1 > this.model.maxColumns) {
      throw appsScriptException('Those columns are out of bounds.');
    }
    if (n >= this.model.maxColumns) throw appsScriptException("You can't delete all the columns on the sheet.");
    this.model.shiftColumns(at, -n);
    return this;
  }

  /** Sorts the rows below the frozen rows by one column; blanks always last, as in Sheets. */
  sort(columnPosition: number, ascending = true): this {
    return this.call('sort', () => {
      const first = this.model.frozenRows + 1;
      const last = this.model.lastRow();
      if (last < first) return this;
      const rows: { cells: Map<number, Cell>; key: [number, number | string] }[] = [];
      for (let r = first; r <= last; r++) {
        const cells = new Map<number, Cell>();
        for (let c = 1; c <= this.model.maxColumns; c++) {
          const cell = this.model.get(r, c);
          if (cell) cells.set(c, cell);
        }
        rows.push({ cells, key: sortKey(cells.get(columnPosition)?.v ?? '') });
      }
      rows.sort((a, b) => {
        if (a.key[0] === 3 || b.key[0] === 3) return a.key[0] === b.key[0] ? 0 : a.key[0] === 3 ? 1 : -1;
        const dir = ascending ? 1 : -1;
        if (a.key[0] !== b.key[0]) return (a.key[0] - b.key[0]) * dir;
        const x = a.key[1];
        const y = b.key[1];
        const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return cmp * dir;
      });
      for (let r = first; r <= last; r++) for (let c = 1; c <= this.model.maxColumns; c++) this.model.cells.delete(`${r},${c}`);
      rows.forEach((row, i) => {
        for (const [c, cell] of row.cells) this.model.cells.set(`${first + i},${c}`, cell);
      });
      return this;
    });
  }

  getFilter(): FakeFilter | null {
    return this.call('getFilter', () => (this.model.filter ? new FakeFilter(this.ctx, this.ss, this.model) : null));
  }

  hideSheet(): this {
    return this.call('hideSheet', () => {
      const visible = this.ss.sheets.filter((s) => !s.hidden && s !== this.model);
      if (visible.length === 0) throw appsScriptException("You can't hide all the sheets in a document.");
      this.model.hidden = true;
      return this;
    });
  }
  showSheet(): this {
    return this.call('showSheet', () => {
      this.model.hidden = false;
      return this;
    });
  }
  isSheetHidden(): boolean {
    return this.call('isSheetHidden', () => this.model.hidden);
  }

  setColumnWidth(columnPosition: number, width: number): this {
    return this.call('setColumnWidth', () => {
      this.model.widths.set(columnPosition, width);
      return this;
    });
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): this {
    return this.call('setColumnWidths', () => {
      for (let c = startColumn; c < startColumn + numColumns; c++) this.model.widths.set(c, width);
      return this;
    });
  }
  getColumnWidth(columnPosition: number): number {
    return this.call('getColumnWidth', () => this.model.widths.get(columnPosition) ?? DEFAULT_COLUMN_WIDTH);
  }

  // Not modelled: each throws NotImplementedError.
  getCharts(..._args: unknown[]): never {
    return notImplemented('FakeSpreadsheetApp', 'Sheet.getCharts');
  }
  getConditionalFormatRules(..._args: unknown[]): never {
    return notImplemented('FakeSpreadsheetApp', 'Sheet.getConditionalFormatRules');
  }
  insertChart(..._args: unknown[]): never {
    return notImplemented('FakeSpreadsheetApp', 'Sheet.insertChart');
  }
  newChart(..._args: unknown[]): never {
    return notImplemented('FakeSpreadsheetApp', 'Sheet.newChart');
  }
  setConditionalFormatRules(..._args: unknown[]): never {
    return notImplemented('FakeSpreadsheetApp', 'Sheet.setConditionalFormatRules');
  }
}

export class FakeSpreadsheet implements SpreadsheetPort {
  constructor(
    private readonly ctx: Ctx,
    private readonly model: SpreadsheetModel,
  ) {}

  private call<T>(method: string, fn: () => T): T {
    return this.ctx.call(this.model, `Spreadsheet.${method}`, fn);
  }

  private wrap(sheet: SheetModel): FakeSheet {
    return new FakeSheet(this.ctx, this.model, sheet);
  }

  getId(): string {
    return this.call('getId', () => this.model.id);
  }
  getUrl(): string {
    return this.call('getUrl', () => `https://docs.google.com/spreadsheets/d/${this.model.id}/edit`);
  }
  getName(): string {
    return this.call('getName', () => this.model.name);
  }
  rename(newName: string): void {
    this.call('rename', () => {
      this.model.name = newName;
    });
  }
  getSpreadsheetTimeZone(): string {
    return this.call('getSpreadsheetTimeZone', () => this.model.timeZone);
  }
  setSpreadsheetTimeZone(timezone: string): void {
    this.call('setSpreadsheetTimeZone', () => {
      this.model.timeZone = timezone;
    });
  }
  getSpreadsheetLocale(): string {
    return this.call('getSpreadsheetLocale', () => this.model.locale);
  }
  getSheets(): FakeSheet[] {
    return this.call('getSheets', () => this.model.sheets.map((s) => this.wrap(s)));
  }
  getNumSheets(): number {
    return this.call('getNumSheets', () => this.model.sheets.length);
  }
  getSheetByName(name: string): FakeSheet | null {
    return this.call('getSheetByName', () => {
      const s = this.model.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
      return s ? this.wrap(s) : null;
    });
  }
  getSheetById(id: number): FakeSheet | null {
    return this.call('getSheetById', () => {
      const s = this.model.sheets.find((x) => x.sheetId === id);
      return s ? this.wrap(s) : null;
    });
  }
  /** A standalone script has no UI selection, so the active sheet is the first one. */
  getActiveSheet(): FakeSheet {
    return this.call('getActiveSheet', () => this.wrap(this.model.sheets[0] as SheetModel));
  }
  insertSheet(a?: string | number | object, b?: number | object, _options?: object): FakeSheet {
    return this.call('insertSheet', () => {
      const name = typeof a === 'string' ? a : this.model.freshSheetName();
      const index = typeof a === 'number' ? a : typeof b === 'number' ? b : undefined;
      return this.wrap(this.model.addSheet(name, DEFAULT_SHEET_ROWS, DEFAULT_SHEET_COLUMNS, index));
    });
  }
  deleteSheet(sheet: FakeSheet): void {
    this.call('deleteSheet', () => {
      const id = sheet.getSheetId();
      const i = this.model.sheets.findIndex((s) => s.sheetId === id);
      if (i < 0) throw appsScriptException('Sheet not found');
      if (this.model.sheets.length === 1) throw appsScriptException("You can't remove all the sheets in a document.");
      this.model.sheets.splice(i, 1);
    });
  }
  getRange(a1Notation: string): FakeRange {
    return this.call('getRange', () => {
      const bang = a1Notation.lastIndexOf('!');
      const sheetName = bang < 0 ? null : a1Notation.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
      const sheet =
        sheetName === null ? this.model.sheets[0] : this.model.sheets.find((s) => s.name.toLowerCase() === sheetName.toLowerCase());
      if (!sheet) throw appsScriptException('Range not found');
      const [r, c, nr, nc] = parseA1(bang < 0 ? a1Notation : a1Notation.slice(bang + 1), sheet.maxRows, sheet.maxColumns);
      return makeRange(this.ctx, this.model, sheet, r, c, nr, nc);
    });
  }

  // Not modelled: each throws NotImplementedError.
}

export class FakeSpreadsheetApp implements SpreadsheetAppPort {
  private readonly ctx: Ctx;
  private readonly files = new Map<string, SpreadsheetModel>();
  private seq = 0;
  private active: SpreadsheetModel | null = null;

  constructor(
    readonly runtime: FakeRuntime,
    private readonly opts: FakeSpreadsheetAppOptions = {},
  ) {
    this.ctx = new Ctx(runtime, { ...opts, signedTextIsFormula: opts.signedTextIsFormula ?? true });
  }

  create(name: string, rows?: number, columns?: number): FakeSpreadsheet {
    return this.runtime.invoke('spreadsheet.SpreadsheetApp.create', () => {
      this.seq += 1;
      const id = `1FakeSpreadsheet${String(this.seq).padStart(28, '0')}`;
      const model = new SpreadsheetModel(id, name, this.opts.timeZone ?? 'Etc/UTC', this.opts.locale ?? 'en_US');
      model.addSheet('Sheet1', rows ?? DEFAULT_SHEET_ROWS, columns ?? DEFAULT_SHEET_COLUMNS);
      this.files.set(id, model);
      return new FakeSpreadsheet(this.ctx, model);
    });
  }

  openById(id: string): FakeSpreadsheet {
    return this.runtime.invoke('spreadsheet.SpreadsheetApp.openById', () => {
      const model = this.files.get(id);
      if (!model || model.deleted) throw appsScriptException(WORDING.openByIdFailed);
      return new FakeSpreadsheet(this.ctx, model);
    });
  }

  openByUrl(url: string): FakeSpreadsheet {
    return this.runtime.invoke('spreadsheet.SpreadsheetApp.openByUrl', () => {
      const id = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(url)?.[1];
      const model = id ? this.files.get(id) : undefined;
      if (!model || model.deleted) throw appsScriptException(WORDING.openByUrlFailed);
      return new FakeSpreadsheet(this.ctx, model);
    });
  }

  flush(): void {
    this.runtime.invoke('spreadsheet.SpreadsheetApp.flush', () => undefined);
  }

  newDataValidation(): FakeDataValidationBuilder {
    return this.runtime.invoke('spreadsheet.SpreadsheetApp.newDataValidation', () => new FakeDataValidationBuilder(), 0);
  }

  /** Null in a standalone script such as Reconnect, unless setActiveSpreadsheet was called. */
  getActiveSpreadsheet(): FakeSpreadsheet {
    return this.runtime.invoke('spreadsheet.SpreadsheetApp.getActiveSpreadsheet', () =>
      this.active ? new FakeSpreadsheet(this.ctx, this.active) : (null as unknown as FakeSpreadsheet),
    );
  }

  setActiveSpreadsheet(newActiveSpreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
    this.runtime.invoke('spreadsheet.SpreadsheetApp.setActiveSpreadsheet', () => {
      this.active = this.files.get(newActiveSpreadsheet.getId()) ?? null;
    });
  }

  getUi(): never {
    return this.runtime.invoke('spreadsheet.SpreadsheetApp.getUi', () => {
      throw appsScriptException('Cannot call SpreadsheetApp.getUi() from this context.');
    });
  }

  // ---- test-side helpers (not service calls) ----------------------------------

  /**
   * The file is gone for good (deleted forever, or access revoked): openById and
   * every call on an already opened handle fail.
   */
  deletePermanently(id: string): void {
    const model = this.files.get(id);
    if (!model) throw new Error(`FakeSpreadsheetApp: no spreadsheet ${id}`);
    model.deleted = true;
  }

  /**
   * The user moved the file to Drive's trash. A trashed file keeps its id and
   * stays readable by id until the trash is emptied, so openById still works;
   * `isTrashed` lets a test assert the state.
   */
  trash(id: string): void {
    const model = this.files.get(id);
    if (!model) throw new Error(`FakeSpreadsheetApp: no spreadsheet ${id}`);
    model.trashed = true;
  }

  isTrashed(id: string): boolean {
    return this.files.get(id)?.trashed ?? false;
  }

  /** Ids of every spreadsheet not deleted, oldest first. */
  spreadsheetIds(): string[] {
    return [...this.files.values()].filter((m) => !m.deleted).map((m) => m.id);
  }

  /** Cells the spreadsheet's grids hold (rows x columns over all sheets), the figure the 10M limit counts. */
  cellCount(id: string): number {
    return this.files.get(id)?.cellCount() ?? 0;
  }

  // Not modelled: each throws NotImplementedError.
  readonly AutoFillSeries = fakeEnum<typeof GoogleAppsScript.Spreadsheet.AutoFillSeries>(["DEFAULT_SERIES","ALTERNATE_SERIES"]);
  readonly BandingTheme = fakeEnum<typeof GoogleAppsScript.Spreadsheet.BandingTheme>(["LIGHT_GREY","CYAN","GREEN","YELLOW","ORANGE","BLUE","TEAL","GREY","BROWN","LIGHT_GREEN","INDIGO","PINK"]);
  readonly BooleanCriteria = fakeEnum<typeof GoogleAppsScript.Spreadsheet.BooleanCriteria>(["CELL_EMPTY","CELL_NOT_EMPTY","DATE_AFTER","DATE_BEFORE","DATE_EQUAL_TO","DATE_AFTER_RELATIVE","DATE_BEFORE_RELATIVE","DATE_EQUAL_TO_RELATIVE","NUMBER_BETWEEN","NUMBER_EQUAL_TO","NUMBER_GREATER_THAN","NUMBER_GREATER_THAN_OR_EQUAL_TO","NUMBER_LESS_THAN","NUMBER_LESS_THAN_OR_EQUAL_TO","NUMBER_NOT_BETWEEN","NUMBER_NOT_EQUAL_TO","TEXT_CONTAINS","TEXT_DOES_NOT_CONTAIN","TEXT_EQUAL_TO","TEXT_STARTS_WITH","TEXT_ENDS_WITH","CUSTOM_FORMULA"]);
  readonly BorderStyle = fakeEnum<typeof GoogleAppsScript.Spreadsheet.BorderStyle>(["DOTTED","DASHED","SOLID","SOLID_MEDIUM","SOLID_THICK","DOUBLE"]);
  readonly ColorType = fakeEnum<typeof GoogleAppsScript.Base.ColorType>(["UNSUPPORTED","RGB","THEME"]);
  readonly CopyPasteType = fakeEnum<typeof GoogleAppsScript.Spreadsheet.CopyPasteType>(["PASTE_NORMAL","PASTE_NO_BORDERS","PASTE_FORMAT","PASTE_FORMULA","PASTE_DATA_VALIDATION","PASTE_VALUES","PASTE_CONDITIONAL_FORMATTING","PASTE_COLUMN_WIDTHS"]);
  readonly DataExecutionErrorCode = fakeEnum<typeof GoogleAppsScript.Spreadsheet.DataExecutionErrorCode>(["DATA_EXECUTION_ERROR_CODE_UNSUPPORTED","NONE","TIME_OUT","TOO_MANY_ROWS","TOO_MANY_CELLS","ENGINE","PARAMETER_INVALID","UNSUPPORTED_DATA_TYPE","DUPLICATE_COLUMN_NAMES","INTERRUPTED","OTHER","TOO_MANY_CHARS_PER_CELL"]);
  readonly DataExecutionState = fakeEnum<typeof GoogleAppsScript.Spreadsheet.DataExecutionState>(["DATA_EXECUTION_STATE_UNSUPPORTED","RUNNING","SUCCESS","ERROR","NOT_STARTED"]);
  readonly DataSourceParameterType = fakeEnum<typeof GoogleAppsScript.Spreadsheet.DataSourceParameterType>(["DATA_SOURCE_PARAMETER_TYPE_UNSUPPORTED","CELL"]);
  readonly DataSourceType = fakeEnum<typeof GoogleAppsScript.Spreadsheet.DataSourceType>(["DATA_SOURCE_TYPE_UNSUPPORTED","BIGQUERY"]);
  readonly DataValidationCriteria = fakeEnum<typeof GoogleAppsScript.Spreadsheet.DataValidationCriteria>(["DATE_AFTER","DATE_BEFORE","DATE_BETWEEN","DATE_EQUAL_TO","DATE_IS_VALID_DATE","DATE_NOT_BETWEEN","DATE_ON_OR_AFTER","DATE_ON_OR_BEFORE","NUMBER_BETWEEN","NUMBER_EQUAL_TO","NUMBER_GREATER_THAN","NUMBER_GREATER_THAN_OR_EQUAL_TO","NUMBER_LESS_THAN","NUMBER_LESS_THAN_OR_EQUAL_TO","NUMBER_NOT_BETWEEN","NUMBER_NOT_EQUAL_TO","TEXT_CONTAINS","TEXT_DOES_NOT_CONTAIN","TEXT_EQUAL_TO","TEXT_IS_VALID_EMAIL","TEXT_IS_VALID_URL","VALUE_IN_LIST","VALUE_IN_RANGE","CUSTOM_FORMULA","CHECKBOX"]);
  readonly DeveloperMetadataLocationType = fakeEnum<typeof GoogleAppsScript.Spreadsheet.DeveloperMetadataLocationType>(["SPREADSHEET","SHEET","ROW","COLUMN"]);
  readonly DeveloperMetadataVisibility = fakeEnum<typeof GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility>(["DOCUMENT","PROJECT"]);
  readonly Dimension = fakeEnum<typeof GoogleAppsScript.Spreadsheet.Dimension>(["COLUMNS","ROWS"]);
  readonly Direction = fakeEnum<typeof GoogleAppsScript.Spreadsheet.Direction>(["UP","DOWN","PREVIOUS","NEXT"]);
  readonly GroupControlTogglePosition = fakeEnum<typeof GoogleAppsScript.Spreadsheet.GroupControlTogglePosition>(["BEFORE","AFTER"]);
  readonly InterpolationType = fakeEnum<typeof GoogleAppsScript.Spreadsheet.InterpolationType>(["NUMBER","PERCENT","PERCENTILE","MIN","MAX"]);
  readonly PivotTableSummarizeFunction = fakeEnum<typeof GoogleAppsScript.Spreadsheet.PivotTableSummarizeFunction>(["CUSTOM","SUM","COUNTA","COUNT","COUNTUNIQUE","AVERAGE","MAX","MIN","MEDIAN","PRODUCT","STDEV","STDEVP","VAR","VARP"]);
  readonly PivotValueDisplayType = fakeEnum<typeof GoogleAppsScript.Spreadsheet.PivotValueDisplayType>(["DEFAULT","PERCENT_OF_ROW_TOTAL","PERCENT_OF_COLUMN_TOTAL","PERCENT_OF_GRAND_TOTAL"]);
  readonly ProtectionType = fakeEnum<typeof GoogleAppsScript.Spreadsheet.ProtectionType>(["RANGE","SHEET"]);
  readonly RecalculationInterval = fakeEnum<typeof GoogleAppsScript.Spreadsheet.RecalculationInterval>(["ON_CHANGE","MINUTE","HOUR"]);
  readonly RelativeDate = fakeEnum<typeof GoogleAppsScript.Spreadsheet.RelativeDate>(["TODAY","TOMORROW","YESTERDAY","PAST_WEEK","PAST_MONTH","PAST_YEAR"]);
  readonly SheetType = fakeEnum<typeof GoogleAppsScript.Spreadsheet.SheetType>(["GRID","OBJECT"]);
  readonly TextDirection = fakeEnum<typeof GoogleAppsScript.Spreadsheet.TextDirection>(["LEFT_TO_RIGHT","RIGHT_TO_LEFT"]);
  readonly TextToColumnsDelimiter = fakeEnum<typeof GoogleAppsScript.Spreadsheet.TextToColumnsDelimiter>(["COMMA","SEMICOLON","PERIOD","SPACE"]);
  readonly ThemeColorType = fakeEnum<typeof GoogleAppsScript.Spreadsheet.ThemeColorType>(["UNSUPPORTED","TEXT","BACKGROUND","ACCENT1","ACCENT2","ACCENT3","ACCENT4","ACCENT5","ACCENT6","HYPERLINK"]);
  readonly ValueType = fakeEnum<typeof GoogleAppsScript.Spreadsheet.ValueType>(["IMAGE"]);
  readonly WrapStrategy = fakeEnum<typeof GoogleAppsScript.Spreadsheet.WrapStrategy>(["WRAP","OVERFLOW","CLIP"]);
  newConditionalFormatRule(..._args: unknown[]): never {
    return notImplemented('FakeSpreadsheetApp', 'newConditionalFormatRule');
  }
}
