/**
 * A lenient RFC 5322 date parser (section 3.3 plus the obsolete syntax of section 4.3),
 * written by hand because `Date.parse` is implementation-defined for anything but ISO 8601:
 * V8 reads "01 Jan 24" as 2001 and ignores "(PST)"-style comments only sometimes.
 *
 * Accepted, in any of the orders mailers actually write:
 *   [weekday ","] day month year time [zone] [comment]   RFC 5322 section 3.3
 *   weekday month day time [zone] year                    asctime(3), as on mbox "From " lines
 *   2024-01-31T10:00:00Z                                  ISO 8601, written by a few web mailers
 * with two- and three-digit years, named zones (UT, GMT, EST...), missing seconds, missing
 * weekday, full month and weekday names, "1-Jan-2024" and "GMT+0100".
 */

/** Milliseconds per minute. */
const MINUTE = 60_000;

const MONTHS: ReadonlyMap<string, number> = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i]),
);

const WEEKDAYS: ReadonlySet<string> = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/**
 * Zone names to minutes east of UTC. The first block is RFC 5322 section 4.3 (obs-zone);
 * the rest are unambiguous names seen in real mail. Any other alphabetic zone, including the
 * single-letter military zones whose sign RFC 822 got backwards, means "-0000": the time
 * is UTC with the local zone unknown (RFC 5322 section 4.3).
 */
const ZONES: ReadonlyMap<string, number> = new Map(Object.entries({
  ut: 0, utc: 0, gmt: 0, z: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  wet: 0, west: 60, bst: 60, cet: 60, cest: 120, met: 60, mest: 120, eet: 120, eest: 180,
  msk: 180, hkt: 480, jst: 540, kst: 540, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
}));

/** Date-time read so far; NaN marks a part not seen yet. */
interface Parts {
  year: number;
  /** Digits the year was written with, for the two- and three-digit rules. */
  yearDigits: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC. */
  zone: number;
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an RFC 5322 Date header value (or an asctime date) into milliseconds since the
 * Unix epoch, UTC. Returns null when no complete, valid date-time can be read: callers
 * fall back to another date rather than trust a guess.
 */
export function parseRfc5322Date(text: string): number | null {
  const canonical = parseCanonicalDate(text);
  if (canonical !== null) return canonical;
  const iso = ISO_8601.exec(text.trim());
  if (iso) return readIsoMatch(iso);

  const parts: Parts = {
    year: NaN, yearDigits: 0, month: NaN, day: NaN,
    hour: NaN, minute: NaN, second: 0, zone: NaN,
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x2c || c === 0x0d || c === 0x0a) {
      i++;
    } else if (c === 0x28) {
      i = skipComment(text, i);
    } else {
      let end = i + 1;
      while (end < n && !isDelimiter(text.charCodeAt(end))) end++;
      if (!readToken(text.slice(i, end), parts)) return null;
      i = end;
    }
  }
  return assemble(parts);
}

/**
 * The form nearly every mailer writes, "Thu, 01 Jan 2015 00:03:22 +0530 (IST)", read without
 * allocating; null sends anything else (including invalid values) to the general parser.
 */
