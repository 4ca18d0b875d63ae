import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/node/cli';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'reconnect-cli-'));

function mbox(name: string, messages: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, messages.map((m, i) => `From ${i + 1}@xxx Mon Jan 06 10:00:00 +0000 2025\n${m.trim()}\n\nbody\n`).join('\n'));
  return path;
}

function message(fields: Record<string, string>): string {
  return Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n');
}

const run = (...args: string[]) => runCli(args, Date.UTC(2025, 5, 1));

const SAMPLE = mbox('small.mbox', [
  message({ Date: 'Mon, 6 Jan 2025 10:00:00 +0000', From: 'Me <me@example.com>', To: 'Ann <ann@example.org>, =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>', Subject: 'Plans', 'X-Gmail-Labels': 'Sent', 'X-GM-THRID': '1' }),
  message({ Date: 'Tue, 7 Jan 2025 10:00:00 +0000', From: 'Ann <ann@example.org>', To: 'me@example.com', Subject: 'Re: Plans', 'X-Gmail-Labels': 'Inbox', 'X-GM-THRID': '1' }),
  message({ Date: 'Sat, 24 May 2025 10:00:00 +0000', From: 'Me <me@example.com>', To: 'bob@example.org', Subject: 'Coffee?', 'X-Gmail-Labels': 'Sent', 'X-GM-THRID': '2' }),
  message({ Date: 'Sun, 25 May 2025 10:00:00 +0000', From: '"=HYPERLINK(\\"http://evil\\")" <evil@example.org>', To: 'me@example.com', Subject: '=cmd|\' /C calc\'!A0', 'X-Gmail-Labels': 'Inbox', 'X-GM-THRID': '3' }),
  message({ Date: 'Sun, 25 May 2025 10:00:00 +0000', From: 'News <news@example.org>', To: 'me@example.com', Subject: 'Deals', 'List-Unsubscribe': '<mailto:x@example.org>', 'X-Gmail-Labels': 'Inbox' }),
]);

