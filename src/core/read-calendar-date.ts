/**
 * Calendar dates in a time zone: the one place Reconnect turns an instant into
 * the day, month and year a person would name, and counts days and months the
 * way a calendar does. Pure: every instant and zone is a parameter.
 *
 * An unknown zone falls back to UTC, in every function here. The zone comes
 * from places Reconnect does not control: the add-on event (the user's Gmail
 * setting), Session.getScriptTimeZone() (Apps Script's zone ids are Java's,
 * and ICU in the V8 runtime may not know every one, e.g. a retired alias), or
 * the Node runtime. Throwing would cost the user a whole card, or a whole
 * weekly batch of drafts, over a word such as "yesterday"; UTC moves a day
 * boundary by at most the zone's offset (under 15 hours), so "yesterday" may
 * read "earlier today" near midnight and nothing else changes.
 */
import { DAY_MS, type Millis } from './ledger';

export interface CalendarDate {
  year: number;
  /** 1-12. */
  month: number;
  /** 1-31. */
  day: number;
}

/** `timeZone` when this runtime knows it, otherwise 'UTC' (see the module comment for why not an error). */
export function resolveTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

const calendarFormatters = new Map<string, Intl.DateTimeFormat>();
const monthFormatters = new Map<string, Intl.DateTimeFormat>();

/** The Gregorian date of `ms` in `timeZone` (UTC when the zone is unknown). */
export function readCalendarDate(ms: Millis, timeZone: string): CalendarDate {
  let formatter = calendarFormatters.get(timeZone);
  if (formatter === undefined) {
    // Gregorian calendar and Latin digits whatever the runtime's default locale.
    formatter = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone: resolveTimeZone(timeZone),
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    calendarFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(ms));
  const read = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: read('year'), month: read('month'), day: read('day') };
}

/** The month's name in `locale` ("March"), for `ms` in `timeZone` (UTC when the zone is unknown). */
export function formatMonth(ms: Millis, timeZone: string, locale: string): string {
  const key = `${locale}\u0000${timeZone}`;
  let formatter = monthFormatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone: resolveTimeZone(timeZone), month: 'long' });
    monthFormatters.set(key, formatter);
  }
  return formatter.format(new Date(ms));
}

/** Days from one calendar date to another: 1 from any time yesterday to any time today. */
export function countDaysBetweenDates(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / DAY_MS);
}

/** Calendar days from `then` to `now` in `timeZone`: 1 for any time yesterday; negative when `then` is later. */
export function countCalendarDays(then: Millis, now: Millis, timeZone = 'UTC'): number {
  return countDaysBetweenDates(readCalendarDate(then, timeZone), readCalendarDate(now, timeZone));
}

/** Whole calendar months from `from` to `to` in `timeZone`, as an age is counted; 0 when `to` is earlier. */
export function countMonthsBetween(from: Millis, to: Millis, timeZone = 'UTC'): number {
  const a = readCalendarDate(from, timeZone);
  const b = readCalendarDate(to, timeZone);
  const months = (b.year - a.year) * 12 + (b.month - a.month) - (b.day < a.day ? 1 : 0);
  return Math.max(0, months);
}
