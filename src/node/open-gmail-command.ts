/** What every Gmail command starts with: the folders, a signed-in client, the stored state, and its lock. */
import { FileLedgerStore } from './file-ledger-store';
import { loadGmailSession } from './load-gmail-session';
import { resolveUserDirs } from './resolve-user-dirs';
import type { GmailCommandIo } from './run-gmail-scan';

export function openGmailCommand(env: NodeJS.ProcessEnv, access: Parameters<typeof loadGmailSession>[2], io: GmailCommandIo) {
  const dirs = resolveUserDirs(env);
  const session = loadGmailSession(dirs, env, access);
  const store = new FileLedgerStore(dirs.data);
  const notice = (line: string) => io.stderr.write(`${line}\n`);
  // Taken last, so a failed sign-in leaves no lock behind; the caller releases it.
  const lock = store.lock(notice);
  return { session, store, notice, lock };
}
