/**
 * The ledger in the user's Reconnect spreadsheet, double-buffered: each commit
 * writes the copy not in use, then flips the pointer in one property write, so
 * a run that dies halfway leaves the previous copy whole.
 */
import { createLedger } from '../core/fold-messages';
import { LEDGER_VERSION, type Contact, type Ledger } from '../core/ledger';
import { migrateLedger } from '../core/migrate-ledger';
import { growSheetRows } from './grow-sheet-rows';
import { findShapeProblem, SCAN_PLAN_SCHEMA } from '../core/ledger-schema';
import type { ScanPlan } from '../core/plan-scan';
import type { PropertiesStateStore, ScanState } from './properties-state-store';
import type { SheetPort, SpreadsheetPort } from './spreadsheet-ports';
import type { LedgerStorePort } from './gas-ports';

export const LEDGER_SHEETS = ['_ledger_a', '_ledger_b'] as const;

/** Sheets cells hold at most 50,000 characters (Google Sheets limits); subjects are trimmed well below. */
const MAX_SUBJECT = 300;

export class SheetLedgerStore implements LedgerStorePort {
  constructor(
    private readonly spreadsheet: SpreadsheetPort,
    private readonly state: PropertiesStateStore,
  ) {}

  /** The committed ledger and the scan state that describes it. */
  load(): { ledger: Ledger; scan: ScanState } {
    const scan = this.state.scanState();
    if (scan.ledgerSheet === null) return { ledger: createLedger(), scan };
    const sheet = this.spreadsheet.getSheetByName(scan.ledgerSheet);
    if (sheet === null) {
      throw new Error(`The Reconnect ledger sheet "${scan.ledgerSheet}" is missing; run setup to rebuild it with a full scan.`);
    }
    return { ledger: readLedger(sheet), scan };
  }

  /**
   * The scan plan committed with the current ledger (column B of its sheet), or
   * null between scans; too large for a property (9 KB a value), so it travels
   * with the ledger and flips with it.
   */
  loadPlan(scan: ScanState): ScanPlan | null {
    if (scan.ledgerSheet === null) return null;
    const sheet = this.spreadsheet.getSheetByName(scan.ledgerSheet);
    if (sheet === null) return null;
    const lastRow = sheet.getLastRow();
    if (lastRow === 0) return null;
    const text = sheet
      .getRange(1, PLAN_COLUMN, lastRow, 1)
      .getValues()
      .map((row) => String(row[0] ?? ''))
      .filter((cell) => cell.startsWith(PLAN_MARK))
      .map((cell) => cell.slice(PLAN_MARK.length))
      .join('');
    if (!text.startsWith('{')) return null;
    try {
      const plan: unknown = JSON.parse(text);
      // A plan of the wrong shape is not resumed: the scan starts over, which loses nothing of the user's.
      return findShapeProblem(SCAN_PLAN_SCHEMA, plan) === null ? (plan as ScanPlan) : null;
    } catch {
      return null;
    }
  }

  /** Writes the ledger (and the plan, if a scan is under way) to the spare copy, then makes it current together with its scan state. */
  commit(ledger: Ledger, scan: Omit<ScanState, 'ledgerSheet'>, current: string | null, plan: ScanPlan | null = null): ScanState {
    const target = current === LEDGER_SHEETS[0] ? LEDGER_SHEETS[1] : LEDGER_SHEETS[0];
    const sheet = this.spreadsheet.getSheetByName(target) ?? this.createHidden(target);
    const rows = toRows(ledger);
    const chunks = plan === null ? [] : chunk(JSON.stringify(plan), PLAN_CHUNK);
    growSheetRows(sheet, Math.max(rows.length, chunks.length));
    sheet.clearContents();
    sheet.getRange(1, 1, rows.length, 1).setValues(rows);
    if (chunks.length > 0) sheet.getRange(1, PLAN_COLUMN, chunks.length, 1).setValues(chunks.map((c) => [`${PLAN_MARK}${c}`]));
    const next: ScanState = { ...scan, ledgerSheet: target };
    this.state.saveScanState(next);
    return next;
  }

  private createHidden(name: string): SheetPort {
    const sheet = this.spreadsheet.insertSheet(name);
    sheet.hideSheet();
    return sheet;
  }
}

const PLAN_COLUMN = 2;
/** Sheets cells hold at most 50,000 characters; the plan is split below that. */
const PLAN_CHUNK = 40_000;

/**
 * Every plan cell starts with this mark: without it Sheets would read a chunk
 * that starts like "123" or "=..." as a number or a formula.
 */
const PLAN_MARK = '~';

function chunk(text: string, size: number): string[] {
  const out: string[] = [];
  for (let start = 0; start < text.length; start += size) out.push(text.slice(start, start + size));
  return out;
}

/** One JSON object a row: always starts with "{", so no cell can become a formula. */
function toRows(ledger: Ledger): string[][] {
  const meta = { version: LEDGER_VERSION, coverage: ledger.coverage, contacts: Object.keys(ledger.contacts).length };
  const rows: string[][] = [[JSON.stringify(meta)]];
  for (const email of Object.keys(ledger.contacts).sort()) {
    rows.push([fitCell(trimContact(ledger.contacts[email]!))]);
  }
  return rows;
}

/** Google Sheets' limit on one cell (characters); the fakes refuse more with Google's wording. */
const MAX_CELL = 50_000;

/**
 * The contact as JSON within one cell. The fold caps each text, but JSON
 * escapes can still grow it (a control character is six): then the thread
 * refs lose their References chains, and the texts are cut further.
 */
function fitCell(c: Contact): string {
  const json = JSON.stringify(c);
  if (json.length <= MAX_CELL) return json;
  const cut = (t: string) => t.slice(0, 200);
  const ref = (r: Contact['lastSentThread']) => r && { id: r.id, threadId: r.threadId, date: r.date, subject: cut(r.subject), messageId: r.messageId.length > 998 ? '' : r.messageId };
  const smaller = JSON.stringify({ ...c, name: cut(c.name), lastSentThread: ref(c.lastSentThread), lastReceivedThread: ref(c.lastReceivedThread) });
  if (smaller.length <= MAX_CELL) return smaller;
  return JSON.stringify({ ...c, name: '', lastSentThread: null, lastReceivedThread: null });
}

function trimContact(c: Contact): Contact {
  const trim = (ref: Contact['lastSentThread']) => ref && { ...ref, subject: ref.subject.slice(0, MAX_SUBJECT) };
  return { ...c, lastSentThread: trim(c.lastSentThread), lastReceivedThread: trim(c.lastReceivedThread) };
}

function readLedger(sheet: SheetPort): Ledger {
  const lastRow = sheet.getLastRow();
  if (lastRow === 0) return createLedger();
  const values = sheet.getRange(1, 1, lastRow, 1).getValues();
  const meta = JSON.parse(String(values[0]![0])) as { version: number; coverage: Ledger['coverage'] };
  const contacts: Record<string, Contact> = {};
  for (let i = 1; i < values.length; i += 1) {
    const contact = JSON.parse(String(values[i]![0])) as Contact;
    contacts[contact.email] = contact;
  }
  return migrateLedger({ version: meta.version, coverage: meta.coverage, contacts });
}