describe('reconnect scan', () => {
  it('prints the JSON shape with ISO-8601 seconds, lapsed first', async () => {
    const { code, out, err } = await run('scan', '--mbox', SAMPLE, '--me', 'me@example.com', '--now', '2025-06-01T00:00:00Z', '--format', 'json');
    expect(code).toBe(0);
    expect(err).toBe('');
    const json = JSON.parse(out);
    expect(json.me).toEqual(['me@example.com']);
    expect(json.now).toBe('2025-06-01T00:00:00Z');
    // Ann answered and Zoë never did: Ann's two-way tie ranks first though Zoë is a day further overdue.
    expect(json.contacts.map((c: { email: string; state: string }) => [c.email, c.state])).toEqual([
      ['ann@example.org', 'lapsed'],
      ['zoe@example.org', 'lapsed'],
      ['evil@example.org', 'active'],
      ['bob@example.org', 'active'],
    ]);
    expect(json.contacts[0]).toMatchObject({
      email: 'ann@example.org', emails: ['ann@example.org'], id: 'ann@example.org', name: 'Ann', lastSent: '2025-01-06T10:00:00Z', lastReceived: '2025-01-07T10:00:00Z',
      sentCount: 1, receivedCount: 1, cadenceDays: 90, state: 'lapsed', reason: "They wrote last, 5 months ago, and you haven't replied",
    });
    expect(json.contacts[1]).toMatchObject({ name: 'Zoë', lastReceived: null, overdueDays: 55 });
    expect(json.contacts[0].strength).toBeGreaterThan(json.contacts[1].strength);
    expect(json.contacts[0].priority).toBeGreaterThan(json.contacts[1].priority);
  });

  it('infers the owner from Sent mail and says so on stderr', async () => {
    const { code, err } = await run('scan', '--mbox', SAMPLE, '--format', 'json');
    expect(code).toBe(0);
    expect(err).toBe('reconnect: your addresses, inferred from Sent mail: me@example.com (pass --me to set them)\n');
  });

  it('shows addresses as people write them, never in their merged form', async () => {
    const spelled = mbox('spelled.mbox', [
      message({ Date: 'Mon, 6 Jan 2025 10:00:00 +0000', From: 'Me <Me.Myself@gmail.com>', To: 'Amara <amara.johansson@gmail.com>', Subject: 'Hi', 'X-Gmail-Labels': 'Sent', 'X-GM-THRID': '1' }),
      message({ Date: 'Tue, 7 Jan 2025 10:00:00 +0000', From: 'Amara <Amara.Johansson@gmail.com>', To: 'memyself@gmail.com', Subject: 'Re: Hi', 'X-Gmail-Labels': 'Inbox', 'X-GM-THRID': '1' }),
    ]);
    const json = await run('scan', '--mbox', spelled, '--now', '2025-06-01T00:00:00Z', '--format', 'json');
    expect(json.err).toBe('reconnect: your addresses, inferred from Sent mail: Me.Myself@gmail.com (pass --me to set them)\n');
    const parsed = JSON.parse(json.out);
    expect(parsed.me).toEqual(['Me.Myself@gmail.com']);
    expect(parsed.contacts[0]).toMatchObject({ email: 'Amara.Johansson@gmail.com', emails: ['Amara.Johansson@gmail.com', 'amara.johansson@gmail.com'], id: 'amarajohansson@gmail.com' });
    const table = (await run('scan', '--mbox', spelled, '--now', '2025-06-01T00:00:00Z')).out;
    expect(table).toContain('Amara.Johansson@gmail.com');
    expect(table).not.toContain('amarajohansson@gmail.com');
    const csv = (await run('scan', '--mbox', spelled, '--now', '2025-06-01T00:00:00Z', '--format', 'csv')).out;
    expect(csv).toContain(',Amara.Johansson@gmail.com,');
    const draft = (await run('draft', '--mbox', spelled, '--to', 'amarajohansson@gmail.com', '--now', '2025-06-01T00:00:00Z')).out;
    expect(draft).toMatch(/^To: Amara <Amara\.Johansson@gmail\.com>$/m);
  });

  it('uses the clock when --now is absent', async () => {
    const { out } = await run('scan', '--mbox', SAMPLE, '--me', 'me@example.com', '--format', 'json');
    expect(JSON.parse(out).now).toBe('2025-06-01T00:00:00Z');
  });

  it('prints a table with lapsed people first and no progress bar when piped', async () => {
    const { out, err } = await run('scan', '--mbox', SAMPLE, '--me', 'me@example.com');
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ADDRESS\s+YOU WROTE\s+THEY WROTE\s+MET\s+CADENCE\s+STATE\s+STRENGTH\s+WHY$/);
    expect(lines[1]).toMatch(/^Ann\s+ann@example.org\s+2025-01-06\s+2025-01-07\s+-\s+90d default\s+lapsed \+54d\s+\d+ [a-z ]+\s+They wrote last, 5 months ago, and you haven't replied$/);
    expect(lines[2]).toMatch(/^Zoë\s+zoe@example.org\s+2025-01-06\s+-\s+-\s+90d default\s+lapsed \+55d\s+\d+ [a-z ]+\s+Too little history/);
    expect(out).toContain('4 contacts: 2 lapsed, 2 active');
    expect(err).toBe('');
  });

  it('writes CSV with formula payloads neutralized to --out', async () => {
    const outFile = join(dir, 'out.csv');
    const { code, out } = await run('scan', '--mbox', SAMPLE, '--me', 'me@example.com', '--format', 'csv', '--out', outFile);
    expect(code).toBe(0);
    expect(out).toBe('');
    const csv = readFileSync(outFile, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")",evil@example.org`);
    expect(csv).toContain(`,'=cmd|' /C calc'!A0,,0,received,evil@example.org,,`);
    expect(csv.split('\r\n')).toHaveLength(6);
  });

  it.each([
    [['scan', '--mbox', join(dir, 'missing.mbox')], 1, /missing\.mbox does not exist/],
    [['scan', '--mbox', dir], 1, /is a directory/],
    [['scan', '--mbox', __filename], 1, /is not an mbox file/],
    [['scan', '--mbox', SAMPLE, '--me', 'not-an-address'], 2, /--me "not-an-address" is not an email address/],
    [['scan', '--mbox', SAMPLE, '--now', '2025-02-30'], 2, /--now "2025-02-30" is not an ISO-8601 date/],
    [['scan', '--mbox', SAMPLE, '--format', 'xml'], 2, /argument 'xml' is invalid/],
    [['scan'], 2, /required option '--mbox <file>' not specified/],
    [['scna'], 2, /unknown command 'scna'/],
    [['scan', '--mbox', SAMPLE, '--me', 'me@example.com', '--out', join(dir, 'no/such/dir/x.json')], 1, /cannot write --out/],
    [['scan', '--mbox', SAMPLE, '--min-gap', 'a month'], 2, /--min-gap "a month" is not a whole number of days from 0 to 365/],
    [['scan', '--mbox', SAMPLE, '--min-gap', '400'], 2, /--min-gap "400" is not a whole number of days/],
  ])('rejects %p with one line and exit %i', async (args, exitCode, pattern) => {
    const { code, err } = await run(...args);
    expect(code).toBe(exitCode);
    expect(err).toMatch(pattern);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('waits --min-gap days (30 by default) before a weekly rhythm counts as lapsed', async () => {
    // Weekly exchanges for ten weeks, the last 18 days before --now: a learned cadence of about 10 days.
    const weeks = Array.from({ length: 10 }, (_, i) => {
      const day = new Date(Date.UTC(2025, 2, 3 + 7 * i, 10)).toUTCString().replace('GMT', '+0000');
      return [
        message({ Date: day, From: 'Me <me@example.com>', To: 'Kim <kim@example.org>', Subject: `Week ${i}`, 'X-Gmail-Labels': 'Sent', 'X-GM-THRID': String(10 + i) }),
        message({ Date: day, From: 'Kim <kim@example.org>', To: 'me@example.com', Subject: `Re: Week ${i}`, 'X-Gmail-Labels': 'Inbox', 'X-GM-THRID': String(10 + i) }),
      ];
    }).flat();
    const weekly = mbox('weekly.mbox', weeks);
    const now = '2025-05-22T10:00:00Z';
    const kim = async (...extra: string[]) =>
      JSON.parse((await run('scan', '--mbox', weekly, '--me', 'me@example.com', '--now', now, '--format', 'json', ...extra)).out).contacts[0];
    expect(await kim()).toMatchObject({ state: 'active', cadenceDays: 30, cadenceSource: 'learned' });
    expect((await kim()).reason).toMatch(/^You usually write every ~7 days, but Reconnect waits at least 30 days; last in touch 2 weeks ago$/);
    expect(await kim('--min-gap', '7')).toMatchObject({ state: 'lapsed', cadenceSource: 'learned' });
  });

  it('says what to do when no mail is labelled Sent', async () => {
    const inbound = mbox('inbound.mbox', [message({ Date: 'Mon, 6 Jan 2025 10:00:00 +0000', From: 'ann@example.org', To: 'me@example.com', 'X-Gmail-Labels': 'Inbox' })]);
    const { code, err } = await run('scan', '--mbox', inbound);
    expect(code).toBe(1);
    expect(err).toMatch(/no mail labelled Sent.*pass --me/);
  });

  it('warns with a count of skipped or repaired messages', async () => {
    const path = join(dir, 'damaged.mbox');
    writeFileSync(
      path,
      'From 1@xxx Mon Jan 06 10:00:00 +0000 2025\nFrom: Me <me@example.com>\nTo: ann@example.org\nX-Gmail-Labels: Sent\n\nbody\n' +
        'From 2@xxx Mon Jan 06 11:00:00 +0000 2025\nDate: Mon, 6 Jan 2025 11:00:00 +0000\nFrom: ann@example.org\nTo: me@examp',
    );
    const { code, err, out } = await run('scan', '--mbox', path, '--me', 'me@example.com', '--format', 'json');
    expect(code).toBe(0);
    expect(err).toContain('warning: 1 truncated message at the end of the file was skipped');
    expect(err).toContain('warning: 1 message(s) had no usable Date header');
    expect(JSON.parse(out).contacts[0].lastSent).toBe('2025-01-06T10:00:00Z');
  });

  it('prints help', async () => {
    const { code, out } = await run('scan', '--help');
    expect(code).toBe(0);
    expect(out).toContain('--mbox <file>');
  });
});

describe('the progress bar', () => {
  it('draws bytes and messages on a terminal', async () => {
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let err = '';
    stderr.on('data', (d) => (err += d));
    const code = await main(['node', 'reconnect', 'scan', '--mbox', SAMPLE, '--me', 'me@example.com', '--format', 'json'], { stdout, stderr, now: () => Date.UTC(2025, 5, 1) });
    expect(code).toBe(0);
    expect(err).toMatch(/Scanning \|.*\| 100% \| 0\/0 MB \| 5 messages/);
  });
});
