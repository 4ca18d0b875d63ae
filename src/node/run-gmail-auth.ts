/** `reconnect auth`: sign in to Gmail and keep the token; `--revoke` signs out. */
import { authorizeGmail, GMAIL_METADATA_SCOPE, GMAIL_MODIFY_SCOPE } from './authorize-gmail';
import { createGmailClient, createOAuthClient, resolveGmailRootUrl } from './create-gmail-session';
import { explainGmailError } from './explain-gmail-error';
import { FileTokenStore } from './file-token-store';
import { readOAuthClientFile } from './read-oauth-client-file';
import { resolveUserDirs } from './resolve-user-dirs';
import type { GmailCommandIo } from './run-gmail-scan';
import { CALENDAR_EVENTS_READONLY_SCOPE, CONTACTS_READONLY_SCOPE } from './sync-google-people';
import { UserError } from './user-error';

/** ", plus calendar.events.readonly (meetings) and contacts.readonly (contacts)", or what was left unticked. */
export function describeExtraScopes(granted: string, asked: readonly string[]): string {
  const have = new Set(granted.split(' '));
  const words: Record<string, string> = {
    [CALENDAR_EVENTS_READONLY_SCOPE]: 'calendar.events.readonly (meetings)',
    [CONTACTS_READONLY_SCOPE]: 'contacts.readonly (contacts)',
  };
  const yes = asked.filter((s) => have.has(s)).map((s) => words[s] ?? s);
  const no = asked.filter((s) => !have.has(s)).map((s) => words[s] ?? s);
  return `${yes.length > 0 ? `, plus read-only ${yes.join(' and ')}` : ''}${no.length > 0 ? `; not granted: ${no.join(' and ')}, so scan --gmail skips them` : ''}`;
}

export interface RunGmailAuthOptions {
  client?: string;
  readOnly: boolean;
  /** Also ask for calendar.events.readonly (meetings count as contact); default true. */
  calendar?: boolean;
  /** Also ask for contacts.readonly (one person per card, labels as groups); default true. */
  contacts?: boolean;
  /** How long to wait for the browser (ms); default 5 minutes. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export async function runGmailAuth(options: RunGmailAuthOptions, io: GmailCommandIo): Promise<void> {
  if (options.client === undefined) {
    throw new UserError('--client FILE is required: the OAuth client JSON you downloaded from Google Cloud console (see docs/gmail-cli.md)', 2);
  }
  const env = options.env ?? process.env;
  const client = readOAuthClientFile(options.client);
  const tokens = new FileTokenStore(resolveUserDirs(env).config);
  const rootUrl = resolveGmailRootUrl(env);
  const scope = options.readOnly ? GMAIL_METADATA_SCOPE : GMAIL_MODIFY_SCOPE;
  const optionalScopes = [
    ...(options.calendar === false ? [] : [CALENDAR_EVENTS_READONLY_SCOPE]),
    ...(options.contacts === false ? [] : [CONTACTS_READONLY_SCOPE]),
  ];
  const granted = await authorizeGmail({ client, scope, optionalScopes, print: (text) => io.stderr.write(`${text}\n`), timeoutMs: options.timeoutMs ?? 5 * 60_000 });
  const stored = { clientId: client.clientId, clientSecret: client.clientSecret, authUri: client.authUri, tokenUri: client.tokenUri };
  const oauth = createOAuthClient(stored);
  oauth.setCredentials({ refresh_token: granted.refreshToken, access_token: granted.accessToken ?? undefined, expiry_date: granted.expiryDate ?? undefined });
  let account: string;
  try {
    const { data } = await createGmailClient(oauth, rootUrl).users.getProfile({ userId: 'me', fields: 'emailAddress' });
    account = data.emailAddress ?? '';
  } catch (error) {
    throw explainGmailError(error, 'reconnect auth');
  }
  tokens.save({ version: 1, account, client: stored, ...granted });
  const kind = options.readOnly ? 'read-only (gmail.metadata: scan only)' : 'gmail.modify: scan, label and draft';
  const extras = describeExtraScopes(granted.scope, optionalScopes);
  io.stderr.write(`reconnect: signed in as ${account}, ${kind}${extras}; the token is in ${tokens.file}\n`);
}

/** How long to wait for Google's revoke endpoint before giving up on it (ms). */
const REVOKE_TIMEOUT_MS = 10_000;

export async function runGmailRevoke(options: { env?: NodeJS.ProcessEnv }, io: GmailCommandIo): Promise<void> {
  const tokens = new FileTokenStore(resolveUserDirs(options.env ?? process.env).config);
  const token = tokens.load();
  if (token === null) {
    io.stderr.write(`reconnect: not signed in (no ${tokens.file}); nothing to revoke\n`);
    return;
  }
  let revoked = true;
  let why = '';
  try {
    const oauth = createOAuthClient(token.client);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer in 10 s')), REVOKE_TIMEOUT_MS);
    });
    await Promise.race([oauth.revokeToken(token.refreshToken), timeout]).finally(() => clearTimeout(timer));
  } catch (error) {
    revoked = false;
    why = (error as Error).message;
  }
  // The local copy goes whatever Google said: the user asked to be signed out.
  tokens.remove();
  if (revoked) {
    io.stderr.write(`reconnect: signed out: Google revoked the token and ${tokens.file} is deleted\n`);
  } else {
    io.stderr.write(`reconnect: deleted ${tokens.file}, but Google could not be told (${why}); remove Reconnect at myaccount.google.com/permissions\n`);
  }
}
