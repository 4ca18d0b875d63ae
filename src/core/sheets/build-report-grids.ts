/**
 * The Lapsed and Summary tabs below their headers as plain grids of values
 * and number formats, always the same shape so the chart's range never moves.
 */
import { buildGmailThreadUrl, buildMonthHistogram, countStates, type ReportRow, type ReportSummary } from '../build-report-rows';
import type { Millis } from '../ledger';
import {
  buildReportCell,
  chooseNumberFormat,
  clipText,
  INTEGER_FORMAT,
  LAPSED_COLUMNS,
  TEXT_FORMAT,
  type GridValue,
} from './report-columns';

export interface Grid {
  values: GridValue[][];
  /** One number format per cell; null where the column keeps its own. */
  formats: Array<Array<string | null>>;
}

/** The Lapsed tab below its header, in LAPSED_COLUMNS order, padded with blank rows to `minRows` to clear what was there. */
export function buildLapsedGrid(rows: readonly ReportRow[], datePattern: string, minRows = 0): Grid {
  const values: GridValue[][] = [];
  const formats: Array<Array<string | null>> = [];
  const rowFormats = LAPSED_COLUMNS.map((c) => chooseNumberFormat(c.kind, datePattern));
  for (const row of rows) {
    values.push(LAPSED_COLUMNS.map((c) => (c.key === 'link' ? buildThreadLinkFormula(row.threadId) : buildReportCell(row, c.key))));
    formats.push(rowFormats);
  }
  while (values.length < minRows) {
    values.push(LAPSED_COLUMNS.map(() => ''));
    formats.push(rowFormats);
  }
  return { values, formats };
}

/**
 * The only formula Reconnect writes: a link built from a validated hex thread
 * id and fixed text, never from anything a header could carry.
 */
export function buildThreadLinkFormula(threadId: string): string {
  const url = buildGmailThreadUrl(threadId);
  return url === null ? '' : `=HYPERLINK("${url}","Open in Gmail")`;
}

export interface LastRun {
  at: Millis;
  kind: string;
  outcome: string;
  folded: number;
  message: string;
}

/** First sheet row of the Summary block; row 1 is left for a notice (a replaced spreadsheet) that refreshes keep. */
export const SUMMARY_FIRST_ROW = 2;

export interface SummaryGrid extends Grid {
  /** Offsets within the block of the rows in bold: section headings. */
  headingRows: number[];
  /** Offset of the histogram's heading row; its 14 buckets follow, for the chart. */
  histogramRow: number;
}

/**
 * The Summary tab from row SUMMARY_FIRST_ROW: a line for what went wrong with
 * the last refresh (blank when nothing did), counts by state, the histogram,
 * the last run, the scan's coverage; always the same shape.
 */
export function buildSummaryGrid(
  summary: ReportSummary,
  lastRun: LastRun | null,
  now: Millis,
  datePattern: string,
  warnings: readonly string[] = [],
): SummaryGrid {
  const dateTime = `${datePattern} hh:mm`;
  const values: GridValue[][] = [];
  const formats: Array<Array<string | null>> = [];
  const headingRows: number[] = [];
  const add = (label: string, value: GridValue, format: string | null = TEXT_FORMAT) => {
    values.push([label, value]);
    formats.push([TEXT_FORMAT, format]);
  };
  const heading = (label: string, value: string) => {
    headingRows.push(values.length);
    add(label, value);
  };
  const date = (ms: Millis | null): GridValue => (ms === null ? '' : new Date(ms));

  add(...buildWarningRow(warnings));
  add('', '');
  heading('People by state', 'People');
  for (const { state, count } of summary.states) add(state, count, INTEGER_FORMAT);
  add('Total', summary.total, INTEGER_FORMAT);
  add('', '');
  const histogramRow = values.length;
  heading('Months since last contact', 'People');
  for (const bucket of summary.histogram) add(bucket.label, bucket.count, INTEGER_FORMAT);
  add('', '');
  heading('Last run', '');
  add('When', lastRun === null ? '' : new Date(lastRun.at), dateTime);
  add('What', lastRun?.kind ?? '');
  add('Outcome', lastRun?.outcome ?? '');
  add('New messages read', lastRun?.folded ?? '', INTEGER_FORMAT);
  add('Summary', clipText(lastRun?.message ?? 'No run has finished yet.'));
  add('', '');
  heading('Scan coverage', '');
  add('Messages read', summary.coverage.messages, INTEGER_FORMAT);
  add('Messages with people', summary.coverage.counted, INTEGER_FORMAT);
  add('Oldest message', date(summary.coverage.oldest), datePattern);
  add('Newest message', date(summary.coverage.newest), datePattern);
  add('Report refreshed', new Date(now), dateTime);
  add('', '');
  // Always the same rows, so the block keeps its shape; blank when the caller did not say.
  heading('How people are judged', "Change these in the add-on's Settings");
  const policy = summary.policy;
  add('Minimum gap (days)', policy?.minGapDays ?? '', INTEGER_FORMAT);
  add('Default cadence (days)', policy?.defaultCadenceDays ?? '', INTEGER_FORMAT);
  add('Learn each rhythm', policy === undefined ? '' : policy.useLearnedCadence ? 'yes' : 'no');
  return { values, formats, headingRows, histogramRow };
}

/** The Summary block's first row: what went wrong with the refresh's colours or chart, blank when nothing did. */
export function buildWarningRow(warnings: readonly string[]): [string, string] {
  return [warnings.length === 0 ? '' : 'Warning', clipText(warnings.join(' '))];
}

/** A summary of nobody: the grid's shape without data, for the tab's layout and the chart's range. */
export function buildEmptySummary(): ReportSummary {
  return {
    states: countStates([]),
    total: 0,
    histogram: buildMonthHistogram([], 0, 'UTC'),
    coverage: { messages: 0, counted: 0, oldest: null, newest: null },
  };
}

/** The Summary tab's bold headings, a row of two weights per row of the block. */
export function planSummaryFontWeights(): Array<Array<'bold' | 'normal'>> {
  const shape = buildSummaryGrid(buildEmptySummary(), null, 0, TEXT_FORMAT);
  return shape.values.map((_, i) => (shape.headingRows.includes(i) ? ['bold', 'bold'] : ['normal', 'normal']));
}

export interface SummaryChartPlan {
  /** 1-based first row and column of the data (header row included), and its size. */
  row: number;
  column: number;
  rows: number;
  columns: number;
  /** 1-based anchor cell of the chart. */
  anchorRow: number;
  anchorColumn: number;
  options: Record<string, unknown>;
}

/** The histogram as a column chart; it reads a fixed block of cells, so it is made once and refreshes by itself. */
export function planSummaryChart(): SummaryChartPlan {
  const shape = buildSummaryGrid(buildEmptySummary(), null, 0, TEXT_FORMAT);
  return {
    row: SUMMARY_FIRST_ROW + shape.histogramRow,
    column: 1,
    rows: buildEmptySummary().histogram.length + 1,
    columns: 2,
    anchorRow: SUMMARY_FIRST_ROW,
    anchorColumn: 4,
    options: {
      title: 'People by months since you were last in touch',
      legend: { position: 'none' },
      hAxis: { title: 'Months since last contact' },
      vAxis: { title: 'People' },
    },
  };
}
