import { describeCadence, describeLastContact, describeTimeSince } from '../../src/core/describe-last-contact';

/** Friday 14 November 2025, 17:00 UTC: 09:00 in Los Angeles, 02:00 on the 15th in Tokyo. */
const NOW = Date.UTC(2025, 10, 14, 17);

describe('describeLastContact', () => {
  const at = (iso: string): number => Date.parse(iso);
  it.each([
    // [last contact, zone, words] with NOW = 2025-11-14T17:00Z.
    ['2025-11-14T10:00:00Z', 'UTC', 'earlier today'],
    ['2025-11-14T07:59:00Z', 'America/Los_Angeles', 'yesterday'], // 23:59 on the 13th in LA
    ['2025-11-14T08:00:00Z', 'America/Los_Angeles', 'earlier today'],
    ['2025-11-14T10:00:00Z', 'Asia/Tokyo', 'yesterday'], // now is already the 15th in Tokyo
    ['2025-11-13T12:00:00Z', 'UTC', 'yesterday'],
    ['2025-11-12T12:00:00Z', 'UTC', 'a few days ago'],
    ['2025-11-08T12:00:00Z', 'UTC', 'a few days ago'],
    ['2025-11-07T12:00:00Z', 'UTC', 'a week ago'],
    ['2025-10-31T12:00:00Z', 'UTC', 'two weeks ago'],
    ['2025-10-24T12:00:00Z', 'UTC', 'three weeks ago'],
    ['2025-10-18T12:00:00Z', 'UTC', 'three weeks ago'],
    ['2025-10-17T12:00:00Z', 'UTC', 'last month'],
    ['2025-10-01T12:00:00Z', 'UTC', 'last month'],
    ['2025-09-30T12:00:00Z', 'UTC', 'in September'],
    ['2025-01-01T00:30:00Z', 'UTC', 'in January'],
    ['2025-01-01T00:30:00Z', 'America/New_York', 'last December'], // 19:30 on 31 December 2024 in New York
    ['2024-12-05T12:00:00Z', 'UTC', 'last December'],
    ['2024-11-15T12:00:00Z', 'UTC', 'last November'],
    ['2024-11-14T12:00:00Z', 'UTC', 'in November 2024'],
    ['2024-03-12T12:00:00Z', 'UTC', 'in March 2024'],
    ['2019-07-04T12:00:00Z', 'UTC', 'in July 2019'],
    ['2025-11-20T12:00:00Z', 'UTC', 'recently'],
  ])('%s in %s → %s', (last, zone, words) => {
    expect(describeLastContact(at(last), NOW, zone)).toBe(words);
  });

  it('says "earlier this month" for four weeks inside one month', () => {
    expect(describeLastContact(Date.UTC(2025, 2, 1), Date.UTC(2025, 2, 30), 'UTC')).toBe('earlier this month');
  });

  it('names the month in the given locale', () => {
    expect(describeLastContact(Date.UTC(2024, 2, 12), NOW, 'UTC', 'de-DE')).toBe('in März 2024');
  });

  it('reads an unknown time zone as UTC, as every date in read-calendar-date does, rather than failing the draft', () => {
    expect(describeLastContact(NOW, NOW, 'Mars/Olympus_Mons')).toBe('earlier today');
    // 23:30 UTC on the 13th: yesterday in UTC, but the same day as NOW (22:30) in Kolkata.
    const lateEvening = Date.UTC(2025, 10, 13, 23, 30);
    expect(describeLastContact(lateEvening, NOW, 'Asia/Kolkata')).toBe('earlier today');
    expect(describeLastContact(lateEvening, NOW, 'Mars/Olympus_Mons')).toBe(describeLastContact(lateEvening, NOW, 'UTC'));
    expect(describeLastContact(lateEvening, NOW, 'Mars/Olympus_Mons')).toBe('yesterday');
  });
});

describe('describeCadence', () => {
  it.each([
    [7, 'every week'],
    [10, 'every week'],
    [14, 'every couple of weeks'],
    [30, 'every month'],
    [60, 'every couple of months'],
    [90, 'every few months'],
    [180, 'every six months'],
    [365, 'every year'],
    [null, ''],
  ])('%p days → %j', (days, words) => {
    expect(describeCadence(days)).toBe(words);
  });
});

describe('describeTimeSince', () => {
  const DAY = 86_400_000;
  it.each([
    [0.5, 0, 'a few hours'],
    [1, 0, 'a day'],
    [4, 0, 'a few days'],
    [8, 0, 'a week'],
    [50, 1, '7 weeks'],
    [65, 2, '2 months'],
    [700, 23, '23 months'],
    [760, 24, '2 years'],
  ])('%d days (%d calendar months) is "%s"', (days, months, words) => {
    expect(describeTimeSince(NOW - days * DAY, NOW, months)).toBe(words);
  });
});
