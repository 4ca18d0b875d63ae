import type { Assessment } from '../../src/core/assess-contact';
import { buildTemplateView } from '../../src/core/build-template-view';
import { describeAgo } from '../../src/core/describe-contact';
import { describeLastContact } from '../../src/core/describe-last-contact';
import { emptyContact } from '../../src/core/fold-messages';
import { DAY_MS } from '../../src/core/ledger';
import {
  countCalendarDays,
  countMonthsBetween,
  formatMonth,
  readCalendarDate,
  resolveTimeZone,
} from '../../src/core/read-calendar-date';

/** Friday 14 November 2025, 17:00 UTC: 02:00 on Saturday the 15th in Tokyo. */
const NOW = Date.UTC(2025, 10, 14, 17);
/** 23:30 UTC on Thursday the 13th: 08:30 on Friday the 14th in Tokyo. */
const LATE_EVENING = Date.UTC(2025, 10, 13, 23, 30);
const UNKNOWN_ZONES = ['Mars/Olympus_Mons', '', 'US/Pacific-New-Old', 'GMT+25'];

describe('readCalendarDate', () => {
  it('reads the date as people in the zone would name it', () => {
    expect(readCalendarDate(NOW, 'UTC')).toEqual({ year: 2025, month: 11, day: 14 });
    expect(readCalendarDate(NOW, 'Asia/Tokyo')).toEqual({ year: 2025, month: 11, day: 15 });
    expect(readCalendarDate(Date.UTC(2026, 0, 1, 3), 'America/Los_Angeles')).toEqual({ year: 2025, month: 12, day: 31 });
  });
});

describe('countCalendarDays', () => {
  it('counts calendar days in the zone, not 24-hour periods', () => {
    expect(countCalendarDays(LATE_EVENING, NOW, 'UTC')).toBe(1);
    expect(countCalendarDays(LATE_EVENING, NOW, 'Asia/Tokyo')).toBe(1);
    expect(countCalendarDays(LATE_EVENING, LATE_EVENING + 3_600_000, 'UTC')).toBe(1);
    expect(countCalendarDays(LATE_EVENING, LATE_EVENING + 3_600_000, 'Asia/Tokyo')).toBe(0);
    expect(countCalendarDays(NOW, LATE_EVENING, 'UTC')).toBe(-1);
  });
});

describe('countMonthsBetween', () => {
  it.each([
    [Date.UTC(2025, 2, 12), Date.UTC(2025, 3, 11), 0],
    [Date.UTC(2025, 2, 12), Date.UTC(2025, 3, 12), 1],
    [Date.UTC(2024, 10, 14, 12), NOW, 12],
    [Date.UTC(2024, 10, 15), NOW, 11],
    [NOW + DAY_MS, NOW, 0],
  ])('%i → %i is %i months', (from, to, months) => {
    expect(countMonthsBetween(from, to)).toBe(months);
  });
});

describe('an unknown time zone', () => {
  it.each(UNKNOWN_ZONES)('%j is read as UTC by every function, none throws', (zone) => {
    expect(resolveTimeZone(zone)).toBe('UTC');
    expect(readCalendarDate(NOW, zone)).toEqual(readCalendarDate(NOW, 'UTC'));
    expect(countCalendarDays(LATE_EVENING, LATE_EVENING + 3_600_000, zone)).toBe(1);
    expect(countMonthsBetween(Date.UTC(2024, 10, 14, 23), NOW, zone)).toBe(countMonthsBetween(Date.UTC(2024, 10, 14, 23), NOW, 'UTC'));
    expect(formatMonth(NOW, zone, 'en-US')).toBe('November');
  });

  it('gives the same words on cards (describeAgo) and in drafts (describeLastContact)', () => {
    const then = LATE_EVENING;
    const now = LATE_EVENING + 13 * 3_600_000;
    // Both read "yesterday" in UTC; before, the draft threw where the card fell back.
    expect(describeAgo(then, now, 'Mars/Olympus_Mons')).toBe('yesterday');
    expect(describeLastContact(then, now, 'Mars/Olympus_Mons')).toBe('yesterday');
    expect(describeAgo(then, now, 'Mars/Olympus_Mons')).toBe(describeAgo(then, now, 'UTC'));
  });

  it('still lets a template view be built, with the UTC wording', () => {
    const contact = { ...emptyContact('ann@example.org', 0), name: 'Ann', lastSent: Date.UTC(2024, 2, 12), sentCount: 1 };
    const assessment = { lastContact: contact.lastSent, cadenceDays: 90 } as Assessment;
    const input = { contact, assessment, owner: { name: 'Alex', email: 'alex@example.com' }, now: NOW };
    expect(buildTemplateView({ ...input, timeZone: 'Mars/Olympus_Mons' })).toEqual(buildTemplateView({ ...input, timeZone: 'UTC' }));
    expect(buildTemplateView({ ...input, timeZone: 'Mars/Olympus_Mons' }).lastContactDate).toBe('in March 2024');
  });

  it('keeps a known zone as given', () => {
    expect(resolveTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(resolveTimeZone('UTC')).toBe('UTC');
  });
});
