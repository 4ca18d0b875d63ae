/**
 * One Reconnect run at a time per data directory: two scans folding the same
 * mail would count it twice. The lock is a file created with O_EXCL holding the
 * owner's pid; a lock whose pid is no longer running is taken over.
 */
import fs from 'node:fs';
import { UserError } from './user-error';
import { readWholeFile } from './write-file-atomic';

export interface PidLock {
  readonly file: string;
  /** Removes the lock file if it is still this process's. */
  release: () => void;
}

/** A lock file younger than this with no pid in it yet is being written by its owner (ms). */
const FRESH_LOCK_MS = 10_000;

export function acquirePidLock(file: string, notice: (line: string) => void): PidLock {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (tryCreate(file)) return { file, release: () => releaseLock(file) };
    const holder = readPid(file);
    if (holder === undefined) continue;
    if (holder === null ? isFresh(file) : isRunning(holder)) throw busy(file, holder);
    // Moved aside before it is removed, so of two runs taking over the same stale lock only one succeeds.
    const aside = `${file}.stale.${process.pid}`;
    try {
      fs.renameSync(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw cannotLock(file, error);
    }
    const moved = readPid(aside);
    if (moved !== holder && moved !== undefined && moved !== null && isRunning(moved)) {
      // Another run replaced the stale lock between our read and our rename: give it back.
      try {
        fs.linkSync(aside, file);
      } catch {
        // It made yet another lock meanwhile; either way that run owns the directory.
      }
      fs.rmSync(aside, { force: true });
      throw busy(file, moved);
    }
    fs.rmSync(aside, { force: true });
    notice(`reconnect: took over the lock ${file}: ${holder === null ? 'it named no process' : `process ${holder} that made it is no longer running`}`);
  }
  throw busy(file, readPid(file) ?? null);
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw cannotLock(file, error);
  }
  try {
    fs.writeFileSync(fd, `${process.pid}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** The pid in a lock file; null when it holds none; undefined when the file is gone. */
function readPid(file: string): number | null | undefined {
  // Capped, and only a regular file: a pid is a few bytes.
  const read = readWholeFile(file, 4096);
  if (!read.ok) {
    if (read.code === 'ENOENT') return undefined;
    throw cannotLock(file, Object.assign(new Error(read.reason), { code: read.reason }));
  }
  const text = read.text;
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

function isFresh(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < FRESH_LOCK_MS;
  } catch {
    return false;
  }
}

/** Signal 0 checks a process exists without touching it; EPERM means it exists under another user. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseLock(file: string): void {
  if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
}

function busy(file: string, pid: number | null): UserError {
  const who = pid === null ? 'another reconnect run' : `another reconnect run (process ${pid})`;
  return new UserError(`${who} is using this ledger; wait for it to finish, or delete ${file} if no reconnect is running`);
}

function cannotLock(file: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new UserError(`cannot create the lock file ${file}: ${code}; check that its folder is writable`);
}
