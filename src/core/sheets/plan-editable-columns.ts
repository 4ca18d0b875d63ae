/**
 * The formats and checks on the user's columns of Contacts, from row 2 to the
 * bottom of the sheet. Checks warn rather than reject (allow invalid), so a
 * typed value is kept and parseContactEdits explains it instead.
 */
import { CADENCE_CHOICES } from '../parse-contact-edits';
import type { ColumnPositions } from './plan-contacts-sheet';
import { TEXT_FORMAT, type ContactsColumn } from './report-columns';

export type ColumnCheck =
  | { kind: 'list'; values: string[]; helpText: string }
  | { kind: 'date'; helpText: string }
  | { kind: 'checkbox'; helpText: string };

export interface EditableColumnFormat {
  /** 0-based column. */
  column: number;
  numberFormat: string | null;
  check: ColumnCheck | null;
}

export function planEditableColumns(positions: ColumnPositions<ContactsColumn>, datePattern: string): EditableColumnFormat[] {
  const out: EditableColumnFormat[] = [];
  if (positions.cadence !== undefined) {
    out.push({
      column: positions.cadence,
      numberFormat: TEXT_FORMAT,
      check: { kind: 'list', values: [...CADENCE_CHOICES], helpText: `One of ${CADENCE_CHOICES.join(', ')}; auto (or empty) lets Reconnect learn it.` },
    });
  }
  if (positions.snoozeUntil !== undefined) {
    out.push({ column: positions.snoozeUntil, numberFormat: datePattern, check: { kind: 'date', helpText: 'A date: Reconnect leaves them alone until then.' } });
  }
  if (positions.ignore !== undefined) {
    out.push({ column: positions.ignore, numberFormat: null, check: { kind: 'checkbox', helpText: 'Tick to never hear about them.' } });
  }
  if (positions.notes !== undefined) out.push({ column: positions.notes, numberFormat: TEXT_FORMAT, check: null });
  return out;
}
