import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CalendarEvent } from '../../src/core/fold-meetings';
import { createIcsStats, readIcsFile } from '../../src/node/read-ics-file';
import { readVcfFile } from '../../src/node/read-vcf-file';
import { UserError } from '../../src/node/user-error';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reconnect-ics-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const NEW_YORK = [
  'BEGIN:VTIMEZONE',
  'TZID:America/New_York',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:-0500',
  'TZOFFSETTO:-0400',
  'TZNAME:EDT',
  'DTSTART:19700308T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:-0400',
  'TZOFFSETTO:-0500',
  'TZNAME:EST',
  'DTSTART:19701101T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

async function writeIcs(name: string, lines: string[]): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

async function readAll(file: string, until = Date.parse('2030-01-01T00:00:00Z')) {
  const stats = createIcsStats();
  const events: CalendarEvent[] = [];
  for await (const e of readIcsFile(file, { until }, stats)) events.push(e);
  return { events, stats };
}

describe('readIcsFile', () => {
  it('expands a weekly series in its VTIMEZONE across a DST change, drops EXDATEs and yields the moved instance as explicit', async () => {
    const file = await writeIcs('weekly.ics', [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'X-WR-TIMEZONE:America/New_York',
      ...NEW_YORK,
      // The override comes first: the store, not the file order, decides.
      'BEGIN:VEVENT',
      'UID:weekly@google.com',
      'RECURRENCE-ID;TZID=America/New_York:20250317T090000',
      'DTSTART;TZID=America/New_York:20250318T150000',
      'DTEND;TZID=America/New_York:20250318T153000',
      'LAST-MODIFIED:20250301T000000Z',
      'ORGANIZER;CN=Me:mailto:me@example.com',
      'ATTENDEE;CN=Bob;PARTSTAT=ACCEPTED:mailto:bob@example.org',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:weekly@google.com',
      'DTSTART;TZID=America/New_York:20250303T090000',
      'DTEND;TZID=America/New_York:20250303T093000',
      'RRULE:FREQ=WEEKLY;COUNT=5',
      'EXDATE;TZID=America/New_York:20250324T090000',
      'LAST-MODIFIED:20250302T000000Z',
      'ORGANIZER;CN=Me:mailto:me@example.com',
      // A folded line (RFC 5545 3.1): the CN continues on the next line.
      'ATTENDEE;CN="Ann Q',
      '  Smith";PARTSTAT=TENTATIVE;CUTYPE=INDIVIDUAL:mailto:ann@example.org',
      'ATTENDEE;CN=Room 4;CUTYPE=ROOM;PARTSTAT=ACCEPTED:mailto:room4@example.org',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
    const { events, stats } = await readAll(file);
    const series = events.filter((e) => !e.explicit).map((e) => new Date(e.start).toISOString());
    // 09:00 New York is 14:00Z before 9 March 2025 and 13:00Z after; the 24th is excluded.
    expect(series).toEqual(['2025-03-03T14:00:00.000Z', '2025-03-10T13:00:00.000Z', '2025-03-17T13:00:00.000Z', '2025-03-31T13:00:00.000Z']);
    const moved = events.find((e) => e.explicit)!;
    expect(moved).toMatchObject({ uid: 'weekly@google.com', recurrenceId: Date.parse('2025-03-17T13:00:00Z'), start: Date.parse('2025-03-18T19:00:00Z') });
    expect(moved.attendees.map((a) => a.email)).toEqual(['bob@example.org']);
    const first = events.find((e) => !e.explicit)!;
    expect(first.attendees).toEqual([
      { email: 'ann@example.org', name: 'Ann Q Smith', response: 'tentative', resource: false },
      { email: 'room4@example.org', name: 'Room 4', response: 'accepted', resource: true },
    ]);
    expect(stats).toMatchObject({ events: 2, occurrences: 5, broken: 0 });
  });

  it('reads UTC, all-day, cancelled and zone-database times, and stops a series at `until`', async () => {
    const file = await writeIcs('mixed.ics', [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:utc',
      'DTSTART:20250102T100000Z',
      'STATUS:CANCELLED',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:day',
      'DTSTART;VALUE=DATE:20250103',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:tokyo',
      // No VTIMEZONE for this TZID in the file: the zone database knows it.
      'DTSTART;TZID=Asia/Tokyo:20250104T090000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:daily',
      'DTSTART:20250101T080000Z',
      'RRULE:FREQ=DAILY',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
    const { events } = await readAll(file, Date.parse('2025-01-05T00:00:00Z'));
    expect(events.find((e) => e.uid === 'utc')).toMatchObject({ cancelled: true, start: Date.parse('2025-01-02T10:00:00Z') });
    expect(events.find((e) => e.uid === 'day')!.allDay).toBe(true);
    expect(events.find((e) => e.uid === 'tokyo')!.start).toBe(Date.parse('2025-01-04T00:00:00Z'));
    expect(events.filter((e) => e.uid === 'daily')).toHaveLength(4);
  });

  it('uses the file\'s own VTIMEZONE, even for a zone the zone database does not know', async () => {
    const file = await writeIcs('custom.ics', [
      'BEGIN:VCALENDAR',
      'BEGIN:VTIMEZONE',
      'TZID:Custom Office Time',
      'BEGIN:STANDARD',
      'TZOFFSETFROM:+0300',
      'TZOFFSETTO:+0300',
      'DTSTART:19700101T000000',
      'END:STANDARD',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'UID:custom',
      'DTSTART;TZID=Custom Office Time:20250102T100000',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
    expect((await readAll(file)).events[0]!.start).toBe(Date.parse('2025-01-02T07:00:00Z'));
  });

  it('counts a broken event and reads on', async () => {
    const file = await writeIcs('broken.ics', [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:nostart',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:bad',
      'DTSTART:not-a-date',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:good',
      'DTSTART:20250102T100000Z',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
    const { events, stats } = await readAll(file);
    expect(events.map((e) => e.uid)).toEqual(['good']);
    expect(stats.broken).toBe(2);
  });

  it('refuses a file that is not a calendar, or is missing, in one line naming it', async () => {
    const notIcs = await writeIcs('mail.ics', ['From someone', 'Subject: hi']);
    await expect(readAll(notIcs)).rejects.toThrow(new UserError(`${notIcs} is not an iCalendar file (it does not start with BEGIN:VCALENDAR); pass the .ics file from Google Takeout's Calendar folder`));
    const missing = path.join(dir, 'nope.ics');
    await expect(readAll(missing)).rejects.toThrow(`cannot read --calendar ${missing}: ENOENT; check the path`);
  });
});

describe('readVcfFile', () => {
  it('reads each card\'s addresses as written and its labels without Google\'s system groups', async () => {
    const file = path.join(dir, 'contacts.vcf');
    await fs.writeFile(
      file,
      [
        'BEGIN:VCARD',
        'VERSION:3.0',
        'FN:Ann Smith',
        'N:Smith;Ann;;;',
        'EMAIL;TYPE=INTERNET;TYPE=WORK:Ann.Smith@Work.example',
        'item1.EMAIL;TYPE=INTERNET:ann@home.example',
        'CATEGORIES:myContacts,starred,Reconnect: monthly,Book club\\, Tuesdays',
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:3.0',
        'FN:No Mail',
        'TEL:+1 555 0100',
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:3.0',
        'FN:Broken',
        'EMAIL;TYPE=INTERNET:x@y.example',
        'THIS LINE HAS NO COLON',
        'END:VCARD',
        '',
      ].join('\r\n'),
    );
    const stats = { cards: 0, broken: 0 };
    const cards = await readVcfFile(file, stats);
    expect(cards[0]).toEqual({ id: 'vcard:00000001', name: 'Ann Smith', emails: ['Ann.Smith@Work.example', 'ann@home.example'], groups: ['Reconnect: monthly', 'Book club, Tuesdays'] });
    expect(cards).toHaveLength(1);
    expect(stats.broken).toBe(1);
  });

  it('refuses a file that is not a vCard in one line naming it', async () => {
    const file = path.join(dir, 'not.vcf');
    await fs.writeFile(file, 'name,email\nAnn,ann@example.org\n');
    await expect(readVcfFile(file)).rejects.toThrow(`${file} is not a vCard file`);
  });
});
