/**
 * `reconnect scan --gmail` with a sign-in that also granted calendar.events.readonly
 * and contacts.readonly: the real @googleapis/calendar and @googleapis/people
 * clients, over HTTP, against the Calendar and People fakes (test/fakes) served
 * the way Google's REST endpoints are, next to the Gmail emulator.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTokenStore } from '../../src/node/file-token-store';
import { CALENDAR_EVENTS_READONLY_SCOPE, CONTACTS_READONLY_SCOPE } from '../../src/node/sync-google-people';
import { describeExtraScopes } from '../../src/node/run-gmail-auth';
import { FakeCalendar } from '../fakes/fake-calendar';
import { FakePeople } from '../fakes/fake-people';
import type { GoogleJsonResponseException } from '../fakes/google-errors';
import { GmailEmulator, METADATA_SCOPE, MODIFY_SCOPE } from './gmail-emulator';
import { ACCESS_TOKEN, NOW, OWNER, seedMailbox } from './gmail-test-mailbox';
import { runCli } from './run-cli';

const ENV_KEYS = ['RECONNECT_CONFIG_DIR', 'RECONNECT_DATA_DIR', 'RECONNECT_GMAIL_ROOT_URL', 'RECONNECT_CALENDAR_ROOT_URL', 'RECONNECT_PEOPLE_ROOT_URL'] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const DAY = 86_400_000;

/** Query strings as the fakes take arguments: booleans and numbers typed. */
function readArgs(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) out[k] = v === 'true' ? true : v === 'false' ? false : /^(maxResults|pageSize)$/.test(k) ? Number(v) : v;
  return out;
}

