/**
 * The OAuth client the user made in Google Cloud console and downloaded as
 * JSON: a "Desktop app" client ({"installed": {...}}) or a "Web application"
 * client ({"web": {...}}) (developers.google.com/identity/protocols/oauth2/native-app).
 */
import { UserError } from './user-error';
import { readWholeFile } from './write-file-atomic';

/** A client file is about 400 bytes; 1 MiB is generous, and /dev/zero is not read forever. */
const MAX_CLIENT_FILE_BYTES = 1024 * 1024;

export interface OAuthClientConfig {
  kind: 'installed' | 'web';
  clientId: string;
  /** Desktop clients have one too; Google's token endpoint still asks for it alongside PKCE. */
  clientSecret: string | undefined;
  authUri: string;
  tokenUri: string;
  redirectUris: string[];
}

const DEFAULT_AUTH_URI = 'https://accounts.google.com/o/oauth2/auth';
const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';
const HOW = 'download the JSON of a "Desktop app" OAuth client from Google Cloud console (see docs/gmail-cli.md)';

export function readOAuthClientFile(file: string): OAuthClientConfig {
  const read = readWholeFile(file, MAX_CLIENT_FILE_BYTES);
  if (!read.ok) throw new UserError(`--client ${file}: cannot read it (${read.reason}); ${HOW}`, 2);
  const text = read.text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError(`--client ${file} is not JSON; ${HOW}`, 2);
  }
  const root = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const kind = 'installed' in root ? 'installed' : 'web' in root ? 'web' : null;
  if (kind === null) throw new UserError(`--client ${file} has no "installed" or "web" key, so it is not an OAuth client file; ${HOW}`, 2);
  const c = (typeof root[kind] === 'object' && root[kind] !== null ? root[kind] : {}) as Record<string, unknown>;
  const clientId = c['client_id'];
  if (typeof clientId !== 'string' || clientId.trim() === '') throw new UserError(`--client ${file} has no client_id; ${HOW}`, 2);
  const secret = c['client_secret'];
  const redirectUris = Array.isArray(c['redirect_uris']) ? (c['redirect_uris'] as unknown[]).filter((u): u is string => typeof u === 'string') : [];
  return {
    kind,
    clientId: clientId.trim(),
    clientSecret: typeof secret === 'string' && secret !== '' ? secret : undefined,
    authUri: checkEndpoint(file, 'auth_uri', c['auth_uri'] ?? DEFAULT_AUTH_URI),
    tokenUri: checkEndpoint(file, 'token_uri', c['token_uri'] ?? DEFAULT_TOKEN_URI),
    redirectUris,
  };
}

/** HTTPS only, except a loopback address (a local test server). */
function checkEndpoint(file: string, key: string, value: unknown): string {
  let url: URL | null = null;
  try {
    url = typeof value === 'string' ? new URL(value) : null;
  } catch {
    url = null;
  }
  const ok = url !== null && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname)));
  if (!ok) throw new UserError(`--client ${file}: ${key} ${JSON.stringify(value)} is not an https address; ${HOW}`, 2);
  return url!.toString();
}

export function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}
