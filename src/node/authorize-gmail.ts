/**
 * The OAuth 2.0 flow for installed apps: Google's consent page in the
 * browser, a redirect to a one-shot server on the loopback interface, and
 * PKCE (RFC 7636) so an intercepted code is useless
 * (developers.google.com/identity/protocols/oauth2/native-app).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CodeChallengeMethod } from 'google-auth-library';
import { createOAuthClient } from './create-gmail-session';
import { isLoopback, type OAuthClientConfig } from './read-oauth-client-file';
import { UserError } from './user-error';

/** Read mail metadata and labels, never bodies: enough to scan (developers.google.com/workspace/gmail/api/auth/scopes). */
export const GMAIL_METADATA_SCOPE = 'https://www.googleapis.com/auth/gmail.metadata';
/** Read, label and draft; no permanent delete: what `apply` needs. */
export const GMAIL_MODIFY_SCOPE = 'https://www.googleapis.com/auth/gmail.modify';

export interface AuthorizeOptions {
  client: OAuthClientConfig;
  scope: string;
  /** Asked for too, but Google's consent page lets the user leave them unticked (issue 14: calendar, contacts). */
  optionalScopes?: readonly string[];
  /** Shows the consent address to the user. */
  print: (line: string) => void;
  /** How long to wait for the browser (ms). */
  timeoutMs: number;
}

export interface GrantedToken {
  refreshToken: string;
  accessToken: string | null;
  expiryDate: number | null;
  scope: string;
}

export async function authorizeGmail(options: AuthorizeOptions): Promise<GrantedToken> {
  const { client } = options;
  const target = chooseRedirect(client);
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new UserError(`cannot listen on ${target.host}:${target.port} for Google's answer (${error.code ?? error.message}); close what uses that port and run reconnect auth again`)),
    );
    server.listen(target.port, target.host, resolve);
  });
  try {
    const port = (server.address() as AddressInfo).port;
    const redirectUri = target.uri ?? `http://127.0.0.1:${port}`;
    const oauth = createOAuthClient({ clientId: client.clientId, clientSecret: client.clientSecret, authUri: client.authUri, tokenUri: client.tokenUri }, redirectUri);
    const { codeVerifier, codeChallenge } = await oauth.generateCodeVerifierAsync();
    const state = randomBytes(16).toString('hex');
    const url = oauth.generateAuthUrl({
      // offline: a refresh token, so later runs need no browser; consent: Google issues it again on a repeat sign-in.
      access_type: 'offline',
      prompt: 'consent',
      scope: [options.scope, ...(options.optionalScopes ?? [])],
      state,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256' as CodeChallengeMethod,
    });
    options.print(`Open this address in your browser and allow Reconnect to use Gmail:\n\n  ${url}\n\nWaiting for Google to send you back to ${redirectUri} (Ctrl-C to give up)…`);
    const code = await waitForCode(server, new URL(redirectUri).pathname, state, options.timeoutMs);
    let tokens;
    try {
      ({ tokens } = await oauth.getToken({ code, codeVerifier, redirect_uri: redirectUri }));
    } catch (error) {
      const reason = (error as { response?: { data?: { error_description?: string; error?: string } } }).response?.data;
      throw new UserError(`Google did not exchange the sign-in code (${reason?.error_description ?? reason?.error ?? (error as Error).message}); run reconnect auth again`);
    }
    if (!tokens.refresh_token) {
      throw new UserError('Google sent no refresh token; remove Reconnect at myaccount.google.com/permissions, then run reconnect auth again');
    }
    const granted = tokens.scope ?? options.scope;
    if (!granted.split(' ').includes(options.scope)) {
      throw new UserError(`Google granted "${granted}" but Reconnect asked for ${options.scope}; run reconnect auth again and tick the Gmail permission`);
    }
    return { refreshToken: tokens.refresh_token, accessToken: tokens.access_token ?? null, expiryDate: tokens.expiry_date ?? null, scope: granted };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

interface RedirectTarget {
  host: string;
  port: number;
  /** The exact registered URI (web clients); null: any port on 127.0.0.1 (desktop clients). */
  uri: string | null;
}

/**
 * A desktop client may redirect to any port on the loopback address; a web
 * client only to a URI registered in the console, so one of those must be a
 * loopback address with a port.
 */
function chooseRedirect(client: OAuthClientConfig): RedirectTarget {
  if (client.kind === 'installed') return { host: '127.0.0.1', port: 0, uri: null };
  for (const uri of client.redirectUris) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      continue;
    }
    if (url.protocol === 'http:' && isLoopback(url.hostname) && url.port !== '') {
      return { host: url.hostname === 'localhost' ? 'localhost' : '127.0.0.1', port: Number(url.port), uri };
    }
  }
  throw new UserError(
    'this web OAuth client has no loopback redirect URI such as http://127.0.0.1:8765; add one in Google Cloud console, or use a "Desktop app" client (see docs/gmail-cli.md)',
    2,
  );
}

function waitForCode(server: http.Server, path: string, state: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new UserError(`no answer from the browser within ${Math.round(timeoutMs / 60_000)} minutes; run reconnect auth again`));
    }, timeoutMs);
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // Browsers also ask for /favicon.ico; and only the answer carrying our state is Google's.
      if (url.pathname !== (path || '/') || url.searchParams.get('state') !== state) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      const error = url.searchParams.get('error');
      const code = url.searchParams.get('code');
      const ok = error === null && code !== null && code !== '';
      res.writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(ok ? renderPage('Reconnect is signed in to Gmail. You can close this tab.') : renderPage('Reconnect was not given access. You can close this tab.'));
      clearTimeout(timer);
      if (ok) resolve(code);
      else reject(new UserError(`Google answered "${error ?? 'no code'}" instead of a sign-in; run reconnect auth again and allow access`));
    });
  });
}

function renderPage(text: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Reconnect</title><p>${text}</p>\n`;
}
