/** The Gmail sign-in: the refresh token and the client it belongs to, in the user's config directory, readable by the user alone. */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from './user-error';
import { readTextIfPresent, writeFileAtomic } from './write-file-atomic';

export interface StoredToken {
  version: 1;
  /** The Gmail address signed in. */
  account: string;
  /** Scopes Google granted, space-separated (RFC 6749 section 3.3). */
  scope: string;
  client: { clientId: string; clientSecret?: string; authUri: string; tokenUri: string };
  refreshToken: string;
  accessToken: string | null;
  /** When the access token expires (ms since the epoch). */
  expiryDate: number | null;
}

export class FileTokenStore {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = path.join(dir, 'gmail-token.json');
  }

  load(): StoredToken | null {
    const text = readTextIfPresent(this.file, 'check its permissions or run reconnect auth again');
    if (text === null) return null;
    let token: StoredToken;
    try {
      token = JSON.parse(text) as StoredToken;
    } catch {
      throw this.damaged();
    }
    if (token?.version !== 1 || typeof token.refreshToken !== 'string' || typeof token.client?.clientId !== 'string' || typeof token.client.tokenUri !== 'string') {
      throw this.damaged();
    }
    return token;
  }

  save(token: StoredToken): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.file, `${JSON.stringify(token, null, 2)}\n`, { mode: 0o600 });
    // The mode given at creation is masked by the umask; set it outright.
    fs.chmodSync(this.file, 0o600);
  }

  /** Deletes the token; false when there was none. */
  remove(): boolean {
    try {
      fs.rmSync(this.file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new UserError(`cannot delete ${this.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; delete it by hand`);
    }
  }

  private damaged(): UserError {
    return new UserError(`${this.file} is not a Reconnect token; delete it and run reconnect auth --client FILE again`);
  }
}
