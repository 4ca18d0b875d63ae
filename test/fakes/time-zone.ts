/**
 * Calendar arithmetic in an IANA time zone using Node's Intl data, so Gmail's
 * "midnight Pacific" dates, trigger hours and Utilities.formatDate agree with the
 * zone rules (DST included) without a date library.
 */

export interface ZonedParts {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** Offset from UTC in minutes, east positive (UTC+02:00 is 120). */
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Throws RangeError for an unknown zone, as Intl does. */
export function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '0';
  const year = Number(get('year'));
  const month = Number(get('month'));
  const day = Number(get('day'));
  const hour = Number(get('hour'));
  const minute = Number(get('minute'));
  const second = Number(get('second'));
  const millisecond = ((epochMs % 1000) + 1000) % 1000;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    millisecond,
    weekday: WEEKDAYS.indexOf(get('weekday')),
    offsetMinutes: Math.round((asUtc - epochMs) / 60000),
  };
}

/**
 * The instant at which the wall clock in `timeZone` reads the given time. For a
 * wall time skipped by a DST jump the later offset wins; for a repeated one the
 * earlier instant wins.
 */
export function zonedTimeToEpoch(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const offset = zonedParts(guess, timeZone).offsetMinutes;
    const next = wall - offset * 60000;
    if (next === guess) break;
    guess = next;
  }
  const earlier = guess - 3600000;
  const p = zonedParts(earlier, timeZone);
  if (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond) === wall) return earlier;
  return guess;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}
