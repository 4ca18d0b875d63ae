/**
 * Small state in UserProperties: settings, the scan cursor, ids. The ledger
 * itself is far larger than Properties allows (9 KB a value, 500 KB a store:
 * developers.google.com/apps-script/guides/services/quotas) and lives in the sheet.
 */
import type { GmailQuotaRegime } from '../core/pace-gmail-quota';
import type { ScanWatermark } from '../core/plan-scan';
import { completeSettings, type ReconnectSettings } from '../core/settings';
import type { StateStorePort } from './gas-ports';

/** The scan in progress, in the few numbers the cards show; the plan itself is in the ledger sheet. */
export interface ScanProgressSummary {
  kind: 'full' | 'incremental';
  startedAt: number;
  folded: number;
  estimate: number;
  /** Every thread holding sent mail is read: the lapsed list is already useful. */
  sentDone?: boolean;
}

export interface ScanCursor {
  /** Where the last complete scan stands; null before the first. */
  watermark: ScanWatermark | null;
  progress: ScanProgressSummary | null;
}

export const EMPTY_CURSOR: ScanCursor = { watermark: null, progress: null };

const KEYS = {
  settings: 'reconnect.settings',
  scan: 'reconnect.scan',
  spreadsheetId: 'reconnect.spreadsheetId',
  labels: 'reconnect.labels',
  lastRun: 'reconnect.lastRun',
  weeklyPending: 'reconnect.weeklyPending',
  weeklyRetries: 'reconnect.weeklyRetries',
} as const;

/** The cursor and which copy of the ledger it describes, written together in one property. */
export interface ScanState {
  cursor: ScanCursor;
  /** Name of the ledger sheet that holds the committed copy; null before the first commit. */
  ledgerSheet: string | null;
  owner: string[];
  /** No Gmail call before this (ms): a 429's retry time, the daily quota, the daily runtime cap. */
  pausedUntil?: number | null;
  /** What the scan is waiting for, in words, for the homepage; null when it waits for nothing. */
  waitingFor?: string | null;
  /** Runtime Reconnect's runs used in the current 24-hour quota window (ms). */
  runtime?: { windowStart: number; usedMs: number } | null;
  /** The Gmail quota regime a per-user 429 revealed (core/pace-gmail-quota.ts). */
  regime?: GmailQuotaRegime | null;
  /** Gmail units the last run spent in its last minute, compacted (compactSpend): the next run's pace starts from them. */
  paceSpent?: Array<{ at: number; units: number }>;
}

export const EMPTY_SCAN_STATE: ScanState = { cursor: EMPTY_CURSOR, ledgerSheet: null, owner: [] };

export interface RunSummary {
  at: number;
  kind: string;
  outcome: 'done' | 'partial' | 'quota' | 'busy' | 'error' | 'paused';
  folded: number;
  message: string;
}

export class PropertiesStateStore implements StateStorePort {
  private readonly props: GoogleAppsScript.Properties.Properties;
  /** Settings as this run read them: one store per entry point, so one read per run whatever asks. */
  private runSettings: string | null = null;

  constructor(service: GoogleAppsScript.Properties.PropertiesService = PropertiesService) {
    this.props = service.getUserProperties();
  }

  /**
   * The run's settings, read from Properties once per store (the runtime makes
   * one per Apps Script entry point) rather than once per draft or per card
   * section; a run keeps the settings it started with, and sees its own saves.
   * Each call returns a fresh copy, so a caller's change stays its own.
   */
  settings(): ReconnectSettings {
    if (this.runSettings === null) this.runSettings = JSON.stringify(completeSettings(this.readJson<Partial<ReconnectSettings>>(KEYS.settings)));
    return JSON.parse(this.runSettings) as ReconnectSettings;
  }

  saveSettings(settings: ReconnectSettings): void {
    const text = JSON.stringify(settings);
    this.props.setProperty(KEYS.settings, text);
    this.runSettings = JSON.stringify(completeSettings(JSON.parse(text) as Partial<ReconnectSettings>));
  }

  scanState(): ScanState {
    return this.readJson<ScanState>(KEYS.scan) ?? EMPTY_SCAN_STATE;
  }

  saveScanState(state: ScanState): void {
    this.props.setProperty(KEYS.scan, JSON.stringify(state));
  }

  spreadsheetId(): string | null {
    return this.props.getProperty(KEYS.spreadsheetId);
  }

  saveSpreadsheetId(id: string): void {
    this.props.setProperty(KEYS.spreadsheetId, id);
  }

  /** Ids of labels Reconnect created, by name: it never touches any other label. */
  createdLabels(): Record<string, string> {
    return this.readJson<Record<string, string>>(KEYS.labels) ?? {};
  }

  saveCreatedLabels(labels: Record<string, string>): void {
    this.props.setProperty(KEYS.labels, JSON.stringify(labels));
  }

  lastRun(): RunSummary | null {
    return this.readJson<RunSummary>(KEYS.lastRun);
  }

  saveLastRun(summary: RunSummary): void {
    this.props.setProperty(KEYS.lastRun, JSON.stringify({ ...summary, message: summary.message.slice(0, 2000) }));
  }

  /** The weekly batch waits for a scan that had to continue in another run. */
  weeklyPending(): boolean {
    return this.props.getProperty(KEYS.weeklyPending) === 'true';
  }

  setWeeklyPending(pending: boolean): void {
    if (pending) this.props.setProperty(KEYS.weeklyPending, 'true');
    else this.props.deleteProperty(KEYS.weeklyPending);
  }

  /** Continuations the weekly batch has used this week for drafts that failed in a way that may pass. */
  weeklyRetries(): number {
    return Number(this.props.getProperty(KEYS.weeklyRetries) ?? 0) || 0;
  }

  setWeeklyRetries(count: number): void {
    if (count > 0) this.props.setProperty(KEYS.weeklyRetries, String(count));
    else this.props.deleteProperty(KEYS.weeklyRetries);
  }

  private readJson<T>(key: string): T | null {
    const raw = this.props.getProperty(key);
    if (raw === null || raw === '') return null;
    try {
      return JSON.parse(raw) as T;
    } catch {
      // A hand-edited or truncated value must not stop every run; defaults take over.
      return null;
    }
  }
}
