/**
 * Where the CLI keeps its files: the OAuth token in the user's config
 * directory, the ledger in the user's data directory, as the XDG Base Directory
 * Specification lays out (specifications.freedesktop.org/basedir-spec/latest).
 */
import os from 'node:os';
import path from 'node:path';
import { UserError } from './user-error';

export interface UserDirs {
  /** The OAuth token: $RECONNECT_CONFIG_DIR, else $XDG_CONFIG_HOME/reconnect, else ~/.config/reconnect. */
  config: string;
  /** The ledger, cursor and draft log: $RECONNECT_DATA_DIR, else $XDG_DATA_HOME/reconnect, else ~/.local/share/reconnect. */
  data: string;
}

export function resolveUserDirs(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): UserDirs {
  return {
    config: chooseDir(env, 'RECONNECT_CONFIG_DIR', 'XDG_CONFIG_HOME', path.join(home, '.config'), home),
    data: chooseDir(env, 'RECONNECT_DATA_DIR', 'XDG_DATA_HOME', path.join(home, '.local', 'share'), home),
  };
}

function chooseDir(env: NodeJS.ProcessEnv, override: string, xdg: string, fallbackBase: string, home: string): string {
  const own = env[override];
  if (own !== undefined && own !== '') {
    if (!path.isAbsolute(own)) {
      throw new UserError(`${override}="${own}" is not an absolute path; set it to a full path such as ${path.join(home, 'reconnect')}`, 2);
    }
    return own;
  }
  // The spec says a relative XDG path is invalid and should be ignored.
  const base = env[xdg];
  return path.join(base !== undefined && path.isAbsolute(base) ? base : fallbackBase, 'reconnect');
}
