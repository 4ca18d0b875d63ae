/** The `reconnect` commands that talk to Gmail, run through main() against the emulator. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTokenStore, type StoredToken } from '../../src/node/file-token-store';
import { GmailEmulator, METADATA_SCOPE, MODIFY_SCOPE } from './gmail-emulator';
import { ACCESS_TOKEN, NOW, OWNER, seedMailbox } from './gmail-test-mailbox';
import { startCli, type CliRun as Run } from './run-cli';

const ENV_KEYS = ['RECONNECT_CONFIG_DIR', 'RECONNECT_DATA_DIR', 'RECONNECT_GMAIL_ROOT_URL', 'RECONNECT_CALENDAR_ROOT_URL', 'RECONNECT_PEOPLE_ROOT_URL'] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let emulator: GmailEmulator;
let dir: string;

beforeEach(async () => {
  emulator = await GmailEmulator.start({ emailAddress: OWNER });
  seedMailbox(emulator, { people: 15 });
  dir = fs.mkdtempSync(join(tmpdir(), 'reconnect-gmail-cli-'));
  process.env['RECONNECT_CONFIG_DIR'] = join(dir, 'config');
  process.env['RECONNECT_DATA_DIR'] = join(dir, 'data');
  process.env['RECONNECT_GMAIL_ROOT_URL'] = emulator.rootUrl;
  // No test reaches Google: calendar and contacts (issue 14) go to the emulator too, which does not serve them.
  process.env['RECONNECT_CALENDAR_ROOT_URL'] = emulator.rootUrl;
  process.env['RECONNECT_PEOPLE_ROOT_URL'] = emulator.rootUrl;
});

afterEach(async () => {
  await emulator.close();
});

afterAll(() => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const start = (args: string[]) => startCli(args, NOW);

const run = (...args: string[]) => start(args).done;

function writeToken(scope = MODIFY_SCOPE, accessToken = ACCESS_TOKEN): FileTokenStore {
  const tokens = new FileTokenStore(join(dir, 'config'));
  const token: StoredToken = {
    version: 1,
    account: OWNER,
    scope,
    client: { clientId: 'cli-test', authUri: emulator.authUri, tokenUri: emulator.tokenUri },
    refreshToken: 'refresh-seeded',
    accessToken,
    expiryDate: NOW + 10 * 365 * 86_400_000,
  };
  tokens.save(token);
  emulator.grantAccessToken(accessToken, scope);
  return tokens;
}

function expectOneLine(r: Run, code: number, pattern: RegExp): void {
  expect(r.code).toBe(code);
  expect(r.err).toMatch(pattern);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

describe('reconnect scan --gmail', () => {
  it('prints the same JSON report as the mbox scan, then scans incrementally', async () => {
    writeToken();
    const first = await run('scan', '--gmail', '--format', 'json');
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/^reconnect: first scan of me@example.com/);
    const json = JSON.parse(first.out);
    expect(json.me).toEqual([OWNER]);
    expect(json.now).toBe('2025-06-01T12:00:00Z');
    expect(json.contacts.length).toBe(15);
    expect(json.contacts[0]).toMatchObject({ state: 'lapsed' });
    expect(Object.keys(json.contacts[0]).sort()).toEqual(
      ['cadenceDays', 'cadenceSource', 'email', 'emails', 'groups', 'id', 'inboundOnly', 'lastContactKind', 'lastMet', 'lastReceived', 'lastSent', 'lastSubject', 'meetingCount', 'name', 'overdueDays', 'priority', 'reason', 'receivedCount', 'sentCount', 'state', 'strength', 'strengthLabel'].sort(),
    );

    emulator.addMessage({ labelIds: ['INBOX', 'CATEGORY_PERSONAL'], internalDate: NOW, headers: { From: 'Zed <zed@example.org>', To: OWNER, Subject: 'Hi' } });
    emulator.clearLog();
    const out = join(dir, 'contacts.csv');
    const second = await run('scan', '--gmail', '--format', 'csv', '--out', out);
    expect(second).toEqual({ code: 0, out: '', err: 'reconnect: 1 new message(s) since the last scan\n' });
    expect(emulator.calls('users.messages.get')).toHaveLength(1);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^Zed,zed@example\.org,active,/m);

    // --me as you typed it is how your addresses are shown; the scan keys on the merged form.
    const typed = OWNER.replace(/^me@/, 'Me@');
    const third = await run('scan', '--gmail', '--format', 'json', '--me', typed);
    expect(third.code).toBe(0);
    expect(JSON.parse(third.out).me).toEqual([typed]);
  });

  it('works with a read-only sign-in: no q, metadata only', async () => {
    writeToken(METADATA_SCOPE, 'metadata-token');
    const r = await run('scan', '--gmail');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NAME\s+ADDRESS/);
    expect(emulator.log.filter((e) => e.status >= 400)).toEqual([]);
  });

  it('stops at the daily quota with exit 75 and one line, and resumes', async () => {
    writeToken();
    emulator.dailyLimitAfter(60);
    const stopped = await run('scan', '--gmail');
    expectOneLine({ ...stopped, err: stopped.err.replace(/^reconnect: first scan.*\n/, '') }, 75, /^reconnect: Gmail's daily API quota is used up \(Daily Limit Exceeded\); progress is saved — run reconnect scan --gmail again after the quota resets/);
    emulator.clearDailyLimit();
    const resumed = await run('scan', '--gmail', '--format', 'json');
    expect(resumed.code).toBe(0);
    expect(resumed.err).toMatch(/^reconnect: resuming the full Gmail scan: \d+ of about \d+ messages done\n$/);
  });

  it.each([
    [['scan', '--gmail', '--mbox', 'x.mbox'], 2, /^reconnect: --mbox and --gmail cannot be used together; pick one source\n$/],
    [['scan'], 2, /^reconnect: one of --mbox FILE or --gmail is required/],
    [['scan', '--gmail', '--drafts', 'out'], 2, /^reconnect: --drafts writes \.eml files from an mbox; for Gmail, run reconnect apply --gmail/],
    [['scan', '--gmail'], 1, /^reconnect: not signed in to Gmail \(no .*gmail-token\.json\); run reconnect auth --client FILE first/],
    [['apply'], 2, /^reconnect: apply needs --gmail: reconnect apply --gmail \[--yes\]\n$/],
    [['apply', '--gmail', '--limit', 'many'], 2, /^reconnect: --limit "many" is not a whole number/],
    [['auth'], 2, /^reconnect: --client FILE is required/],
  ])('rejects %p with one line and exit %i', async (args, code, pattern) => {
    expectOneLine(await run(...args), code, pattern);
  });

  it('refuses to run while another live run holds the lock', async () => {
    writeToken();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      fs.mkdirSync(join(dir, 'data'), { recursive: true });
      fs.writeFileSync(join(dir, 'data', 'gmail-ledger.lock'), `${child.pid}\n`);
      expectOneLine(await run('scan', '--gmail'), 1, new RegExp(`^reconnect: another reconnect run \\(process ${child.pid}\\) is using this ledger`));
      expect(emulator.calls('users.messages.list')).toEqual([]);
    } finally {
      child.kill();
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('refreshes an expired access token and keeps the new one; a revoked sign-in gives one line', async () => {
    const tokens = writeToken();
    emulator.registerClient('cli-test');
    emulator.issueRefreshToken('refresh-seeded');
    tokens.save({ ...tokens.load()!, accessToken: 'expired', expiryDate: Date.now() - 60_000 });
    expect((await run('scan', '--gmail', '--format', 'json')).code).toBe(0);
    expect(emulator.calls('oauth.token')).toHaveLength(1);
    const refreshed = tokens.load()!;
    expect(refreshed.accessToken).toMatch(/^access-/);
    expect(refreshed.expiryDate).toBeGreaterThan(Date.now());
    expect(fs.statSync(tokens.file).mode & 0o777).toBe(0o600);

    tokens.save({ ...refreshed, refreshToken: 'revoked', accessToken: 'expired', expiryDate: Date.now() - 60_000 });
    expectOneLine(await run('scan', '--gmail'), 1, /^reconnect: Gmail did not accept the saved sign-in \(.*\); run reconnect auth --client FILE again\n$/);
  });

  it('a damaged ledger gives one line and stays as it was', async () => {
    writeToken();
    fs.mkdirSync(join(dir, 'data'), { recursive: true });
    fs.writeFileSync(join(dir, 'data', 'gmail-ledger.json'), '{ torn');
    expectOneLine(await run('scan', '--gmail'), 1, /gmail-ledger\.json cannot be used: it is not valid JSON .* Reconnect left it untouched/);
    expect(fs.readFileSync(join(dir, 'data', 'gmail-ledger.json'), 'utf8')).toBe('{ torn');
  });
});

describe('reconnect apply --gmail', () => {
  it('prints a dry run, applies with --yes, and a read-only sign-in is told what to do', async () => {
    writeToken();
    expect((await run('scan', '--gmail')).code).toBe(0);
    const dry = await run('apply', '--gmail');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/Dry run: nothing was changed/);
    expect(emulator.drafts.size).toBe(0);
    const applied = await run('apply', '--gmail', '--yes', '--limit', '2');
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/wrote 2 draft\(s\)\. Nothing was sent\./);
    expect(emulator.drafts.size).toBe(2);

    writeToken(METADATA_SCOPE, 'metadata-token');
    expectOneLine(await run('apply', '--gmail', '--yes'), 1, /^reconnect: your Gmail sign-in is read-only \(reconnect auth --read-only\)/);
  });
});

describe('reconnect auth', () => {
  function clientFile(body: unknown): string {
    const file = join(dir, 'client.json');
    fs.writeFileSync(file, JSON.stringify(body));
    return file;
  }

  /** Plays the browser: opens the consent address, which the emulator answers with a redirect to the loopback server. */
  async function signIn(args: string[]): Promise<{ run: Run; page: string }> {
    const { done, stderr } = start(['auth', ...args]);
    const url = await new Promise<string>((resolve) => {
      let text = '';
      stderr.on('data', (d: Buffer) => {
        text += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/auth\?\S+)/.exec(text);
        if (m) resolve(m[1]!);
      });
    });
    const response = await fetch(url);
    return { page: await response.text(), run: await done };
  }

  it('signs in with PKCE through a loopback redirect, stores the token 0600, and --revoke removes it', async () => {
    emulator.registerClient('desktop-client', 'desktop-secret');
    const file = clientFile({ installed: { client_id: 'desktop-client', client_secret: 'desktop-secret', auth_uri: emulator.authUri, token_uri: emulator.tokenUri, redirect_uris: ['http://localhost'] } });
    const { run: signedIn, page } = await signIn(['--client', file]);
    expect(page).toMatch(/Reconnect is signed in to Gmail/);
    expect(signedIn.code).toBe(0);
    expect(signedIn.err).toMatch(/reconnect: signed in as me@example\.com, gmail\.modify: scan, label and draft, plus read-only calendar\.events\.readonly \(meetings\) and contacts\.readonly \(contacts\); the token is in .*gmail-token\.json\n$/);

    const consent = emulator.calls('oauth.consent')[0]!;
    expect(consent.query['code_challenge_method']).toEqual(['S256']);
    // Gmail, plus the two read-only scopes of issue 14, which the user may leave unticked.
    expect(consent.query['scope']).toEqual([`${MODIFY_SCOPE} https://www.googleapis.com/auth/calendar.events.readonly https://www.googleapis.com/auth/contacts.readonly`]);
    expect(consent.query['access_type']).toEqual(['offline']);
    expect(consent.query['redirect_uri']![0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const exchange = emulator.calls('oauth.token')[0]!;
    expect(exchange.body).toMatchObject({ grant_type: 'authorization_code', client_id: 'desktop-client' });
    expect((exchange.body as Record<string, string>)['code_verifier']).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);

    const tokens = new FileTokenStore(join(dir, 'config'));
    expect(fs.statSync(tokens.file).mode & 0o777).toBe(0o600);
    const token = tokens.load()!;
    expect(token).toMatchObject({ account: OWNER, scope: `${MODIFY_SCOPE} https://www.googleapis.com/auth/calendar.events.readonly https://www.googleapis.com/auth/contacts.readonly`, client: { clientId: 'desktop-client', tokenUri: emulator.tokenUri } });
    expect(token.refreshToken).toMatch(/^refresh-/);

    // The new token works for a scan; calendar and contacts that cannot be read cost only themselves.
    const scanned = await run('scan', '--gmail', '--format', 'json');
    expect(scanned.code).toBe(0);
    expect(scanned.err).toMatch(/reconnect: warning: could not read your calendar or contacts \(404 /);

    const revoked = await run('auth', '--revoke');
    expect(revoked.code).toBe(0);
    expect(revoked.err).toMatch(/^reconnect: signed out: Google revoked the token and .*gmail-token\.json is deleted\n$/);
    expect(emulator.revoked).toEqual([token.refreshToken]);
    expect(fs.existsSync(tokens.file)).toBe(false);
  });

  it('--read-only asks for gmail.metadata only (with --no-calendar --no-contacts, nothing else)', async () => {
    emulator.registerClient('desktop-client', 'desktop-secret');
    const file = clientFile({ installed: { client_id: 'desktop-client', client_secret: 'desktop-secret', auth_uri: emulator.authUri, token_uri: emulator.tokenUri } });
    const { run: r } = await signIn(['--client', file, '--read-only', '--no-calendar', '--no-contacts']);
    expect(r.code).toBe(0);
    expect(emulator.calls('oauth.consent')[0]!.query['scope']).toEqual([METADATA_SCOPE]);
    expect(new FileTokenStore(join(dir, 'config')).load()!.scope).toBe(METADATA_SCOPE);
  });

  it('--revoke tolerates an unreachable Google and still deletes the token', async () => {
    const tokens = writeToken();
    const token = tokens.load()!;
    tokens.save({ ...token, client: { ...token.client, tokenUri: 'http://127.0.0.1:9/token' } });
    const r = await run('auth', '--revoke');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^reconnect: deleted .*gmail-token\.json, but Google could not be told \(.*\); remove Reconnect at myaccount\.google\.com\/permissions\n$/);
    expect(fs.existsSync(tokens.file)).toBe(false);
  });

  it.each([
    [{ other: {} }, /has no "installed" or "web" key, so it is not an OAuth client file; download the JSON of a "Desktop app" OAuth client/],
    [{ installed: { client_secret: 'x' } }, /has no client_id/],
    [{ installed: { client_id: 'x', token_uri: 'http://evil.example/token' } }, /token_uri "http:\/\/evil\.example\/token" is not an https address/],
    [{ web: { client_id: 'x', redirect_uris: ['https://app.example/cb'] } }, /this web OAuth client has no loopback redirect URI/],
  ])('a bad client file %p gives one line and exit 2', async (body, pattern) => {
    expectOneLine(await run('auth', '--client', clientFile(body)), 2, pattern);
  });

  it('a client file that is not JSON, or missing, gives one line', async () => {
    expectOneLine(await run('auth', '--client', join(dir, 'missing.json')), 2, /^reconnect: --client .*missing\.json: cannot read it \(it does not exist\)/);
    fs.writeFileSync(join(dir, 'bad.json'), 'nope');
    expectOneLine(await run('auth', '--client', join(dir, 'bad.json')), 2, /^reconnect: --client .*bad\.json is not JSON/);
  });
});

describe('network', () => {
  it('the CLI connects to no host but the configured one', async () => {
    writeToken();
    const connections: string[] = [];
    const connect = net.Socket.prototype.connect;
    const spy = jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
      const first = args[0];
      const options = (Array.isArray(first) ? first[0] : first) as { host?: string; port?: number; path?: string } | number;
      connections.push(typeof options === 'number' ? `${String(args[1] ?? 'localhost')}:${options}` : `${options.host ?? 'localhost'}:${options.port ?? options.path}`);
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    });
    try {
      expect((await run('scan', '--gmail', '--format', 'json')).code).toBe(0);
      expect((await run('apply', '--gmail', '--yes')).code).toBe(0);
      expect((await run('auth', '--revoke')).code).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(connections.length).toBeGreaterThan(0);
    expect([...new Set(connections)]).toEqual([emulator.host]);
  });
});
