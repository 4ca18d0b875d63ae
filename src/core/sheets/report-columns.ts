/**
 * The columns of the report tabs (Lapsed and Contacts), each column's cell for
 * one person, and the number formats that keep text as text.
 */
import { stripControls } from '../strip-controls';
import type { ReportRow } from '../build-report-rows';

/** How a column's cells are written: the number format follows from it. */
export type CellKind = 'text' | 'date' | 'integer' | 'check' | 'link';

export interface ColumnSpec<K extends string> {
  key: K;
  /** Found again by this text, so the user may move, insert or sort columns. */
  header: string;
  kind: CellKind;
  /** The user's to edit: a refresh never writes it. */
  editable: boolean;
  /** Pixels. */
  width: number;
}

export type ReportColumn =
  | 'name'
  | 'email'
  | 'lastSent'
  | 'lastReceived'
  | 'daysSince'
  | 'cadenceDays'
  | 'cadenceSource'
  | 'overdueDays'
  | 'state'
  | 'lastSubject'
  | 'strength'
  | 'reason'
  | 'lastMet'
  | 'meetingCount'
  | 'lastContactKind'
  | 'groups'
  | 'draft';

const REPORT_COLUMNS: ReadonlyArray<ColumnSpec<ReportColumn>> = [
  { key: 'name', header: 'Name', kind: 'text', editable: false, width: 180 },
  { key: 'email', header: 'Email', kind: 'text', editable: false, width: 230 },
  { key: 'lastSent', header: 'Last you wrote', kind: 'date', editable: false, width: 110 },
  { key: 'lastReceived', header: 'Last they wrote', kind: 'date', editable: false, width: 110 },
  { key: 'daysSince', header: 'Days since', kind: 'integer', editable: false, width: 85 },
  { key: 'cadenceDays', header: 'Cadence (days)', kind: 'integer', editable: false, width: 105 },
  { key: 'cadenceSource', header: 'Cadence source', kind: 'text', editable: false, width: 110 },
  { key: 'overdueDays', header: 'Overdue by (days)', kind: 'integer', editable: false, width: 125 },
  { key: 'state', header: 'State', kind: 'text', editable: false, width: 115 },
  { key: 'lastSubject', header: 'Last subject', kind: 'text', editable: false, width: 320 },
];

/**
 * Strength and the reason for the verdict. Computed like the rest,
 * but placed after the user's columns on the Contacts tab, so a sheet made
 * before they existed keeps its layout and gains them at the right-hand end.
 */
const JUDGMENT_COLUMNS: ReadonlyArray<ColumnSpec<ReportColumn>> = [
  { key: 'strength', header: 'Strength', kind: 'integer', editable: false, width: 80 },
  { key: 'reason', header: 'Why', kind: 'text', editable: false, width: 360 },
];

/** Other addresses and meetings, after everything older, so sheets made before them keep their layout. */
const PEOPLE_COLUMNS: ReadonlyArray<ColumnSpec<ReportColumn | 'otherAddresses'>> = [
  { key: 'otherAddresses', header: 'Other addresses', kind: 'text', editable: true, width: 220 },
  { key: 'lastMet', header: 'Last met', kind: 'date', editable: false, width: 110 },
  { key: 'meetingCount', header: 'Meetings', kind: 'integer', editable: false, width: 80 },
  { key: 'lastContactKind', header: 'Last contact was', kind: 'text', editable: false, width: 115 },
  { key: 'groups', header: 'Groups', kind: 'text', editable: false, width: 180 },
];

/** Last of the computed columns: a sheet made before it existed finds it appended after its own columns. */
const DRAFT_COLUMN: ColumnSpec<'draft'> = { key: 'draft', header: 'Reconnect draft', kind: 'text', editable: false, width: 170 };

export type LapsedColumn = ReportColumn | 'link';
export type ContactsColumn = ReportColumn | 'cadence' | 'snoozeUntil' | 'ignore' | 'notes' | 'otherAddresses';

export const LAPSED_COLUMNS: ReadonlyArray<ColumnSpec<LapsedColumn>> = [
  ...REPORT_COLUMNS,
  ...JUDGMENT_COLUMNS,
  { key: 'link', header: 'Open in Gmail', kind: 'link', editable: false, width: 115 },
  DRAFT_COLUMN,
];

