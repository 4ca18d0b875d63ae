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
 * A stored file's text, or null when it does not exist yet; any other failure
 * is one line for the user that names the file and ends with `hint`.
 */
export function readTextIfPresent(file: string, hint: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UserError(`cannot read ${file}: ${code ?? String(error)}; ${hint}`);
  }
}
