/**
 * The Gmail ledger on disk: one JSON file in the user's data directory,
 * replaced atomically, with the previous good copy kept as `.bak`. A file that
 * cannot be read is reported in one line and never overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findShapeProblem, GMAIL_STATE_SCHEMA } from '../core/ledger-schema';
import { LedgerFormatError, migrateLedger } from '../core/migrate-ledger';
import { acquirePidLock, type PidLock } from './acquire-pid-lock';
import { GMAIL_STATE_FORMAT, GMAIL_STATE_VERSION, type GmailState } from './gmail-state';
import { UserError } from './user-error';
import { readTextIfPresent, writeFileAtomic } from './write-file-atomic';

export class FileLedgerStore {
  readonly file: string;
  readonly backupFile: string;
  readonly lockFile: string;

  constructor(readonly dir: string) {
    this.file = path.join(dir, 'gmail-ledger.json');
    this.backupFile = `${this.file}.bak`;
    this.lockFile = path.join(dir, 'gmail-ledger.lock');
  }

  /** Takes the directory's lock; hold it from load to the last save. */
  lock(notice: (line: string) => void): PidLock {
    this.ensureDir();
    return acquirePidLock(this.lockFile, notice);
  }

  /** The stored state, or null before the first scan. */
  load(): GmailState | null {
    const text = readTextIfPresent(this.file, 'check its permissions');
    if (text === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw this.damaged(`it is not valid JSON (${(error as Error).message})`);
    }
    return this.parse(json);
  }

  save(state: GmailState): void {
    this.ensureDir();
    writeFileAtomic(this.file, `${JSON.stringify(state)}\n`, { mode: 0o600, backupFile: this.backupFile });
  }

  private parse(json: unknown): GmailState {
    if (typeof json !== 'object' || json === null) throw this.damaged('it is not a Reconnect ledger');
    const state = json as GmailState;
    if (state.format !== GMAIL_STATE_FORMAT) throw this.damaged('it is not a Reconnect Gmail ledger');
    if (typeof state.version !== 'number' || state.version < 1) throw this.damaged(`it has an invalid version ${JSON.stringify(state.version)}`);
    if (state.version > GMAIL_STATE_VERSION) {
      throw new UserError(`${this.file} was written by a newer Reconnect (format ${state.version}); update Reconnect to read it`);
    }
    // Every field's type, nested ledgers included (src/core/ledger-schema.ts).
    const problem = findShapeProblem(GMAIL_STATE_SCHEMA, state);
    if (problem !== null) throw this.damaged(`it is damaged: ${problem}`);
    try {
      return {
        ...state,
        ledger: state.ledger === null ? null : migrateLedger(state.ledger),
        scan: state.scan?.kind === 'full' ? { ...state.scan, ledger: migrateLedger(state.scan.ledger) } : state.scan ?? null,
        overlap: state.overlap ?? null,
        pendingDrafts: state.pendingDrafts ?? [],
      };
    } catch (error) {
      if (error instanceof LedgerFormatError) throw this.damaged(error.message);
      throw error;
    }
  }

  private damaged(reason: string): UserError {
    const restore = fs.existsSync(this.backupFile) ? `restore the previous copy ${this.backupFile}` : 'move it aside to start a new scan';
    return new UserError(`${this.file} cannot be used: ${reason}; Reconnect left it untouched — ${restore}`);
  }

  private ensureDir(): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }
}
