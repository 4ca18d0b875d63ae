/** An authorised Gmail API client from the stored sign-in, pointed at Google or, for tests, at RECONNECT_GMAIL_ROOT_URL. */
import { auth, gmail as gmailApi, type gmail_v1 } from '@googleapis/gmail';
import type { Credentials, OAuth2Client } from 'google-auth-library';
import type { StoredToken } from './file-token-store';
import { UserError } from './user-error';

export const GMAIL_ROOT_URL = 'https://gmail.googleapis.com/';

export interface GmailSession {
  gmail: gmail_v1.Gmail;
  oauth: OAuth2Client;
}

/**
 * Node's own fetch (undici), unless a proxy is set: gaxios's default,
 * node-fetch, honours HTTPS_PROXY through https-proxy-agent and Node 20's
 * fetch does not. gaxios loads node-fetch with a dynamic import() that jest's
 * module sandbox refuses, so tests (never behind a proxy) need Node's fetch.
 */
export function chooseFetch(env: NodeJS.ProcessEnv = process.env): { fetchImplementation?: never } {
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => (env[k] ?? '') !== '');
  return proxied ? {} : { fetchImplementation: globalThis.fetch as never };
}

export function resolveGmailRootUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = env['RECONNECT_GMAIL_ROOT_URL'];
  if (value === undefined || value === '') return GMAIL_ROOT_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`RECONNECT_GMAIL_ROOT_URL="${value}" is not a URL; unset it to use Gmail, or set it like http://127.0.0.1:8080/`, 2);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`RECONNECT_GMAIL_ROOT_URL="${value}" is not an http(s) URL; unset it to use Gmail`, 2);
  }
  return url.toString().endsWith('/') ? url.toString() : `${url.toString()}/`;
}

/** Google's revoke endpoint sits next to its token endpoint (developers.google.com/identity/protocols/oauth2/native-app#tokenrevoke). */
export function buildRevokeUrl(tokenUri: string): string {
  return new URL('/revoke', tokenUri).toString();
}

export function createOAuthClient(client: StoredToken['client'], redirectUri?: string): OAuth2Client {
  return new auth.OAuth2({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redirectUri,
    endpoints: { oauth2AuthBaseUrl: client.authUri, oauth2TokenUrl: client.tokenUri, oauth2RevokeUrl: buildRevokeUrl(client.tokenUri) },
    transporterOptions: chooseFetch(),
  });
}

export function createGmailClient(oauth: OAuth2Client, rootUrl: string): gmail_v1.Gmail {
  // retry: false — call-gmail-with-retry.ts decides what to retry, and counts the quota of each try.
  return gmailApi({ version: 'v1', auth: oauth, rootUrl, retry: false, ...chooseFetch() });
}

/** `onRefresh` gets each new access token, so the next run need not refresh again. */
export function createGmailSession(token: StoredToken, rootUrl: string, onRefresh: (credentials: Credentials) => void): GmailSession {
  const oauth = createOAuthClient(token.client);
  oauth.setCredentials({
    refresh_token: token.refreshToken,
    access_token: token.accessToken ?? undefined,
    expiry_date: token.expiryDate ?? undefined,
    scope: token.scope,
  });
  oauth.on('tokens', onRefresh);
  return { gmail: createGmailClient(oauth, rootUrl), oauth };
}
