/**
 * What the calendar and contacts syncs have read, in a hidden sheet of the
 * Reconnect spreadsheet (Properties hold 9 KB a value: far too little), one
 * JSON object a row so no cell can become a formula: a header row with both
 * sync cursors and the label names, then one row per stored occurrence and
 * one per contact card. Written in one setValues call per save. A run that
 * dies before its save loses only that run's pages, and re-reading them is
 * harmless: the meeting store and the cards are keyed, so adding twice is
 * adding once.
 */
import type { StoredOccurrence } from '../core/fold-meetings';
import { EMPTY_SYNC_CURSOR, type SyncCursor } from '../core/plan-sync';
import { createPeopleSourcesState, type PeopleSourcesState, type SyncedCard } from '../core/read-google-sources';
import { growSheetRows } from './grow-sheet-rows';
import type { SpreadsheetPort } from './spreadsheet-ports';

export const PEOPLE_SHEET = '_people';

export type { PeopleSourcesState };

interface HeaderRow {
  version: 1;
  calendar: SyncCursor;
  contacts: SyncCursor;
  groups: Record<string, string>;
}

export class SheetPeopleStore {
  constructor(private readonly spreadsheet: SpreadsheetPort) {}

  load(): PeopleSourcesState {
    const state = createPeopleSourcesState();
    const sheet = this.spreadsheet.getSheetByName(PEOPLE_SHEET);
    if (sheet === null) return state;
    const last = sheet.getLastRow();
    if (last === 0) return state;
    const values = sheet.getRange(1, 1, last, 1).getValues();
    try {
      const header = JSON.parse(String(values[0]![0])) as HeaderRow;
      state.calendar = header.calendar ?? { ...EMPTY_SYNC_CURSOR };
      state.contacts = header.contacts ?? { ...EMPTY_SYNC_CURSOR };
      state.groups = header.groups ?? {};
      for (let i = 1; i < values.length; i += 1) {
        const row = JSON.parse(String(values[i]![0])) as { o?: string; m?: StoredOccurrence; c?: SyncedCard };
        if (row.o !== undefined && row.m !== undefined) state.meetings.occurrences[row.o] = row.m;
        else if (row.c !== undefined) state.cards[row.c.id] = row.c;
      }
    } catch {
      // A sheet the user edited by hand: start both syncs over rather than trust part of it.
      return createPeopleSourcesState();
    }
    return state;
  }

  save(state: PeopleSourcesState): void {
    const header: HeaderRow = { version: 1, calendar: state.calendar, contacts: state.contacts, groups: state.groups };
    const rows: string[][] = [[JSON.stringify(header)]];
    for (const key of Object.keys(state.meetings.occurrences).sort()) rows.push([JSON.stringify({ o: key, m: state.meetings.occurrences[key] })]);
    for (const id of Object.keys(state.cards).sort()) rows.push([JSON.stringify({ c: state.cards[id] })]);
    let sheet = this.spreadsheet.getSheetByName(PEOPLE_SHEET);
    if (sheet === null) {
      sheet = this.spreadsheet.insertSheet(PEOPLE_SHEET);
      sheet.hideSheet();
    }
    growSheetRows(sheet, rows.length);
    sheet.clearContents();
    sheet.getRange(1, 1, rows.length, 1).setValues(rows);
  }
}
