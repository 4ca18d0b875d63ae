/**
 * Calendar words for templates: when you were last in touch ("last March",
 * "two weeks ago"), how long ago that was ("5 weeks") and your rhythm with
 * someone ("every few months"). Pure: `now` is a parameter. Calendar days and
 * months come from read-calendar-date; describeTimeSince counts whole 24-hour
 * days for its weeks, beside the calendar months it is given.
 */
import { DAY_MS, type Millis } from './ledger';
import { countDaysBetweenDates, countMonthsBetween, formatMonth, readCalendarDate } from './read-calendar-date';

const WEEKS = ['', 'a week ago', 'two weeks ago', 'three weeks ago'];

/**
 * When you were last in touch, as words that fit "we were last in touch ___",
 * by calendar days in `timeZone` (UTC when the zone is unknown):
 * the same day "earlier today"; 1 "yesterday"; 2-6 "a few days ago";
 * 7-27 "a week ago" / "two weeks ago" / "three weeks ago"; then, from 28 days,
 * the same month "earlier this month"; the previous month "last month"; the same
 * year "in March"; under 12 months "last March"; otherwise "in March 2024".
 * A time after `now` (a skewed clock) is "recently".
 */
export function describeLastContact(last: Millis, now: Millis, timeZone = 'UTC', locale = 'en-US'): string {
  const then = readCalendarDate(last, timeZone);
  const today = readCalendarDate(now, timeZone);
  const days = countDaysBetweenDates(then, today);
  if (days < 0) return 'recently';
  if (days === 0) return 'earlier today';
  if (days === 1) return 'yesterday';
  if (days < 7) return 'a few days ago';
  if (days < 28) return WEEKS[Math.floor(days / 7)]!;
  const monthsApart = (today.year - then.year) * 12 + (today.month - then.month);
  if (monthsApart === 0) return 'earlier this month';
  if (monthsApart === 1) return 'last month';
  const month = formatMonth(last, timeZone, locale);
  if (today.year === then.year) return `in ${month}`;
  if (countMonthsBetween(last, now, timeZone) < 12) return `last ${month}`;
  return `in ${month} ${then.year}`;
}

/**
 * A cadence in days as people say it: up to 10 "every week", 20 "every couple
 * of weeks", 45 "every month", 75 "every couple of months", 135 "every few
 * months", 270 "every six months", beyond that "every year"; null (never) is ''.
 */
export function describeCadence(days: number | null): string {
  if (days === null || !(days > 0)) return '';
  if (days <= 10) return 'every week';
  if (days <= 20) return 'every couple of weeks';
  if (days <= 45) return 'every month';
  if (days <= 75) return 'every couple of months';
  if (days <= 135) return 'every few months';
  if (days <= 270) return 'every six months';
  return 'every year';
}

/**
 * "5 weeks", "14 months", "3 years": weeks under two months, months under two
 * years (calendar months, so it agrees with shortGap and longGap), then years.
 * Under a week is "a few days"; the same day "a few hours".
 */
export function describeTimeSince(last: Millis, now: Millis, months: number): string {
  const days = Math.floor((now - last) / DAY_MS);
  if (days < 1) return 'a few hours';
  if (days < 7) return days === 1 ? 'a day' : 'a few days';
  if (months < 2) {
    const weeks = Math.floor(days / 7);
    return weeks === 1 ? 'a week' : `${weeks} weeks`;
  }
  if (months < 24) return `${months} months`;
  return `${Math.floor(months / 12)} years`;
}