function parseCanonicalDate(text: string): number | null {
  const n = text.length;
  let i = 0;
  while (i < n && text.charCodeAt(i) === 0x20) i++;
  if (i + 4 < n && text.charCodeAt(i + 3) === 0x2c) {
    i += 4;
    while (i < n && text.charCodeAt(i) === 0x20) i++;
  }
  let day = digitAt(text, i++);
  const d2 = digitAt(text, i);
  if (d2 >= 0) {
    day = day * 10 + d2;
    i++;
  }
  if (day < 0 || text.charCodeAt(i++) !== 0x20) return null;
  const month = MONTHS.get(text.slice(i, i + 3).toLowerCase());
  i += 3;
  if (month === undefined || text.charCodeAt(i++) !== 0x20) return null;
  const year = readDigits(text, i, 4);
  i += 4;
  if (year < 0 || text.charCodeAt(i++) !== 0x20) return null;
  const hour = readDigits(text, i, 2);
  const minute = text.charCodeAt(i + 2) === 0x3a ? readDigits(text, i + 3, 2) : -1;
  i += 5;
  if (hour < 0 || minute < 0) return null;
  let second = 0;
  if (text.charCodeAt(i) === 0x3a) {
    second = readDigits(text, i + 1, 2);
    if (second < 0) return null;
    i += 3;
  }
  if (text.charCodeAt(i++) !== 0x20) return null;
  let zone: number | undefined;
  const sign = text.charCodeAt(i);
  if (sign === 0x2b || sign === 0x2d) {
    const hhmm = readDigits(text, i + 1, 4);
    if (hhmm < 0) return null;
    const zoneHours = Math.floor(hhmm / 100);
    const zoneMinutes = hhmm % 100;
    if (zoneHours > 23 || zoneMinutes > 59) return null;
    zone = (sign === 0x2d ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
    i += 5;
  } else {
    let end = i;
    while (end < n && ((text.charCodeAt(end) | 0x20) >= 0x61 && (text.charCodeAt(end) | 0x20) <= 0x7a)) end++;
    if (end === i || end - i > 5) return null;
    // Unknown names mean "-0000", UTC with the local zone unknown (RFC 5322 section 4.3).
    zone = ZONES.get(text.slice(i, end).toLowerCase()) ?? 0;
    i = end;
  }
  while (i < n && text.charCodeAt(i) === 0x20) i++;
  if (i < n && text.charCodeAt(i) !== 0x28) return null;
  return assemble({ year, yearDigits: 4, month, day, hour, minute, second, zone });
}

/** The digit at text[i], or -1. */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
}

