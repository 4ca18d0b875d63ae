import fc from 'fast-check';
import { parseRfc5322Date } from '../../src/node/parse-rfc5322-date';

const HOUR = 3_600_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** 2001-04-20 19:35:02 at -0400, the instant most cases below spell differently. */
const APRIL_20 = Date.UTC(2001, 3, 20, 23, 35, 2);

describe('parseRfc5322Date', () => {
  it.each([
    ['Fri, 20 Apr 2001 19:35:02 -0400', APRIL_20],
    ['20 Apr 2001 19:35:02 -0400', APRIL_20],
    ['Fri, 20 Apr 2001 19:35:02 -0400 (EDT)', APRIL_20],
    ['Fri, 20 Apr 2001 19:35:02 EDT', APRIL_20],
    ['Fri, 20 Apr 01 19:35:02 -0400', APRIL_20],
    ['Fri, 20 Apr 101 19:35:02 -0400', APRIL_20],
    ['Friday, 20 April 2001 19:35:02 -0400', APRIL_20],
    ['fri, 20 apr 2001 19:35:02 edt', APRIL_20],
    ['  Fri,  20 Apr 2001\t19:35:02  -0400  ', APRIL_20],
    ['Fri,\r\n 20 Apr 2001\r\n 19:35:02 -0400', APRIL_20],
    ['Fri, (sent from my phone) 20 Apr 2001 19:35:02 -0400', APRIL_20],
    ['Fri, 20 Apr 2001 19:35:02 -0400 (Eastern (Daylight) Time \\) )', APRIL_20],
    ['Fri, 20 Apr 2001 23:35:02 GMT', APRIL_20],
    ['Fri, 20 Apr 2001 23:35:02 UT', APRIL_20],
    ['Fri, 20 Apr 2001 23:35:02 +0000', APRIL_20],
    ['Fri, 20 Apr 2001 23:35:02 -0000', APRIL_20],
    ['Fri, 20 Apr 2001 16:35:02 PDT', APRIL_20],
    ['Sat, 21 Apr 2001 01:35:02 +0200', APRIL_20],
    ['Sat, 21 Apr 2001 05:05:02 +0530', APRIL_20],
    ['Fri, 20 Apr 2001 19:35:02 GMT-0400', APRIL_20],
    ['Fri, 20 Apr 2001 19:35:02 -04:00', APRIL_20],
    ['20-Apr-2001 19:35:02 -0400', APRIL_20],
    ['Fri Apr 20 19:35:02 -0400 2001', APRIL_20],
    ['Fri Apr 20 23:35:02 2001', APRIL_20],
    ['2001-04-20T23:35:02Z', APRIL_20],
    ['2001-04-20T19:35:02-04:00', APRIL_20],
    ['2001-04-20 23:35:02', APRIL_20],
  ])('reads %j', (text, expected) => {
    expect(parseRfc5322Date(text)).toBe(expected);
  });

  it('reads a missing seconds field as zero', () => {
    expect(parseRfc5322Date('Fri, 20 Apr 2001 19:35 -0400')).toBe(APRIL_20 - 2000);
    expect(parseRfc5322Date('20 Apr 2001 19:35 EDT')).toBe(APRIL_20 - 2000);
  });

  it('reads obsolete two-digit years around the 1950 pivot and three-digit years (RFC 5322 section 4.3)', () => {
    expect(parseRfc5322Date('1 Jan 49 00:00:00 GMT')).toBe(Date.UTC(2049, 0, 1));
    expect(parseRfc5322Date('1 Jan 50 00:00:00 GMT')).toBe(Date.UTC(1950, 0, 1));
    expect(parseRfc5322Date('Mon, 12 Jan 98 10:00:00 GMT')).toBe(Date.UTC(1998, 0, 12, 10));
    expect(parseRfc5322Date('1 Jan 103 00:00:00 GMT')).toBe(Date.UTC(2003, 0, 1));
  });

  it('applies the RFC 822 zone names', () => {
    const noon = Date.UTC(2024, 0, 15, 12);
    const zones: Array<[string, number]> = [
      ['EST', -5], ['EDT', -4], ['CST', -6], ['CDT', -5], ['MST', -7], ['MDT', -6], ['PST', -8], ['PDT', -7],
    ];
    for (const [name, hours] of zones) {
      expect(parseRfc5322Date(`Mon, 15 Jan 2024 12:00:00 ${name}`)).toBe(noon - hours * HOUR);
    }
    expect(parseRfc5322Date('Mon, 15 Jan 2024 12:00:00 CET')).toBe(noon - HOUR);
  });

  it('reads military and unknown zone names as UTC, as RFC 5322 section 4.3 asks', () => {
    const noon = Date.UTC(2024, 0, 15, 12);
    expect(parseRfc5322Date('Mon, 15 Jan 2024 12:00:00 A')).toBe(noon);
    expect(parseRfc5322Date('Mon, 15 Jan 2024 12:00:00 Z')).toBe(noon);
    expect(parseRfc5322Date('Mon, 15 Jan 2024 12:00:00 XYZ')).toBe(noon);
    expect(parseRfc5322Date('Mon, 15 Jan 2024 12:00:00')).toBe(noon);
  });

  it('accepts a leap second and leap days', () => {
    expect(parseRfc5322Date('Sat, 31 Dec 2016 23:59:60 +0000')).toBe(Date.UTC(2017, 0, 1));
    expect(parseRfc5322Date('Thu, 29 Feb 2024 10:00:00 +0000')).toBe(Date.UTC(2024, 1, 29, 10));
    expect(parseRfc5322Date('Tue, 29 Feb 2000 10:00:00 +0000')).toBe(Date.UTC(2000, 1, 29, 10));
  });

  it.each([
    '',
    '   ',
    'garbage',
    'constructor toString valueOf',
    'Mon, 1 Jan 2024',
    'Mon, 32 Jan 2024 10:00:00 +0000',
    'Mon, 0 Jan 2024 10:00:00 +0000',
    'Wed, 29 Feb 2023 10:00:00 +0000',
    'Mon, 29 Feb 1900 10:00:00 +0000',
    'Mon, 1 Jan 2024 24:00:00 +0000',
    'Mon, 1 Jan 2024 10:60:00 +0000',
    'Mon, 1 Jan 2024 10:00:61 +0000',
    'Mon, 1 Jan 2024 10:00:00 +2500',
    'Mon, 1 Jan 2024 10:00:00 +0075',
    'Mon, 1 Foo 2024 10:00:00 +0000',
    'Mon, 1 Jan 1800 10:00:00 +0000',
    'Mon, 1 Jan 2024 10:00:00:00 +0000',
    'Mon, 1 Jan 2024 2024 10:00:00 +0000',
    'Mon, 1 Jan 2024 10:00:00 10:00:00 +0000',
    '2024-13-01T10:00:00Z',
    '1 Jan 2024 10h00',
  ])('returns null for the unusable %j', (text) => {
    expect(parseRfc5322Date(text)).toBeNull();
  });

  it('reads every valid date-time in every common spelling', () => {
    const dateTime = fc.record({
      time: fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2099, 11, 31) }).map((t) => t - (t % 1000)),
      zoneMinutes: fc.integer({ min: -12 * 60, max: 14 * 60 }),
      weekday: fc.boolean(),
      paddedDay: fc.boolean(),
      seconds: fc.boolean(),
      twoDigitYear: fc.boolean(),
      comment: fc.constantFrom('', ' (UTC)', ' (Pacific Standard Time)', '  '),
    });
    fc.assert(
      fc.property(dateTime, (d) => {
        const time = d.seconds ? d.time : d.time - (d.time % 60_000);
        const local = new Date(time + d.zoneMinutes * 60_000);
        const year = local.getUTCFullYear();
        const yearText = d.twoDigitYear && year >= 1950 && year < 2050 ? String(year % 100).padStart(2, '0') : String(year);
        const day = d.paddedDay ? String(local.getUTCDate()).padStart(2, '0') : String(local.getUTCDate());
        const pad = (n: number): string => String(n).padStart(2, '0');
        const clock = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}` +
          (d.seconds ? `:${pad(local.getUTCSeconds())}` : '');
        const abs = Math.abs(d.zoneMinutes);
        const zone = `${d.zoneMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
        const text = `${d.weekday ? `${DAYS[local.getUTCDay()]}, ` : ''}${day} ${MONTHS[local.getUTCMonth()]} ` +
          `${yearText} ${clock} ${zone}${d.comment}`;
        expect(parseRfc5322Date(text)).toBe(time);
      }),
      { numRuns: 500 },
    );
  });

  it.each(['a+b', 'EST+5', 'CET+1', 'Mon, 1 Jan 2024 10:00:00 EST+5', 'Mon, 1 Jan 2024 10:00:00 CET+1', 'x-y+z'])(
    'returns null, without recursing forever, for the zone-with-offset token %j',
    (text) => {
      expect(parseRfc5322Date(text)).toBeNull();
    },
  );

  it('reads a three-digit zone as hours then minutes ("-600" is -0600)', () => {
    expect(parseRfc5322Date('Mon, 15 Jan 2024 12:00:00 -600')).toBe(Date.UTC(2024, 0, 15, 18));
    expect(parseRfc5322Date('Mon, 15 Jan 2024 12:00:00 +530')).toBe(Date.UTC(2024, 0, 15, 6, 30));
    expect(parseRfc5322Date('Mon, 15 Jan 2024 12:00:00 -675')).toBeNull();
  });

  it('checks the year range after the zone is applied', () => {
    expect(parseRfc5322Date('Fri, 31 Dec 9999 23:00:00 -0200')).toBeNull();
    expect(parseRfc5322Date('Fri, 31 Dec 9999 20:00:00 -0200')).toBe(Date.UTC(9999, 11, 31, 22));
    expect(parseRfc5322Date('9999-12-31T23:00:00-02:00')).toBeNull();
  });

  it('never throws and returns null or an instant between 1900 and 9999, whatever the text', () => {
    const pieces = fc.constantFrom('Mon', ',', ' ', '1', '31', '2024', '99', '-', '+', ':', '10:00', '(', ')', '\\',
      'Jan', 'EST', 'GMT', 'a', 'T', 'Z', '-0600', '+5', '00', '9999', '\t', '\r\n');
    const text = fc.oneof(fc.string({ maxLength: 60 }), fc.array(pieces, { maxLength: 20 }).map((a) => a.join('')));
    fc.assert(
      fc.property(text, (t) => {
        const ms = parseRfc5322Date(t);
        if (ms !== null) {
          expect(Number.isFinite(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(Date.UTC(1900, 0, 1));
          expect(ms).toBeLessThan(Date.UTC(10000, 0, 1));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
