/**
 * What the reports show — the Lapsed, Contacts and Summary tabs of the Reconnect
 * spreadsheet and the offline HTML report — as plain data: one row per person,
 * counts by state, and people by months since the last exchange.
 */
import { stripControls } from './strip-controls';
import { CONTACT_STATES, type Assessment, type CadenceSource, type ContactState } from './assess-contact';
import type { Coverage, Ledger, Millis } from './ledger';
import { DEFAULT_MIN_GAP_DAYS, type PolicySettings } from './settings';
import { describeDraftForReport } from './plan-draft-run';
import type { DraftRecord } from './plan-drafts';
import { latestThread } from './plan-labels';
import { countMonthsBetween } from './read-calendar-date';
import type { ContactKind } from './resolve-people';

export interface ReportRow {
  /** Identity key (normalized); the sheet finds rows by it, normalizing what the cell shows. */
  email: string;
  /** The address as they write it: what the Email column shows. */
  address: string;
  name: string;
  state: ContactState;
  lastSent: Millis | null;
  lastReceived: Millis | null;
  /** Whole days since the last exchange either way. */
  daysSince: number | null;
  /** Null when the cadence is "never". */
  cadenceDays: number | null;
  cadenceSource: CadenceSource;
  /** Whole days past the cadence; 0 unless lapsed. */
  overdueDays: number;
  /** Subject of the latest one-to-one message either way; '' when unknown. */
  lastSubject: string;
  /** The source's id of that message's thread, as stored; '' when unknown. Not validated: see buildGmailThreadUrl. */
  threadId: string;
  inboundOnly: boolean;
  /** Relationship strength 0–100 and its words; priority 0–100, the order of the rows. */
  strength: number;
  strengthLabel: string;
  priority: number;
  /** Why this verdict, in one sentence. */
  reason: string;
  lastMet?: Millis | null;
  meetingCount?: number;
  /** Which of sent, received and met the last contact was. */
  lastContactKind?: ContactKind | null;
  emails?: string[];
  groups?: string[];
  /** Every normalized address of the person, so a sheet row keyed by any of them is found. */
  aliases?: string[];
  /** Their open Reconnect draft: '', "Open" or "Stale: they wrote first" (see describeDraftForReport). */
  draft?: string;
}

/** One row per assessment, in the assessments' order (ranked: lapsed and most overdue first). */
export function buildReportRows(ledger: Ledger, assessments: readonly Assessment[], drafts: readonly DraftRecord[] = []): ReportRow[] {
  const aliasesOf = new Map<string, string[]>();
  const aliases = (ledger as Partial<{ aliases: Record<string, string> }>).aliases ?? {};
  for (const [alias, person] of Object.entries(aliases)) {
    const list = aliasesOf.get(person);
    if (list === undefined) aliasesOf.set(person, [alias]);
    else list.push(alias);
  }
  return assessments.map((a) => {
    const contact = ledger.contacts[a.email];
    const thread = contact === undefined ? null : latestThread(contact);
    return {
      email: a.email,
      address: a.address,
      name: a.name,
      state: a.state,
      lastSent: contact?.lastSent ?? null,
      lastReceived: contact?.lastReceived ?? null,
      daysSince: a.daysSince,
      cadenceDays: a.cadenceDays,
      cadenceSource: a.cadenceSource,
      overdueDays: a.overdueDays,
      lastSubject: thread?.subject ?? '',
      threadId: thread?.threadId ?? '',
      inboundOnly: a.inboundOnly,
      strength: a.strength,
      strengthLabel: a.strengthLabel,
      priority: a.priority,
      reason: a.reason,
      lastMet: a.lastMet ?? null,
      meetingCount: a.meetingCount ?? 0,
      lastContactKind: a.lastContactKind ?? null,
      emails: a.emails ?? [a.email],
      groups: a.groups ?? [],
      aliases: aliasesOf.get(a.email) ?? [a.email],
      draft: drafts.length === 0 ? '' : describeDraftForReport(drafts, contact),
    };
  });
}

