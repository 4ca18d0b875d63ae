/**
 * The Contacts sheet is the user's control panel as well as a report, so a
 * refresh merges into it instead of overwriting it: rows are found by email
 * and columns by header text, whatever the user sorted, filtered, moved or
 * inserted; only the computed columns are written, and people not on the
 * sheet (new, or whose row was deleted) are added at the bottom.
 */
import {
  buildReportCell,
  chooseNumberFormat,
  CONTACTS_COLUMNS,
  formatColumnLetters,
  type ColumnSpec,
  type ContactsColumn,
  type GridValue,
  type ReportColumn,
} from './report-columns';
import type { ReportRow } from '../build-report-rows';
import type { ContactState } from '../assess-contact';
import {
  CADENCE_CHOICES,
  describeCell,
  parseContactEdits,
  type ContactEdits,
  type EditField,
  type InvalidEdit,
  type SheetValue,
} from '../parse-contact-edits';

export type ColumnPositions<K extends string> = Partial<Record<K, number>>;

function normalizeHeader(value: SheetValue): string {
  return describeCell(value).trim().toLowerCase().replace(/\s+/g, ' ');
}

/** 0-based position of each column by its header text; the first match wins; absent keys are not there. */
export function locateColumns<K extends string>(header: readonly SheetValue[], specs: ReadonlyArray<ColumnSpec<K>>): ColumnPositions<K> {
  const byText = new Map<string, number>();
  header.forEach((cell, i) => {
    const text = normalizeHeader(cell);
    if (text !== '' && !byText.has(text)) byText.set(text, i);
  });
  const out: ColumnPositions<K> = {};
  for (const spec of specs) {
    const at = byText.get(spec.header.toLowerCase());
    if (at !== undefined) out[spec.key] = at;
  }
  return out;
}

export interface ContactsSheetReading {
  positions: ColumnPositions<ContactsColumn>;
  edits: ContactEdits;
}

/** The user's choices from the whole sheet as read (header row first). */
export function parseContactsSheet(values: readonly SheetValue[][], mergeGmailVariants = true): ContactsSheetReading {
  const positions = locateColumns(values[0] ?? [], CONTACTS_COLUMNS);
  const cell = (row: readonly SheetValue[], key: ContactsColumn): SheetValue => {
    const at = positions[key];
    return at === undefined ? undefined : row[at];
  };
  const rows = values.slice(1).map((row) => ({
    email: cell(row, 'email'),
    cadence: cell(row, 'cadence'),
    snoozeUntil: cell(row, 'snoozeUntil'),
    ignore: cell(row, 'ignore'),
    otherAddresses: cell(row, 'otherAddresses'),
  }));
  return { positions, edits: parseContactEdits(rows, { firstRowNumber: 2, mergeGmailVariants }) };
}

/** Where to write one run of adjacent computed columns, from sheet row 2. */
export interface ContactsBlock {
  /** 0-based column of the block's first cell. */
  column: number;
  values: GridValue[][];
  formats: string[][];
}

export interface ContactsSheetPlan {
  /** Every column's 0-based position, missing ones appended after the last column. */
  positions: Record<ContactsColumn, number>;
  /** Header cells to write for columns the sheet lacked. */
  appendedHeaders: Array<{ column: number; header: string }>;
  /** Columns the sheet spans once missing ones are appended. */
  width: number;
  /** Data rows after the merge (below the header). */
  rowCount: number;
  /** People added at the bottom, in rank order. */
  added: string[];
  blocks: ContactsBlock[];
}

export interface PlanContactsSheetInput {
  /** The sheet as read, header row first; [] for an empty sheet. */
  values: readonly SheetValue[][];
  /** The same sheet's parse, so emails are normalized one way. */
  reading: ContactsSheetReading;
  rows: readonly ReportRow[];
  datePattern: string;
}

