/** The draft log in a hidden sheet of the Reconnect spreadsheet, one JSON record a row. */
import type { DraftRecord } from '../core/plan-drafts';
import { growSheetRows } from './grow-sheet-rows';
import type { SpreadsheetPort } from './spreadsheet-ports';
import type { DraftLogPort } from './gas-ports';

const SHEET = '_drafts';

export class SheetDraftLog implements DraftLogPort {
  constructor(private readonly spreadsheet: SpreadsheetPort) {}

  read(): DraftRecord[] {
    const sheet = this.spreadsheet.getSheetByName(SHEET);
    if (sheet === null) return [];
    const last = sheet.getLastRow();
    if (last === 0) return [];
    const out: DraftRecord[] = [];
    const seen = new Set<string>();
    for (const [cell] of sheet.getRange(1, 1, last, 1).getValues()) {
      if (cell === '') continue;
      try {
        const record = JSON.parse(String(cell)) as DraftRecord;
        // A write cut short leaves older copies below the new rows; the first copy is the newest.
        // Keyed by marker where there is one: a pending record has no draft id yet.
        const key = record.marker ?? record.draftId;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(record);
      } catch {
        // A row the user typed over is skipped rather than stopping every run.
      }
    }
    return out;
  }

  /**
   * Rewrites the log in one write, then clears what is left below it, so a run
   * killed in between still leaves every record readable. Records always start
   * with "{", never a formula.
   */
  write(records: readonly DraftRecord[]): void {
    let sheet = this.spreadsheet.getSheetByName(SHEET);
    if (sheet === null) {
      sheet = this.spreadsheet.insertSheet(SHEET);
      sheet.hideSheet();
    }
    const previous = sheet.getLastRow();
    growSheetRows(sheet, records.length);
    if (records.length > 0) sheet.getRange(1, 1, records.length, 1).setValues(records.map((r) => [JSON.stringify(r)]));
    if (previous > records.length) sheet.getRange(records.length + 1, 1, previous - records.length, 1).clearContent();
  }
}
