/** The user's "Reconnect" spreadsheet: made on first use, remembered, made again if it is gone. */
import type { PropertiesStateStore } from './properties-state-store';
import type { SpreadsheetAppPort, SpreadsheetPort } from './spreadsheet-ports';

export const SPREADSHEET_NAME = 'Reconnect';

export interface OpenedSpreadsheet {
  spreadsheet: SpreadsheetPort;
  /** True when it had to be made, first time or because the old one was deleted. */
  created: boolean;
  /** True when a remembered spreadsheet could not be opened (deleted or trashed). */
  replaced: boolean;
}

/**
 * What openById says for a deleted file: Apps Script reports "Unexpected error
 * while getting the method or property openById on object SpreadsheetApp." (or,
 * in some runtimes, a not-found message) rather than a typed error.
 */
const GONE = /Unexpected error while getting the method or property openById|not found|No item with the given ID|does not exist/i;

function isGone(error: unknown): boolean {
  return GONE.test(error instanceof Error ? error.message : String(error));
}

export function openReconnectSpreadsheet(
  state: PropertiesStateStore,
  spreadsheetApp: SpreadsheetAppPort = SpreadsheetApp,
): OpenedSpreadsheet {
  const id = state.spreadsheetId();
  if (id !== null) {
    try {
      return { spreadsheet: spreadsheetApp.openById(id), created: false, replaced: false };
    } catch (error) {
      // Only a file that is gone is replaced: a passing server error must not
      // cost the user their control-panel edits and a full rescan.
      if (!isGone(error)) throw error;
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
