/** The stored Gmail sign-in, checked for the scope a command needs, as a ready client. */
import { GMAIL_MODIFY_SCOPE } from './authorize-gmail';
import { createGmailSession, resolveGmailRootUrl, type GmailSession } from './create-gmail-session';
import { FileTokenStore, type StoredToken } from './file-token-store';
import type { UserDirs } from './resolve-user-dirs';
import { UserError } from './user-error';

export interface LoadedGmailSession extends GmailSession {
  token: StoredToken;
  tokens: FileTokenStore;
}

export function loadGmailSession(dirs: UserDirs, env: NodeJS.ProcessEnv, need: 'read' | 'modify'): LoadedGmailSession {
  const tokens = new FileTokenStore(dirs.config);
  const token = tokens.load();
  if (token === null) {
    throw new UserError(`not signed in to Gmail (no ${tokens.file}); run reconnect auth --client FILE first (see docs/gmail-cli.md)`);
  }
  if (need === 'modify' && !token.scope.split(' ').includes(GMAIL_MODIFY_SCOPE)) {
    throw new UserError('your Gmail sign-in is read-only (reconnect auth --read-only), and apply needs to label and draft; run reconnect auth --client FILE without --read-only');
  }
  let current = token;
  const session = createGmailSession(token, resolveGmailRootUrl(env), (credentials) => {
    // Keep the fresh access token so the next run skips a refresh; the refresh token only changes if Google rotates it.
    current = {
      ...current,
      accessToken: credentials.access_token ?? current.accessToken,
      expiryDate: credentials.expiry_date ?? current.expiryDate,
      refreshToken: credentials.refresh_token ?? current.refreshToken,
    };
    tokens.save(current);
  });
  return { ...session, token, tokens };
}