export function planContactsSheet(input: PlanContactsSheetInput): ContactsSheetPlan {
  const { values, reading, rows } = input;
  const header = values[0] ?? [];
  let width = values.reduce((w, r) => Math.max(w, r.length), 0);
  const positions = { ...reading.positions } as Record<ContactsColumn, number>;
  const appendedHeaders: ContactsSheetPlan['appendedHeaders'] = [];
  for (const spec of CONTACTS_COLUMNS) {
    if (reading.positions[spec.key] !== undefined) continue;
    // Past every used column, so a column the user renamed or added is never written over.
    const column = Math.max(width, header.length);
    positions[spec.key] = column;
    appendedHeaders.push({ column, header: spec.header });
    width = column + 1;
  }

  const byEmail = new Map(rows.map((r) => [r.email, r]));
  // A merged person's row may carry any of their addresses (it was made when another was the latest).
  for (const r of rows) for (const alias of r.aliases ?? []) if (!byEmail.has(alias)) byEmail.set(alias, r);
  const existing = values.slice(1);
  const rowFor: Array<ReportRow | null> = existing.map((_, i) => {
    const email = reading.edits.emails[i];
    return email === null || email === undefined ? null : (byEmail.get(email) ?? null);
  });
  const placed = new Set(rowFor.filter((r): r is ReportRow => r !== null).map((r) => r.email));
  const addedRows = rows.filter((r) => !placed.has(r.email));
  const rowCount = existing.length + addedRows.length;

  const computed = CONTACTS_COLUMNS.filter((c): c is ColumnSpec<ReportColumn> => !c.editable).sort(
    (a, b) => positions[a.key] - positions[b.key],
  );
  const blocks: ContactsBlock[] = [];
  for (const run of groupAdjacent(computed, (c) => positions[c.key])) {
    const formats = run.map((c) => chooseNumberFormat(c.kind, input.datePattern)!);
    const block: ContactsBlock = { column: positions[run[0]!.key], values: [], formats: [] };
    for (let i = 0; i < rowCount; i += 1) {
      const person = i < existing.length ? rowFor[i]! : addedRows[i - existing.length]!;
      block.values.push(
        run.map((c) => (person === null ? keepCell(existing[i]![positions[c.key]]) : buildReportCell(person, c.key))),
      );
      block.formats.push(formats);
    }
    blocks.push(block);
  }
  return { positions, appendedHeaders, width, rowCount, added: addedRows.map((r) => r.email), blocks };
}

/** A row Reconnect does not know (typed by the user, or blank) keeps what it holds. */
function keepCell(value: SheetValue): GridValue {
  return value === null || value === undefined ? '' : value;
}

/** Runs of items whose positions follow one another, in the order given. */
export function groupAdjacent<T>(items: readonly T[], position: (item: T) => number): T[][] {
  const runs: T[][] = [];
  for (const item of items) {
    const run = runs[runs.length - 1];
    if (run !== undefined && position(run[run.length - 1]!) + 1 === position(item)) run.push(item);
    else runs.push([item]);
  }
  return runs;
}

// ---------------------------------------------------------------------------
// Notes on invalid edits

/** Reconnect's own notes start with this, so it can replace them and leave the user's notes alone. */
export const OWN_NOTE_PREFIX = 'Reconnect: ';

export function stripOwnNote(note: string): string {
  if (!note.startsWith(OWN_NOTE_PREFIX)) return note;
  const rest = note.indexOf('\n\n');
  return rest === -1 ? '' : note.slice(rest + 2);
}

/** Our note first, the user's own note kept below it. */
export function addOwnNote(note: string, message: string): string {
  const own = `${OWN_NOTE_PREFIX}${message.replace(/\n{2,}/g, '\n')}`;
  const theirs = stripOwnNote(note);
  return theirs === '' ? own : `${own}\n\n${theirs}`;
}

const FLAGGED_FIELDS: readonly EditField[] = ['email', 'cadence', 'snoozeUntil', 'ignore', 'otherAddresses'];

/**
 * The notes for the data rows (rowCount × width): each invalid cell gets its
 * message, cells that were fixed lose theirs, every other note is kept. Null
 * when nothing changes, so a quiet refresh writes no notes.
 */