/** The people to write to: lapsed, then due, each highest priority first (the rank order kept). */
export function selectLapsedRows(rows: readonly ReportRow[]): ReportRow[] {
  return rows.filter((r) => r.state === 'lapsed' || r.state === 'due');
}

/**
 * Gmail thread ids from the API are 64-bit numbers in lower-case hex (16
 * digits today); 32 leaves room and still keeps anything that is not an id
 * out of a URL and a HYPERLINK formula.
 */
export const GMAIL_THREAD_ID = /^[0-9a-f]{1,32}$/;

/** The Gmail web address that opens a thread in any folder; null unless the id is a valid hex thread id. */
export function buildGmailThreadUrl(threadId: string): string | null {
  return GMAIL_THREAD_ID.test(threadId) ? `https://mail.google.com/mail/#all/${threadId}` : null;
}

export interface StateCount {
  state: ContactState;
  count: number;
}

/** Every state, in rank order, with how many people are in it (zeros included). */
export function countStates(assessments: readonly Assessment[]): StateCount[] {
  const counts = new Map<ContactState, number>(CONTACT_STATES.map((s) => [s, 0]));
  for (const a of assessments) counts.set(a.state, counts.get(a.state)! + 1);
  return CONTACT_STATES.map((state) => ({ state, count: counts.get(state)! }));
}

export interface MonthBucket {
  /** "0" … "11", "12–23", "24+": whole calendar months since the last exchange. */
  label: string;
  fromMonths: number;
  /** Inclusive; null for the open-ended last bucket. */
  toMonths: number | null;
  count: number;
}

/**
 * A month at a time for the first year, where cadences live (weekly to
 * quarterly), then a bucket for the second year and one for older: a fixed
 * 14 bars, so the chart's data range never has to move.
 */
const BUCKETS: ReadonlyArray<Omit<MonthBucket, 'count'>> = [
  ...Array.from({ length: 12 }, (_, m) => ({ label: String(m), fromMonths: m, toMonths: m })),
  { label: '12–23', fromMonths: 12, toMonths: 23 },
  { label: '24+', fromMonths: 24, toMonths: null },
];

/** People by whole calendar months since their last exchange, counted in `timeZone`; people with none are left out. */
export function buildMonthHistogram(assessments: readonly Assessment[], now: Millis, timeZone: string): MonthBucket[] {
  const buckets = BUCKETS.map((b) => ({ ...b, count: 0 }));
  for (const a of assessments) {
    if (a.lastContact === null) continue;
    const months = countMonthsBetween(a.lastContact, now, timeZone);
    const bucket = buckets.find((b) => months >= b.fromMonths && (b.toMonths === null || months <= b.toMonths))!;
    bucket.count += 1;
  }
  return buckets;
}

export interface ReportSummary {
  states: StateCount[];
  total: number;
  histogram: MonthBucket[];
  coverage: Coverage;
  /** The settings the verdicts were judged by, so the sheet says what "lapsed" meant; absent when unknown. */
  policy?: Pick<PolicySettings, 'minGapDays' | 'defaultCadenceDays' | 'useLearnedCadence'>;
}

export function buildReportSummary(
  ledger: Ledger,
  assessments: readonly Assessment[],
  now: Millis,
  timeZone: string,
  policy?: PolicySettings,
): ReportSummary {
  return {
    states: countStates(assessments),
    total: assessments.length,
    histogram: buildMonthHistogram(assessments, now, timeZone),
    coverage: { ...ledger.coverage },
    ...(policy === undefined
      ? {}
      : { policy: { minGapDays: policy.minGapDays ?? DEFAULT_MIN_GAP_DAYS, defaultCadenceDays: policy.defaultCadenceDays, useLearnedCadence: policy.useLearnedCadence } }),
  };
}

// ---------------------------------------------------------------------------
// Sheet columns and grids

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

/** Issue 14's columns, after everything older, so sheets made before them keep their layout. */
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

function clipText(raw: string): string {
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

  add(warnings.length === 0 ? '' : 'Warning', clipText(warnings.join(' ')));
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
