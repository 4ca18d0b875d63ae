/** The user's "Reconnect" spreadsheet: made on first use, remembered, made again if it is gone. */
import type { PropertiesStateStore } from './properties-state-store';

export const SPREADSHEET_NAME = 'Reconnect';

export interface OpenedSpreadsheet {
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  /** True when it had to be made, first time or because the old one was deleted. */
  created: boolean;
  /** True when a remembered spreadsheet could not be opened (deleted or trashed). */
  replaced: boolean;
}

export function openReconnectSpreadsheet(
  state: PropertiesStateStore,
  spreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp = SpreadsheetApp,
): OpenedSpreadsheet {
  const id = state.spreadsheetId();
  if (id !== null) {
    try {
      return { spreadsheet: spreadsheetApp.openById(id), created: false, replaced: false };
    } catch {
      // openById throws for a deleted file; fall through and make a new one.
    }
  }
  const spreadsheet = spreadsheetApp.create(SPREADSHEET_NAME);
  state.saveSpreadsheetId(spreadsheet.getId());
  if (id !== null) {
    // The ledger lived in the lost file: start over with a full scan.
    state.saveScanState({ cursor: { watermark: null, progress: null }, ledgerSheet: null, owner: [] });
  }
  return { spreadsheet, created: true, replaced: id !== null };
}
