/**
 * The ports the Apps Script runs depend on, as interfaces (the Node side does
 * the same with LedgerStorePort): scanMailbox, the drafting runs and the cards
 * take these, and the adapters (GmailMailSource, SheetLedgerStore, …)
 * implement them, so a test can hand a run any object of the right shape.
 */
import type { DraftPlan, Owner } from '../core/compose-draft';
import type { Ledger } from '../core/ledger';
import type { MessageMeta } from '../core/message-meta';
import type { ListedDraft } from '../core/plan-draft-run';
import type { DraftRecord } from '../core/plan-drafts';
import type { LabelPlan, MessageRef } from '../core/plan-labels';
import type { ScanPlan } from '../core/plan-scan';
import type { ReconnectSettings } from '../core/settings';
import type { ReportRefresh } from '../core/sheets/plan-report-refresh';
import type { CreatedDraft } from './gmail-drafter';
import type { RunSummary, ScanState } from './properties-state-store';

/** Gmail's messages and threads, metadata only. */
export interface MailSourcePort {
  list(query: string, maxResults: number): { messages: MessageRef[]; estimate: number };
  listThreads(query: string, pageToken: string | null, maxResults: number): { threadIds: string[]; nextPageToken: string | null; estimate: number };
  readThread(threadId: string): MessageMeta[] | null;
  get(id: string): MessageMeta;
  ownerIdentity(): { name: string; email: string };
  ownerAddresses(): string[];
}

/** The ledger and the scan plan, committed together with the scan state. */
export interface LedgerStorePort {
  load(): { ledger: Ledger; scan: ScanState };
  loadPlan(scan: ScanState): ScanPlan | null;
  commit(ledger: Ledger, scan: Omit<ScanState, 'ledgerSheet'>, current: string | null, plan?: ScanPlan | null): ScanState;
}

/** Small state: settings, the scan cursor, ids, the last run. */
export interface StateStorePort {
  settings(): ReconnectSettings;
  saveSettings(settings: ReconnectSettings): void;
  scanState(): ScanState;
  saveScanState(state: ScanState): void;
  spreadsheetId(): string | null;
  saveSpreadsheetId(id: string): void;
  createdLabels(): Record<string, string>;
  saveCreatedLabels(labels: Record<string, string>): void;
  lastRun(): RunSummary | null;
  saveLastRun(summary: RunSummary): void;
  weeklyPending(): boolean;
  setWeeklyPending(pending: boolean): void;
  weeklyRetries(): number;
  setWeeklyRetries(count: number): void;
}

export interface TriggerSchedulerPort {
  scheduleOnce(handler: string, afterMs: number): void;
  scheduleHourly(handler: string): void;
  scheduleWeekly(handler: string, day: number, hour: number, timeZone: string): void;
  cancel(handler: string): number;
  count(handler: string): number;
}

/** Reconnect's own Gmail labels: made once, applied by plan. */
export interface LabelerPort {
  ensureLabel(name: string): string;
  labelled(labelId: string): MessageRef[];
  apply(labelId: string, plan: LabelPlan): void;
}

/** Gmail drafts: created, never sent. */
export interface DrafterPort {
  create(plan: DraftPlan, from: Owner, now: number, marker: string): CreatedDraft;
  listDrafts(): ListedDraft[];
  openDraftIds(): Set<string>;
  markerOf(draftId: string): string;
  findSentAt(record: DraftRecord): number | null;
}

export interface DraftLogPort {
  read(): DraftRecord[];
  write(records: readonly DraftRecord[]): void;
}

/** The spreadsheet report a completed scan refreshes. */
export interface ReportPort {
  refresh(input: ReportRefresh): unknown;
}
