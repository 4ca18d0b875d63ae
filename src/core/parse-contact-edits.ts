/**
 * The user's choices from the Contacts sheet — Cadence, Snooze until, Ignore —
 * turned into the lapse policy's ContactOverride. A cell that does not make
 * sense is reported, with a message for a note on it, and ignored until it is
 * fixed; the rest of its row still counts.
 */
import type { ContactOverride } from './assess-contact';
import { formatDay, parseIso } from './format-iso';
import { normalizeEmail } from './normalize-email';
import { isTier, TIERS } from './settings';

/** What a spreadsheet cell holds, as Apps Script's getValues returns it. */
export type SheetValue = string | number | boolean | Date | null | undefined;

/** The Cadence dropdown: "auto" (or an empty cell) leaves the cadence to Reconnect. */
export const CADENCE_CHOICES: readonly string[] = ['auto', ...TIERS];

export type EditField = 'email' | 'cadence' | 'snoozeUntil' | 'ignore' | 'otherAddresses';

/** One row's cells; a field is undefined when the sheet has no such column. */
export interface ContactEditCells {
  email: SheetValue;
  cadence?: SheetValue;
  snoozeUntil?: SheetValue;
  ignore?: SheetValue;
  /** "Other addresses": more addresses of the same person, separated by commas, semicolons or spaces. */
  otherAddresses?: SheetValue;
}

export interface InvalidEdit {
  /** Index into the rows given. */
  row: number;
  field: EditField;
  /** The cell as the user sees it, kept in the message so they can find it. */
  text: string;
  /** One sentence for the cell's note: what is wrong, what to write, what Reconnect does meanwhile. */
  message: string;
}

export interface ContactEdits {
  overrides: Record<string, ContactOverride>;
  invalid: InvalidEdit[];
  /** The normalized address of each row, or null when the row has none. */
  emails: Array<string | null>;
  /** Each row with other addresses: [its email, ...the others], normalized; see resolvePeople. */
  links: string[][];
}

export interface ParseContactEditsOptions {
  /** Sheet row number of rows[0], for messages about duplicates; default 2 (below the header). */
  firstRowNumber?: number;
  mergeGmailVariants?: boolean;
}

export function parseContactEdits(rows: readonly ContactEditCells[], options: ParseContactEditsOptions = {}): ContactEdits {
  const firstRow = options.firstRowNumber ?? 2;
  const merge = options.mergeGmailVariants ?? true;
  const overrides: Record<string, ContactOverride> = {};
  const invalid: InvalidEdit[] = [];
  const emails: Array<string | null> = [];
  const links: string[][] = [];
  const seenAt = new Map<string, number>();

  rows.forEach((cells, row) => {
    const override: ContactOverride = {};
    const problems: InvalidEdit[] = [];
    const flag = (field: EditField, value: SheetValue, message: string) =>
      problems.push({ row, field, text: describeCell(value), message });

    const cadence = parseCadenceCell(cells.cadence);
    if (cadence === INVALID) {
      flag('cadence', cells.cadence, `“${describeCell(cells.cadence)}” is not a cadence: choose ${CADENCE_CHOICES.join(', ')}. Until it is fixed, Reconnect keeps the automatic cadence.`);
    } else if (cadence !== undefined) {
      override.cadence = cadence;
    }
    const snooze = parseSnoozeCell(cells.snoozeUntil);
    if (snooze === INVALID) {
      flag('snoozeUntil', cells.snoozeUntil, `“${describeCell(cells.snoozeUntil)}” is not a date: pick one from the calendar, or write it like 2025-03-04. Until it is fixed, they are not snoozed.`);
    } else if (snooze !== undefined) {
      override.snoozeUntil = snooze;
    }
    const ignore = parseIgnoreCell(cells.ignore);
    if (ignore === INVALID) {
      flag('ignore', cells.ignore, `“${describeCell(cells.ignore)}” is not a tick: use the checkbox. Until it is fixed, they are not ignored.`);
    } else if (ignore) {
      override.ignore = true;
    }

    const others: string[] = [];
    for (const part of describeCell(cells.otherAddresses).split(/[\s,;]+/)) {
      if (part === '') continue;
      const other = normalizeEmail(part.replace(/^<|>$/g, ''), merge);
      if (other === null) {
        flag('otherAddresses', cells.otherAddresses, `“${part}” is not an email address: list the person's other addresses separated by commas. Until it is fixed, Reconnect ignores it.`);
      } else if (!others.includes(other)) {
        others.push(other);
      }
    }

    const emailText = describeCell(cells.email).trim();
    const email = emailText === '' ? null : normalizeEmail(emailText, merge);
    emails.push(email);
    if (email !== null && others.length > 0) links.push([email, ...others.filter((o) => o !== email)]);
    const edited = Object.keys(override).length > 0 || problems.length > 0;
    if (email === null) {
      if (emailText !== '' && edited) {
        flag('email', cells.email, `“${emailText}” is not an email address, so Reconnect cannot tell whose choices these are; they are ignored until it is fixed.`);
      }
      invalid.push(...problems);
      return;
    }
    const earlier = seenAt.get(email);
    if (earlier !== undefined) {
      if (edited) {
        flag('email', cells.email, `${email} is also on row ${earlier + firstRow}; only that row’s choices count.`);
      }
      invalid.push(...problems);
      return;
    }
    seenAt.set(email, row);
    invalid.push(...problems);
    if (Object.keys(override).length > 0) overrides[email] = override;
  });
  return { overrides, invalid, emails, links };
}

const INVALID = Symbol('invalid');

function isBlank(value: SheetValue): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** A tier, undefined for "auto" or blank, or INVALID. */
function parseCadenceCell(value: SheetValue): ContactOverride['cadence'] | typeof INVALID {
  if (isBlank(value)) return undefined;
  if (typeof value !== 'string') return INVALID;
  const text = value.trim().toLowerCase();
  if (text === 'auto') return undefined;
  return isTier(text) ? text : INVALID;
}

/**
 * A Date (what Sheets gives for a date cell), or an ISO-8601 date typed into a
 * text cell (midnight UTC). A bare number is refused: in a date-formatted column
 * Sheets already returns a Date, so a number means the cell is not a date.
 */
function parseSnoozeCell(value: SheetValue): number | undefined | typeof INVALID {
  if (isBlank(value)) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? INVALID : value.getTime();
  if (typeof value !== 'string') return INVALID;
  return parseIso(value) ?? INVALID;
}

/** A checkbox gives true or false; anything else typed over it is refused. */
function parseIgnoreCell(value: SheetValue): boolean | typeof INVALID {
  if (isBlank(value)) return false;
  return typeof value === 'boolean' ? value : INVALID;
}

/** The cell as text, for messages: dates as YYYY-MM-DD. */
export function describeCell(value: SheetValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : formatDay(value.getTime());
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}