export function planEditNotes(
  notes: readonly string[][],
  invalid: readonly InvalidEdit[],
  positions: Record<ContactsColumn, number>,
  rowCount: number,
  width: number,
): string[][] | null {
  const next = Array.from({ length: rowCount }, (_, r) => Array.from({ length: width }, (_, c) => notes[r]?.[c] ?? ''));
  const flagged = new Set(FLAGGED_FIELDS.map((f) => positions[f]));
  for (const row of next) for (const c of flagged) if (c < width) row[c] = stripOwnNote(row[c]!);
  for (const problem of invalid) {
    const row = next[problem.row];
    if (row === undefined) continue;
    const c = positions[problem.field];
    if (c >= width) continue;
    row[c] = addOwnNote(row[c]!, problem.message);
  }
  const changed = next.some((row, r) => row.some((note, c) => note !== (notes[r]?.[c] ?? '')));
  return changed ? next : null;
}

// ---------------------------------------------------------------------------
// Conditional colours

/** Lapsed is the call to action; due a warning; the quiet states pale. */
export const STATE_COLOURS: Readonly<Record<ContactState, string>> = {
  lapsed: '#f4c7c3',
  due: '#fce8b2',
  'awaiting-reply': '#c9daf8',
  active: '#d9ead3',
  snoozed: '#eeeeee',
  ignored: '#d9d9d9',
};

export const INVALID_EDIT_COLOUR = '#ea9999';

/**
 * Every rule Reconnect makes carries this term: it is always true
 * (N of text is 0), and lets a refresh find its own rules among the user's.
 */
export const OWN_RULE_MARK = 'N("reconnect")=0';

export interface FormatRulePlan {
  /** 0-based column the rule colours, from row 2 down. */
  column: number;
  formula: string;
  background: string;
}

export function isOwnRuleFormula(formula: string): boolean {
  return formula.includes(OWN_RULE_MARK);
}

/** One colour per state on the State column. */
export function planStateRules(stateColumn: number, states: readonly ContactState[]): FormatRulePlan[] {
  const cell = `$${formatColumnLetters(stateColumn + 1)}2`;
  return states.map((state) => ({
    column: stateColumn,
    formula: `=AND(${cell}="${state}",${OWN_RULE_MARK})`,
    background: STATE_COLOURS[state],
  }));
}

/**
 * Colours a Cadence, Snooze until or Ignore cell the moment it stops making
 * sense, as parseContactEdits will judge it at the next run: a cadence not in
 * the list, a snooze that is not a date (dates are numbers in Sheets), an
 * ignore that is not a tick.
 */
export function planInvalidEditRules(positions: Record<ContactsColumn, number>): FormatRulePlan[] {
  const ref = (key: ContactsColumn) => `${formatColumnLetters(positions[key] + 1)}2`;
  const choices = CADENCE_CHOICES.join('|');
  const cadence = ref('cadence');
  const snooze = ref('snoozeUntil');
  const ignore = ref('ignore');
  return [
    {
      column: positions.cadence,
      formula: `=AND(LEN(TRIM(TO_TEXT(${cadence})))>0,NOT(REGEXMATCH(LOWER(TRIM(TO_TEXT(${cadence}))),"^(${choices})$")),${OWN_RULE_MARK})`,
      background: INVALID_EDIT_COLOUR,
    },
    {
      column: positions.snoozeUntil,
      formula: `=AND(LEN(TRIM(TO_TEXT(${snooze})))>0,NOT(ISNUMBER(${snooze})),${OWN_RULE_MARK})`,
      background: INVALID_EDIT_COLOUR,
    },
    {
      column: positions.ignore,
      formula: `=AND(LEN(TO_TEXT(${ignore}))>0,NOT(ISLOGICAL(${ignore})),${OWN_RULE_MARK})`,
      background: INVALID_EDIT_COLOUR,
    },
  ];
}
