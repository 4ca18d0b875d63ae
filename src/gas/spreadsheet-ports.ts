/**
 * The parts of SpreadsheetApp that Reconnect uses, as ports of the
 * @types/google-apps-script interfaces. Methods are picked from the real
 * interfaces, so their signatures are Google's; the ones that hand back
 * another Spreadsheet object are declared here to hand back its port. The
 * real globals are assigned to these types in globalServices(), so a change
 * of signature in @types (or a port that drifts from it) fails the build, and
 * the test fakes implement only what is listed here.
 */
type Range = GoogleAppsScript.Spreadsheet.Range;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type App = GoogleAppsScript.Spreadsheet.SpreadsheetApp;
type Filter = GoogleAppsScript.Spreadsheet.Filter;
type RuleBuilder = GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder;
type ChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;

export interface RangePort extends Pick<Range, 'getValues' | 'getNotes' | 'getLastColumn'> {
  setValues(values: Parameters<Range['setValues']>[0]): RangePort;
  setNotes(notes: Parameters<Range['setNotes']>[0]): RangePort;
  setNote(note: Parameters<Range['setNote']>[0]): RangePort;
  setNumberFormat(numberFormat: Parameters<Range['setNumberFormat']>[0]): RangePort;
  setNumberFormats(numberFormats: Parameters<Range['setNumberFormats']>[0]): RangePort;
  setFontWeight(fontWeight: Parameters<Range['setFontWeight']>[0]): RangePort;
  setFontWeights(fontWeights: Parameters<Range['setFontWeights']>[0]): RangePort;
  setDataValidation(rule: Parameters<Range['setDataValidation']>[0]): RangePort;
  clearContent(): RangePort;
  createFilter(): FilterPort;
}

export interface FilterPort extends Pick<Filter, 'remove'> {
  getRange(): RangePort;
}

export interface ConditionalFormatRuleBuilderPort extends Pick<RuleBuilder, 'build'> {
  whenFormulaSatisfied(formula: string): ConditionalFormatRuleBuilderPort;
  setBackground(color: string | null): ConditionalFormatRuleBuilderPort;
  setRanges(ranges: RangePort[]): ConditionalFormatRuleBuilderPort;
}

export interface EmbeddedChartBuilderPort extends Pick<ChartBuilder, 'build'> {
  asColumnChart(): EmbeddedChartBuilderPort;
  addRange(range: RangePort): EmbeddedChartBuilderPort;
  setNumHeaders(headers: number): EmbeddedChartBuilderPort;
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): EmbeddedChartBuilderPort;
  setOption(option: string, value: unknown): EmbeddedChartBuilderPort;
}

export interface SheetPort
  extends Pick<
    Sheet,
    | 'getLastRow'
    | 'getLastColumn'
    | 'getMaxRows'
    | 'getMaxColumns'
    | 'getConditionalFormatRules'
    | 'setConditionalFormatRules'
    | 'getCharts'
    | 'insertChart'
    | 'setFrozenRows'
  > {
  getRange(row: number, column: number, numRows?: number, numColumns?: number): RangePort;
  getDataRange(): RangePort;
  getFilter(): FilterPort | null;
  newChart(): EmbeddedChartBuilderPort;
  setName(name: string): SheetPort;
  setColumnWidth(columnPosition: number, width: number): SheetPort;
  insertRowsAfter(afterPosition: number, howMany: number): SheetPort;
  insertColumnsAfter(afterPosition: number, howMany: number): SheetPort;
  hideSheet(): SheetPort;
  clearContents(): SheetPort;
}

export interface SpreadsheetPort
  extends Pick<Spreadsheet, 'getId' | 'getUrl' | 'getNumSheets' | 'getSpreadsheetTimeZone' | 'getSpreadsheetLocale' | 'setSpreadsheetTimeZone'> {
  getSheets(): SheetPort[];
  getSheetByName(name: string): SheetPort | null;
  insertSheet(sheetName: string, sheetIndex?: number): SheetPort;
}

export interface SpreadsheetAppPort extends Pick<App, 'newDataValidation'> {
  openById(id: string): SpreadsheetPort;
  create(name: string): SpreadsheetPort;
  newConditionalFormatRule(): ConditionalFormatRuleBuilderPort;
}
