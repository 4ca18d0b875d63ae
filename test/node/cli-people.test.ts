/** The CLI's calendar, contacts and several-mbox options, end to end. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'reconnect-cli-people-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function mbox(name: string, messages: Array<Record<string, string>>): string {
  return write(
    name,
    messages
      .map((m, i) => `From ${i + 1}@xxx Mon Jan 06 10:00:00 +0000 2025\n${Object.entries(m).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\nbody\n`)
      .join('\n'),
  );
}

const PART1 = mbox('part1.mbox', [
  { Date: 'Mon, 6 Jan 2025 10:00:00 +0000', From: 'Me <me@example.com>', To: 'Ann <ann@work.example>', Subject: 'Plans', 'X-Gmail-Labels': 'Sent', 'X-GM-THRID': '1' },
]);
const PART2 = mbox('part2.mbox', [
  { Date: 'Mon, 3 Mar 2025 10:00:00 +0000', From: 'Ann <ann@home.example>', To: 'me@example.com', Subject: 'From home', 'X-Gmail-Labels': 'Inbox', 'X-GM-THRID': '2' },
  { Date: 'Tue, 4 Mar 2025 10:00:00 +0000', From: 'Me <me@example.com>', To: 'Sam <sam@example.org>', Subject: 'Hi', 'X-Gmail-Labels': 'Sent', 'X-GM-THRID': '3' },
]);

const ICS = write(
  'calendar.ics',
  [
    'BEGIN:VCALENDAR',
    'BEGIN:VEVENT',
    'UID:one-on-one',
    'DTSTART:20250505T150000Z',
    'RRULE:FREQ=WEEKLY;COUNT=4',
    'ORGANIZER:mailto:me@example.com',
    'ATTENDEE;CN=Sam;PARTSTAT=ACCEPTED:mailto:sam@example.org',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:met-only',
    'DTSTART:20250520T150000Z',
    'ORGANIZER;CN=Kim Lee:mailto:kim@example.net',
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n'),
);

const VCF = write(
  'contacts.vcf',
  ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Ann Smith', 'EMAIL;TYPE=INTERNET:ann@work.example', 'EMAIL;TYPE=INTERNET:ann@home.example', 'CATEGORIES:myContacts,Reconnect: weekly', 'END:VCARD', ''].join('\r\n'),
);

const run = (...args: string[]) => runCli(args, Date.UTC(2025, 5, 1));

describe('reconnect scan with calendars and contacts', () => {
  it('reads every --mbox, merges a card\'s addresses, counts meetings and lists people met but never mailed', async () => {
    const { code, out, err } = await run('scan', '--mbox', PART1, '--mbox', PART2, '--calendar', ICS, '--contacts', VCF, '--me', 'me@example.com', '--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const contacts = JSON.parse(out).contacts as Array<Record<string, unknown>>;
    const byEmail = new Map(contacts.map((c) => [c.email, c]));
    expect([...byEmail.keys()].sort()).toEqual(['ann@home.example', 'kim@example.net', 'sam@example.org']);
    expect(byEmail.get('ann@home.example')).toMatchObject({
      name: 'Ann Smith',
      // The spelling in their mail first (shown), then the card's other address.
      emails: ['ann@home.example', 'ann@work.example'],
      groups: ['Reconnect: weekly'],
      cadenceDays: 7,
      cadenceSource: 'group',
      sentCount: 1,
      receivedCount: 1,
      lastMet: null,
      meetingCount: 0,
      state: 'lapsed',
    });
    expect(byEmail.get('sam@example.org')).toMatchObject({ lastMet: '2025-05-26T15:00:00Z', meetingCount: 4, lastContactKind: 'met', state: 'active' });
    expect(byEmail.get('kim@example.net')).toMatchObject({ name: 'Kim Lee', lastMet: '2025-05-20T15:00:00Z', meetingCount: 1, sentCount: 0, emails: ['kim@example.net'], groups: [] });
  });

  it('writes the new columns to CSV and the table', async () => {
    const csv = await run('scan', '--mbox', PART1, '--mbox', PART2, '--calendar', ICS, '--contacts', VCF, '--me', 'me@example.com', '--format', 'csv');
    expect(csv.out).toContain(',2025-05-26T15:00:00Z,4,met,sam@example.org,,');
    expect(csv.out).toContain(',0,received,ann@home.example; ann@work.example,Reconnect: weekly,');
    const table = await run('scan', '--mbox', PART1, '--mbox', PART2, '--calendar', ICS, '--contacts', VCF, '--me', 'me@example.com');
    expect(table.out).toMatch(/ann@home\.example \+1/);
    expect(table.out).toMatch(/sam@example\.org\s+2025-03-04\s+-\s+2025-05-26 \(4\)/);
  });

  it('names a bad --calendar or --contacts file in one line', async () => {
    const bad = write('bad.ics', 'hello\n');
    const r = await run('scan', '--mbox', PART1, '--calendar', bad, '--me', 'me@example.com');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`reconnect: ${bad} is not an iCalendar file (it does not start with BEGIN:VCALENDAR); pass the .ics file from Google Takeout's Calendar folder\n`);
    const missing = await run('scan', '--mbox', PART1, '--contacts', join(dir, 'none.vcf'), '--me', 'me@example.com');
    expect(missing.err).toBe(`reconnect: cannot read --contacts ${join(dir, 'none.vcf')}: ENOENT; check the path\n`);
  });

  it('counts broken events as one warning line', async () => {
    const ics = write('some-broken.ics', ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'END:VEVENT', 'BEGIN:VEVENT', 'UID:y', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'));
    const r = await run('scan', '--mbox', PART1, '--calendar', ics, '--me', 'me@example.com');
    expect(r.code).toBe(0);
    expect(r.err).toBe('reconnect: warning: 2 calendar event(s) could not be read and were skipped\n');
  });

  it('still asks for an --mbox on report and draft', async () => {
    const r = await run('report', '--calendar', ICS);
    expect(r.code).toBe(2);
    expect(r.err).toContain("required option '--mbox <file>' not specified");
  });

  it('drafts to a person by any of their addresses', async () => {
    const r = await run('draft', '--mbox', PART1, '--mbox', PART2, '--contacts', VCF, '--to', 'ann@work.example', '--me', 'me@example.com');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^To: Ann Smith <ann@home\.example>/);
  });
});
