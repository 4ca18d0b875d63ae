/**
 * One person's choices written where the user would: their Contacts row,
 * found by the Email column, in one write per run of adjacent columns. Someone
 * not on the sheet yet gets a row at the bottom; the next refresh fills it in.
 * A column the user deleted comes back at the end rather than lose the choice.
 */
import { normalizeEmail } from '../normalize-email';
import type { Millis } from '../ledger';
import type { SheetValue } from '../parse-contact-edits';
import type { Tier } from '../settings';
import { groupAdjacent, locateColumns, type ColumnPositions } from './plan-contacts-sheet';
import { planRowGrowth, REPORT_GROWTH } from './plan-row-growth';
import { CONTACTS_COLUMNS, type ContactsColumn } from './report-columns';

/** What the sidebar sets for one person; 'auto' and null clear a choice. */
export interface ContactPatch {
  cadence?: Tier | 'auto';
  snoozeUntil?: Millis | null;
  ignore?: boolean;
  notes?: string;
}

export interface ContactsHeaderReading {
  /** Row 1 as read; [] for an empty sheet. */
  header: readonly SheetValue[];
  lastRow: number;
  lastColumn: number;
  maxRows: number;
  maxColumns: number;
}

/** One run of adjacent cells in one row, from a 0-based column. */
export interface CellRun {
  column: number;
  values: SheetValue[];
}

export interface ContactOverridePlan {
  /** 1-based sheet row written. */
  row: number;
  added: boolean;
  /** Columns to insert after the last one first. */
  insertColumns: number;
  /** Rows to insert after the last one (only for an added row). */
  insertRows: number;
  /** Every column's position once deleted ones are back; for the formats of a grown sheet. */
  positions: ColumnPositions<ContactsColumn>;
  /** Columns the sheet spans once deleted ones are back. */
  width: number;
  /** 0-based column of an added row's Email cell, made plain text before it lands; null when no row is added. */
  textEmailColumn: number | null;
  headerRuns: Array<{ column: number; values: string[] }>;
  cellRuns: CellRun[];
}

/** The Email column's position, so the adapter reads only that column. */
export function locateEmailColumn(header: readonly SheetValue[]): number | undefined {
  return locateColumns(header, CONTACTS_COLUMNS).email;
}

/**
 * `emails` is the Email column from row 2 down to the last row, as read; []
 * when the sheet has no such column or no data rows.
 */
export function planContactOverride(
  email: string,
  patch: ContactPatch,
  sheet: ContactsHeaderReading,
  emails: readonly SheetValue[][],
  mergeGmailVariants = true,
): ContactOverridePlan {
  const target = normalizeEmail(email, mergeGmailVariants);
  if (target === null) throw new Error(`"${email}" is not an email address.`);
  const positions = locateColumns(sheet.header, CONTACTS_COLUMNS);
  let nextFree = sheet.lastColumn;
  const newHeaders = new Map<number, string>();
  const cells = new Map<number, SheetValue>();
  const put = (key: ContactsColumn, value: SheetValue) => {
    let at = positions[key];
    if (at === undefined) {
      at = nextFree++;
      positions[key] = at;
      newHeaders.set(at, CONTACTS_COLUMNS.find((c) => c.key === key)!.header);
    }
    cells.set(at, value);
  };
  if (patch.cadence !== undefined) put('cadence', patch.cadence);
  if (patch.snoozeUntil !== undefined) put('snoozeUntil', patch.snoozeUntil === null ? '' : new Date(patch.snoozeUntil));
  if (patch.ignore !== undefined) put('ignore', patch.ignore);
  if (patch.notes !== undefined) put('notes', patch.notes);

  let row = -1;
  if (positions.email !== undefined && sheet.lastRow >= 2) {
    const i = emails.findIndex(([cell]) => typeof cell === 'string' && normalizeEmail(cell, mergeGmailVariants) === target);
    if (i >= 0) row = i + 2;
  }
  const added = row === -1;
  if (added) {
    row = Math.max(2, sheet.lastRow + 1);
    put('email', target);
  }
  return {
    row,
    added,
    insertColumns: Math.max(0, nextFree - sheet.maxColumns),
    insertRows: added ? planRowGrowth(sheet.maxRows, row, REPORT_GROWTH) : 0,
    positions,
    width: nextFree,
    // An address may start with "=", "+" or "-" (RFC 5322 allows it): plain text before it lands.
    textEmailColumn: added ? positions.email! : null,
    headerRuns: groupColumns([...newHeaders.keys()]).map((run) => ({ column: run[0]!, values: run.map((c) => newHeaders.get(c)!) })),
    cellRuns: groupColumns([...cells.keys()].sort((a, b) => a - b)).map((run) => ({ column: run[0]!, values: run.map((c) => cells.get(c) ?? '') })),
  };
}

function groupColumns(columns: readonly number[]): number[][] {
  return groupAdjacent(columns, (c) => c);
}