/** The computed columns, then the user's: a refresh writes the first block only. */
export const CONTACTS_COLUMNS: ReadonlyArray<ColumnSpec<ContactsColumn>> = [
  ...REPORT_COLUMNS,
  DRAFT_COLUMN,
  { key: 'cadence', header: 'Cadence', kind: 'text', editable: true, width: 105 },
  { key: 'snoozeUntil', header: 'Snooze until', kind: 'date', editable: true, width: 110 },
  { key: 'ignore', header: 'Ignore', kind: 'check', editable: true, width: 70 },
  { key: 'notes', header: 'Notes', kind: 'text', editable: true, width: 320 },
  ...PEOPLE_COLUMNS,
  ...JUDGMENT_COLUMNS,
];

/** A cell for a spreadsheet: text, a number, a tick or a Date (Apps Script writes a Date as a date). */
export type GridValue = string | number | boolean | Date;

/**
 * Sheets refuses a cell over 50,000 characters ("Your input contains more than
 * the maximum of 50000 characters in a single cell"), which would fail the
 * whole block; header text is clipped far below that.
 */
export const MAX_TEXT_CELL = 2000;

export function clipText(raw: string): string {
  const text = stripControls(raw);
  return text.length <= MAX_TEXT_CELL ? text : `${text.slice(0, MAX_TEXT_CELL - 1)}…`;
}

/** The value of one computed column for one person; text is never a formula because text columns are formatted '@'. */
export function buildReportCell(row: ReportRow, key: ReportColumn): GridValue {
  switch (key) {
    case 'name':
      return clipText(row.name);
    case 'email':
      return clipText(row.address);
    case 'lastSent':
      return row.lastSent === null ? '' : new Date(row.lastSent);
    case 'lastReceived':
      return row.lastReceived === null ? '' : new Date(row.lastReceived);
    case 'daysSince':
      return row.daysSince ?? '';
    case 'cadenceDays':
      return row.cadenceDays ?? 'never';
    case 'cadenceSource':
      return row.cadenceSource;
    case 'overdueDays':
      return row.state === 'lapsed' ? row.overdueDays : '';
    case 'state':
      return row.state;
    case 'lastSubject':
      return clipText(row.lastSubject);
    case 'strength':
      return row.strength;
    case 'reason':
      return clipText(row.reason);
    case 'lastMet':
      return row.lastMet === null || row.lastMet === undefined ? '' : new Date(row.lastMet);
    case 'meetingCount':
      return row.meetingCount ?? 0;
    case 'lastContactKind':
      return row.lastContactKind ?? '';
    case 'groups':
      return clipText((row.groups ?? []).join(', '));
    case 'draft':
      return row.draft ?? '';
  }
}

/** Plain text: Sheets stores the string as typed, so "=…", "+1" or "2024-01-05" stay text. */
export const TEXT_FORMAT = '@';
export const INTEGER_FORMAT = '0';

export function chooseNumberFormat(kind: CellKind, datePattern: string): string | null {
  switch (kind) {
    case 'text':
      return TEXT_FORMAT;
    case 'date':
      return datePattern;
    case 'integer':
      return INTEGER_FORMAT;
    case 'check':
    case 'link':
      // A checkbox keeps Sheets' own format, and the link is a formula: '@' would turn it into text.
      return null;
  }
}

/**
 * A Sheets date pattern in the order and with the separators `locale` uses
 * ("en_US" → mm/dd/yyyy, "de_DE" → dd.mm.yyyy, "sv_SE" → yyyy-mm-dd), so the
 * sheet reads like the user's own dates. ISO 8601 when the locale is unknown.
 */
export function chooseDatePattern(locale: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    const tag = locale.replace(/_/g, '-');
    parts = new Intl.DateTimeFormat(tag, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' })
      .formatToParts(new Date(Date.UTC(2024, 10, 23)));
  } catch {
    return 'yyyy-mm-dd';
  }
  const tokens: Record<string, string> = { year: 'yyyy', month: 'mm', day: 'dd' };
  let pattern = '';
  for (const part of parts) {
    if (part.type in tokens) pattern += tokens[part.type];
    else if (part.type === 'literal') pattern += /^[\s./,-]*$/.test(part.value) ? part.value : `"${part.value.replace(/"/g, '')}"`;
  }
  return /yyyy/.test(pattern) && /mm/.test(pattern) && /dd/.test(pattern) ? pattern : 'yyyy-mm-dd';
}

/** Column number (1-based) as letters: 1 → A, 27 → AA. */
export function formatColumnLetters(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}