function serve(calendar: FakeCalendar, people: FakePeople): Promise<{ url: string; close: () => Promise<void>; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!/^Bearer /.test(req.headers.authorization ?? '')) return send(401, { error: { code: 401, message: 'Request is missing required authentication credential.', status: 'UNAUTHENTICATED' } });
    try {
      if (url.pathname === '/calendar/v3/calendars/primary/events') return send(200, calendar.list('primary', readArgs(url)));
      if (url.pathname === '/v1/people/me/connections') return send(200, people.listConnections('people/me', readArgs(url)));
      if (url.pathname === '/v1/contactGroups') return send(200, people.ContactGroups.list(readArgs(url)));
      return send(404, { error: { code: 404, message: 'Not Found' } });
    } catch (error) {
      const e = error as GoogleJsonResponseException;
      const details = e.details ?? { code: 500, message: String(error), errors: [] };
      // Google's REST error body (cloud.google.com/apis/design/errors#http_mapping).
      return send(details.code, { error: { code: details.code, message: details.message, errors: details.errors, status: details.errors[0]?.reason } });
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

let emulator: GmailEmulator;
let dir: string;
let google: Awaited<ReturnType<typeof serve>>;
let calendar: FakeCalendar;
let people: FakePeople;
const clock = NOW;

beforeEach(async () => {
  emulator = await GmailEmulator.start({ emailAddress: OWNER });
  seedMailbox(emulator, { people: 3 });
  calendar = new FakeCalendar({ pageCap: 2 });
  people = new FakePeople({ now: () => clock, pageCap: 1 });
  google = await serve(calendar, people);
  dir = fs.mkdtempSync(join(tmpdir(), 'reconnect-gmail-people-'));
  process.env['RECONNECT_CONFIG_DIR'] = join(dir, 'config');
  process.env['RECONNECT_DATA_DIR'] = join(dir, 'data');
  process.env['RECONNECT_GMAIL_ROOT_URL'] = emulator.rootUrl;
  process.env['RECONNECT_CALENDAR_ROOT_URL'] = google.url;
  process.env['RECONNECT_PEOPLE_ROOT_URL'] = google.url;
});

afterEach(async () => {
  await emulator.close();
  await google.close();
});

afterAll(() => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

function signIn(scope: string): void {
  new FileTokenStore(join(dir, 'config')).save({
    version: 1,
    account: OWNER,
    scope,
    client: { clientId: 'cli-test', authUri: emulator.authUri, tokenUri: emulator.tokenUri },
    refreshToken: 'refresh-seeded',
    accessToken: ACCESS_TOKEN,
    expiryDate: NOW + 10 * 365 * DAY,
  });
  emulator.grantAccessToken(ACCESS_TOKEN, scope);
}

const meeting = (id: string, daysAgo: number, who: string): GoogleAppsScript.Calendar.Schema.Event => ({
  id,
  status: 'confirmed',
  start: { dateTime: new Date(NOW - daysAgo * DAY).toISOString() },
  organizer: { email: OWNER, self: true },
  attendees: [{ email: OWNER, self: true, responseStatus: 'accepted' }, { email: who, responseStatus: 'accepted' }],
});

describe('reconnect scan --gmail with calendar and contacts', () => {
  it('counts meetings, merges a card\'s addresses and lists people met but never mailed; resyncs after a 410', async () => {
    signIn(`${METADATA_SCOPE} ${CALENDAR_EVENTS_READONLY_SCOPE} ${CONTACTS_READONLY_SCOPE}`);
    const first = await runCli(['scan', '--gmail', '--format', 'json'], NOW);
    expect(first.code).toBe(0);
    const mailOnly = JSON.parse(first.out).contacts as Array<{ email: string }>;
    const someone = mailOnly[0]!.email;

    calendar.put(meeting('m1', 3, someone));
    calendar.put(meeting('m2', 2, 'stranger@example.net'));
    calendar.put(meeting('m3', 1, 'stranger@example.net'));
    const label = people.addGroup('g1', 'Reconnect: weekly');
    people.put('people/c1', 'Someone Known', [someone, 'second@example.net'], [label]);
    const second = await runCli(['scan', '--gmail', '--format', 'json'], NOW);
    expect(second.err).not.toMatch(/error/i);
    const contacts = JSON.parse(second.out).contacts as Array<Record<string, unknown>>;
    const known = contacts.find((c) => (c.emails as string[]).includes(someone))!;
    expect(known).toMatchObject({ name: 'Someone Known', emails: [someone, 'second@example.net'], groups: ['Reconnect: weekly'], cadenceSource: 'group', meetingCount: 1, lastContactKind: 'met' });
    expect(contacts.find((c) => c.email === 'stranger@example.net')).toMatchObject({ meetingCount: 2, sentCount: 0 });
    expect(google.requests.filter((p) => p.includes('/events')).length).toBeGreaterThan(1);

    // The next run is incremental; an expired token restarts the calendar in full.
    calendar.expireSyncTokens();
    calendar.cancel('m3');
    calendar.calls = [];
    const third = await runCli(['scan', '--gmail', '--format', 'json'], NOW);
    expect(third.err).toContain('reconnect: your calendar asked for a full resync; meetings were read again');
    expect(calendar.calls[0]!.syncToken).toBeDefined();
    expect(calendar.calls[1]!.syncToken).toBeUndefined();
    const after = JSON.parse(third.out).contacts as Array<Record<string, unknown>>;
    expect(after.find((c) => c.email === 'stranger@example.net')).toMatchObject({ meetingCount: 1 });
  });

  it('apply --gmail drafts to nobody met since, by what the last scan read', async () => {
    signIn(`${MODIFY_SCOPE} ${CALENDAR_EVENTS_READONLY_SCOPE} ${CONTACTS_READONLY_SCOPE}`);
    const before = await runCli(['scan', '--gmail', '--format', 'json'], NOW);
    const lapsed = (JSON.parse(before.out).contacts as Array<{ email: string; state: string }>).filter((c) => c.state === 'lapsed').map((c) => c.email);
    expect(lapsed.length).toBeGreaterThan(0);
    const planBefore = await runCli(['apply', '--gmail'], NOW);
    for (const email of lapsed) expect(planBefore.out).toContain(email);
    lapsed.forEach((email, i) => calendar.put(meeting(`met${i}`, 1, email)));
    await runCli(['scan', '--gmail', '--format', 'json'], NOW);
    const planAfter = await runCli(['apply', '--gmail'], NOW);
    expect(planAfter.code).toBe(0);
    for (const email of lapsed) expect(planAfter.out).not.toContain(email);
  });

  it('reads neither when the sign-in granted only Gmail', async () => {
    signIn(METADATA_SCOPE);
    calendar.put(meeting('m1', 3, 'stranger@example.net'));
    const r = await runCli(['scan', '--gmail', '--format', 'json'], NOW);
    expect(r.code).toBe(0);
    expect(google.requests).toEqual([]);
    expect((JSON.parse(r.out).contacts as Array<{ email: string }>).some((c) => c.email === 'stranger@example.net')).toBe(false);
  });

  it('names the read-only scopes auth was granted, and the ones it was not', () => {
    const asked = [CALENDAR_EVENTS_READONLY_SCOPE, CONTACTS_READONLY_SCOPE];
    expect(describeExtraScopes(`${METADATA_SCOPE} ${CALENDAR_EVENTS_READONLY_SCOPE} ${CONTACTS_READONLY_SCOPE}`, asked)).toBe(', plus read-only calendar.events.readonly (meetings) and contacts.readonly (contacts)');
    expect(describeExtraScopes(`${METADATA_SCOPE} ${CONTACTS_READONLY_SCOPE}`, asked)).toBe(
      ', plus read-only contacts.readonly (contacts); not granted: calendar.events.readonly (meetings), so scan --gmail skips them',
    );
  });
});