/** The `count`-digit number at text[i], or -1. */
function readDigits(text: string, i: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const d = digitAt(text, i + k);
    if (d < 0) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Whitespace, comma and "(" end a token. */
function isDelimiter(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x2c || c === 0x28 || c === 0x0d || c === 0x0a;
}

/** Skips a possibly nested comment with quoted-pairs (RFC 5322 section 3.2.2); returns the index after it. */
function skipComment(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Folds one token into `parts`; false when the token contradicts a date (then the whole value is unusable). */
function readToken(token: string, parts: Parts): boolean {
  const first = token.charCodeAt(0);
  if (first === 0x2b || first === 0x2d) return readNumericZone(token, parts);
  if (token.includes(':')) return readTime(token, parts);
  if (isAllDigits(token)) return readNumber(token, parts);
  const word = token.toLowerCase();
  const signAt = word.search(/[+-]/);
  if (signAt > 0) {
    // "GMT+0100", "UTC-5".
    if (ZONES.get(word.slice(0, signAt)) === 0) return readNumericZone(word.slice(signAt), parts);
    // "1-Jan-2024" (RFC 850 style, still written by some list software). Each part must be a
    // plain number or word: anything else ("a+b", "EST+5", "CET+1": a zone name with an offset
    // whose meaning is a guess) makes the date unusable. Not recursive, so no token can loop.
    if (word.includes('+')) return false;
    return word.split('-').every((part) =>
      part === '' || (isAllDigits(part) ? readNumber(part, parts) : readWord(part, parts)));
  }
  return readWord(word, parts);
}

/** Day or year: RFC order puts the day first, asctime puts the year last, and a value over 31 can only be a year. */
function readNumber(token: string, parts: Parts): boolean {
  const value = Number(token);
  if ((token.length >= 3 || value > 31) && Number.isNaN(parts.year)) {
    parts.year = value;
    parts.yearDigits = token.length;
  } else if (Number.isNaN(parts.day) && token.length <= 2) {
    parts.day = value;
  } else if (Number.isNaN(parts.year)) {
    parts.year = value;
    parts.yearDigits = token.length;
  } else {
    return false;
  }
  return true;
}

/** "hh:mm", "hh:mm:ss", optionally with fractional seconds or a zone glued on ("10:00:00+0100", "10:00Z"). */
function readTime(token: string, parts: Parts): boolean {
  if (!Number.isNaN(parts.hour)) return false;
  let clock = token;
  const zoneAt = token.search(/[+-]|[A-Za-z]/);
  if (zoneAt > 0) {
    clock = token.slice(0, zoneAt);
    const zone = token.slice(zoneAt);
    const ok = zone.charCodeAt(0) === 0x2b || zone.charCodeAt(0) === 0x2d
      ? readNumericZone(zone, parts)
      : readWord(zone.toLowerCase(), parts);
    if (!ok) return false;
  }
  const fields = clock.split(':');
  if (fields.length < 2 || fields.length > 3) return false;
  const [h, m, s] = fields as [string, string, string | undefined];
  if (!isClockField(h) || !isClockField(m)) return false;
  parts.hour = Number(h);
  parts.minute = Number(m);
  if (s !== undefined) {
    const whole = s.split('.')[0] ?? '';
    if (!isClockField(whole)) return false;
    parts.second = Number(whole);
  }
  return true;
}

/**
 * "+hhmm", "-hhmm", "+hh:mm", "+hh" or "-hmm" (RFC 5322 section 3.3 zone, plus the sloppy
 * forms seen in real mail: "-600" is what some mailers write for "-0600", hours then minutes).
 */
function readNumericZone(token: string, parts: Parts): boolean {
  const digits = token.slice(1).replace(':', '');
  if (!isAllDigits(digits) || digits.length > 4) return false;
  const long = digits.length >= 3;
  const hours = long ? Number(digits.slice(0, digits.length - 2)) : Number(digits);
  const minutes = long ? Number(digits.slice(digits.length - 2)) : 0;
  if (hours > 23 || minutes > 59) return false;
  if (Number.isNaN(parts.zone) || parts.zone === 0) {
    // A numeric zone wins over a preceding name: "GMT+0100", or "+0100 (GMT)" read in either order.
    parts.zone = (token.charCodeAt(0) === 0x2d ? -1 : 1) * (hours * 60 + minutes);
  }
  return true;
}

/** Month, weekday or zone name (lower-cased); other words are noise ("at") but letters glued to digits are not. */
function readWord(word: string, parts: Parts): boolean {
  if (!isLetters(word)) return false;
  const prefix = word.slice(0, 3);
  const month = MONTHS.get(prefix);
  if (month !== undefined && Number.isNaN(parts.month)) {
    parts.month = month;
    return true;
  }
  if (WEEKDAYS.has(prefix)) return true;
  const zone = ZONES.get(word);
  if (Number.isNaN(parts.zone)) {
    // Unknown names of zone length count as "-0000"; longer words are ignored.
    if (zone !== undefined) parts.zone = zone;
    else if (word.length <= 5 && !Number.isNaN(parts.hour)) parts.zone = 0;
  }
  return true;
}

/** Checks the parts for a complete, valid date-time and converts it. */
function assemble(parts: Parts): number | null {
  const { month, day, hour, minute, second } = parts;
  let year = parts.year;
  if (Number.isNaN(year) || Number.isNaN(month) || Number.isNaN(day) || Number.isNaN(hour)) {
    return null;
  }
  // RFC 5322 section 4.3: 00-49 is 20xx, 50-99 is 19xx, three digits add 1900.
  if (parts.yearDigits <= 2) year += year < 50 ? 2000 : 1900;
  else if (parts.yearDigits === 3) year += 1900;
  if (year < 1900 || year > 9999) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  // Second 60 is a leap second (RFC 5322 section 3.3); Date.UTC rolls it into the next minute.
  if (hour > 23 || minute > 59 || second > 60) return null;
  const zone = Number.isNaN(parts.zone) ? 0 : parts.zone;
  const ms = Date.UTC(year, month, day, hour, minute, second) - zone * MINUTE;
  // The range check again once the zone is applied: "31 Dec 9999 23:00 -0200" is year 10000 in
  // UTC, which ISO 8601 output can only write as "+010000-...".
  return ms < EARLIEST || ms > LATEST ? null : ms;
}

/** 1900-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, the instants a date may name. */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(10000, 0, 1) - 1;

function readIsoMatch(match: RegExpExecArray): number | null {
  const [, y, mo, d, h, mi, s, z] = match;
  const parts: Parts = {
    year: Number(y), yearDigits: 4, month: Number(mo) - 1, day: Number(d),
    hour: Number(h), minute: Number(mi), second: s === undefined ? 0 : Number(s), zone: 0,
  };
  if (parts.month < 0 || parts.month > 11) return null;
  if (z !== undefined && z !== 'Z' && z !== 'z' && !readNumericZone(z, parts)) return null;
  return assemble(parts);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 1 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month] as number;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAllDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** One or two digits, the form of hh, mm and ss. */
function isClockField(s: string): boolean {
  return (s.length === 1 || s.length === 2) && isAllDigits(s);
}

function isLetters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) return false;
  }
  return s.length > 0;
}
