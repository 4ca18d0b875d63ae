/**
 * Replaces a file so that a crash at any moment leaves either the old copy or
 * the new one, never a torn mix: write a temporary file in the same directory,
 * fsync it, then rename it over the target (rename(2) is atomic within one file
 * system, pubs.opengroup.org/onlinepubs/9799919799/functions/rename.html), then
 * fsync the directory so the rename itself survives a power cut.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from './user-error';

export interface AtomicWriteOptions {
  /** Permission bits of the new file, e.g. 0o600 for a token; default 0o644. */
  mode?: number;
  /** Keep the copy being replaced as `<file>.bak`. */
  backupFile?: string;
}

export function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): void {
  const dir = path.dirname(file);
  removeStaleTemps(dir, path.basename(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const fd = fs.openSync(temp, 'wx', options.mode ?? 0o644);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (options.backupFile !== undefined) keepBackup(file, options.backupFile);
    fs.renameSync(temp, file);
    renamed = true;
    syncDirectory(dir);
  } finally {
    if (!renamed) fs.rmSync(temp, { force: true });
  }
}

/**
 * The replaced copy becomes the backup through a hard link renamed into place,
 * so the backup too is either the old one or the new one. File systems without
 * hard links get a copy instead.
 */
function keepBackup(file: string, backupFile: string): void {
  removeStaleTemps(path.dirname(backupFile), path.basename(backupFile));
  const temp = `${backupFile}.${process.pid}.tmp`;
  fs.rmSync(temp, { force: true });
  try {
    fs.linkSync(file, temp);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    fs.copyFileSync(file, temp);
  }
  fs.renameSync(temp, backupFile);
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open or fsync a directory; its rename is already durable enough (MoveFileEx).
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Temporary files this module leaves only when a run is killed between creating and renaming
 * one (kill -9, a power cut): `.<name>.<pid>.<hex>.tmp` beside the file, and `<backup>.<pid>.tmp`.
 * Removed before the next write of the same file when their process is gone; another live run's
 * files are left alone.
 */
function removeStaleTemps(dir: string, base: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = ownTempPid(name, base);
    if (pid === null || pid === process.pid || isAlive(pid)) continue;
    try {
      fs.rmSync(path.join(dir, name), { force: true });
    } catch {
      // A temp file that cannot be removed harms nothing; the write goes on.
    }
  }
}

/** The pid in one of our temporary names for `base` (either form above), or null when `name` is not one. */
export function ownTempPid(name: string, base: string): number | null {
  let rest: string;
  let pattern: RegExp;
  if (name.startsWith(`.${base}.`)) {
    rest = name.slice(base.length + 2);
    pattern = /^(\d+)\.[0-9a-f]{8}\.tmp$/;
  } else if (name.startsWith(`${base}.`)) {
    rest = name.slice(base.length + 1);
    pattern = /^(\d+)\.tmp$/;
  } else return null;
  const match = pattern.exec(rest);
  return match === null ? null : Number(match[1]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Files the CLI reads whole are small (a token, an OAuth client, the ledger); anything bigger is not one. */
export const MAX_WHOLE_FILE_BYTES = 256 * 1024 * 1024;

/**
 * A stored file's text, or null when it does not exist yet; any other failure
 * is one line for the user that names the file and ends with `hint`.
 */
export function readTextIfPresent(file: string, hint: string, maxBytes = MAX_WHOLE_FILE_BYTES): string | null {
  const result = readWholeFile(file, maxBytes);
  if (result.ok) return result.text;
  if (result.code === 'ENOENT' && !file.includes('\uFFFD')) return null;
  throw new UserError(`cannot read ${file}: ${result.reason}; ${hint}`);
}

export type WholeFile = { ok: true; text: string } | { ok: false; code: string; reason: string };

/**
 * A regular file's text, read whole and capped: a pipe, /dev/stdin or <(...) would hang or read
 * as empty, and /dev/zero would never end, so anything but a regular file is refused, and so is
 * a file over `maxBytes`. `reason` is a few words for the user.
 */
export function readWholeFile(file: string, maxBytes: number): WholeFile {
  let fd: number | undefined;
  try {
    const kind = describeNonRegular(fs.statSync(file));
    if (kind !== null) return { ok: false, code: 'ENOTREG', reason: `it is ${kind}, not a regular file` };
    fd = fs.openSync(file, 'r');
    // Checked again on the open file, in case the path was swapped in between.
    const info = fs.fstatSync(fd);
    const again = describeNonRegular(info);
    if (again !== null) return { ok: false, code: 'ENOTREG', reason: `it is ${again}, not a regular file` };
    if (info.size > maxBytes) return { ok: false, code: 'EFBIG', reason: `it is ${formatBytes(info.size)}, more than the ${formatBytes(maxBytes)} such a file can be` };
    const buffer = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return { ok: false, code: 'EFBIG', reason: `it is more than the ${formatBytes(maxBytes)} such a file can be` };
      if (length === buffer.length) break;
    }
    return { ok: true, text: buffer.toString('utf8', 0, length) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return { ok: false, code, reason: explainFileError(file, code) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** "a pipe", "a device"...; null for a regular file. */
export function describeNonRegular(info: fs.Stats): string | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a pipe (such as /dev/stdin or <(...))';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** A system error code in words, with the file-name case Node cannot open spelled out. */
export function explainFileError(file: string, code: string): string {
  switch (code) {
    case 'ENOENT':
      return file.includes('\uFFFD')
        ? 'its name is not valid UTF-8, so it reached Reconnect with \uFFFD in place of some bytes and cannot be opened; rename the file to a UTF-8 name or pass a symbolic link that has one'
        : 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return code;
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/**
 * Writes a file the user asked for (--out, the report, a draft) atomically, so a full disk or a
 * kill leaves the previous file whole, and refuses a path that is one of `inputs` (the same file
 * through a symbolic or hard link included). Failures are one line naming the file.
 */
export function writeUserFile(file: string, text: string, what: string, inputs: readonly string[] = []): void {
  refuseInputAsOutput(file, what, inputs);
  try {
    writeFileAtomic(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserError(`cannot write ${what} ${file}: ${explainFileError(file, code)}; the previous copy, if any, is unchanged`);
  }
}

/** Throws when `file` exists and is the same file as one of `inputs`. */
export function refuseInputAsOutput(file: string, what: string, inputs: readonly string[]): void {
  let out: fs.Stats;
  try {
    out = fs.statSync(file);
  } catch {
    return;
  }
  for (const input of inputs) {
    let info: fs.Stats;
    try {
      info = fs.statSync(input);
    } catch {
      continue;
    }
    if (info.dev === out.dev && info.ino === out.ino) {
      throw new UserError(`${what} ${file} is ${input}, which Reconnect reads: it would be overwritten; choose another output path`, 2);
    }
  }
}
