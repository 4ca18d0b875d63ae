/**
 * Reads a Google Takeout Calendar export (RFC 5545 .ics) one VEVENT at a time,
 * so a calendar of 100,000 events never sits in memory as text or as a parse
 * tree: only the VTIMEZONE blocks and the event being read do. ical.js
 * (Mozilla) parses each block and expands recurrences (RRULE, RDATE, EXDATE)
 * in their time zones; a RECURRENCE-ID override is yielded as an explicit
 * instance, which the meeting store lets replace the expanded one whatever
 * order the file holds them in.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import ICAL from 'ical.js';
import type { AttendeeResponse, CalendarAttendee, CalendarEvent, CalendarPerson } from '../core/fold-meetings';
import { UserError } from './user-error';

export interface ReadIcsOptions {
  /** Occurrences of a series are expanded up to this time (ms); later ones cannot count yet. */
  until: number;
}

export interface IcsStats {
  /** VEVENT blocks read, overrides included. */
  events: number;
  /** Occurrences yielded, expanded instances included. */
  occurrences: number;
  /** VEVENT blocks that could not be read and were skipped. */
  broken: number;
  /** Series cut at MAX_OCCURRENCES_PER_SERIES. */
  truncatedSeries: number;
}

/** A bound on one series (a FREQ=MINUTELY rule would otherwise never end): 50 years of daily meetings. */
export const MAX_OCCURRENCES_PER_SERIES = 20_000;

const RESPONSES: Record<string, AttendeeResponse> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  TENTATIVE: 'tentative',
  'NEEDS-ACTION': 'needs-action',
};

export async function* readIcsFile(path: string, options: ReadIcsOptions, stats: IcsStats = createIcsStats()): AsyncGenerator<CalendarEvent> {
  const zones = new Map<string, ICAL.Timezone>();
  let calendarZone: string | null = null;
  let block: string[] | null = null;
  let blockKind: 'vevent' | 'vtimezone' | null = null;
  let sawCalendar = false;
  let lineNumber = 0;

  const lines = createInterface({ input: openStream(path), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (lineNumber === 1 && !/^\uFEFF?BEGIN:VCALENDAR\s*$/i.test(line)) {
        throw new UserError(`${path} is not an iCalendar file (it does not start with BEGIN:VCALENDAR); pass the .ics file from Google Takeout's Calendar folder`);
      }
      if (block === null) {
        if (/^BEGIN:VCALENDAR\s*$/i.test(line.replace(/^\uFEFF/, ''))) sawCalendar = true;
        else if (/^X-WR-TIMEZONE:/i.test(line)) calendarZone = line.slice(line.indexOf(':') + 1).trim();
        else if (/^BEGIN:VEVENT\s*$/i.test(line)) [block, blockKind] = [[line], 'vevent'];
        else if (/^BEGIN:VTIMEZONE\s*$/i.test(line)) [block, blockKind] = [[line], 'vtimezone'];
        continue;
      }
      block.push(line);
      const end = blockKind === 'vevent' ? /^END:VEVENT\s*$/i : /^END:VTIMEZONE\s*$/i;
      if (!end.test(line)) continue;
      const text = `BEGIN:VCALENDAR\r\n${block.join('\r\n')}\r\nEND:VCALENDAR\r\n`;
      const kind = blockKind;
      block = null;
      blockKind = null;
      if (kind === 'vtimezone') {
        try {
          const zone = new ICAL.Timezone(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vtimezone')!);
          zones.set(zone.tzid, zone);
        } catch {
          // A zone we cannot read: its events fall back to the zone database by TZID.
        }
        continue;
      }
      stats.events += 1;
      let produced: CalendarEvent[];
      try {
        produced = readEventBlock(text, zones, calendarZone, options, stats);
      } catch {
        stats.broken += 1;
        continue;
      }
      for (const event of produced) {
        stats.occurrences += 1;
        yield event;
      }
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read --calendar ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path`);
  } finally {
    lines.close();
  }
  if (!sawCalendar) {
    throw new UserError(`${path} is not an iCalendar file (no BEGIN:VCALENDAR); pass the .ics file from Google Takeout's Calendar folder`);
  }
  if (block !== null) stats.broken += 1;
}

export function createIcsStats(): IcsStats {
  return { events: 0, occurrences: 0, broken: 0, truncatedSeries: 0 };
}

function openStream(path: string) {
  const stream = createReadStream(path, { encoding: 'utf8' });
  return stream;
}

function readEventBlock(
  text: string,
  zones: ReadonlyMap<string, ICAL.Timezone>,
  calendarZone: string | null,
  options: ReadIcsOptions,
  stats: IcsStats,
): CalendarEvent[] {
  const component = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent');
  if (component === null) throw new Error('no VEVENT');
  // Bind TZIDs to this file's own VTIMEZONE blocks, never to another file's.
  for (const name of ['dtstart', 'dtend', 'recurrence-id', 'exdate', 'rdate']) {
    for (const prop of component.getAllProperties(name)) {
      const tzid = prop.getParameter('tzid');
      const zone = typeof tzid === 'string' ? zones.get(tzid) : undefined;
      if (zone === undefined) continue;
      for (const value of prop.getValues()) if (value instanceof ICAL.Time) value.zone = zone;
    }
  }
  const event = new ICAL.Event(component);
  const uid = event.uid;
  const dtstart = component.getFirstPropertyValue('dtstart');
  if (typeof uid !== 'string' || uid === '' || !(dtstart instanceof ICAL.Time)) throw new Error('no UID or DTSTART');
  const toMs = (time: ICAL.Time, tzid: unknown) => toMillis(time, typeof tzid === 'string' ? tzid : calendarZone);
  const startTzid = component.getFirstProperty('dtstart')!.getParameter('tzid');
  const updatedValue = component.getFirstPropertyValue('last-modified') ?? component.getFirstPropertyValue('dtstamp');
  const updated = updatedValue instanceof ICAL.Time ? toMillis(updatedValue, 'UTC') : 0;
  const base = {
    uid,
    allDay: dtstart.isDate,
    cancelled: String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED',
    updated,
    organizer: readPerson(component.getFirstProperty('organizer')),
    attendees: component.getAllProperties('attendee').map(readAttendee).filter((a): a is CalendarAttendee => a !== null),
  };

  const recurrenceProp = component.getFirstProperty('recurrence-id');
  if (recurrenceProp !== null) {
    const rid = recurrenceProp.getFirstValue();
    if (!(rid instanceof ICAL.Time)) throw new Error('bad RECURRENCE-ID');
    return [{ ...base, recurrenceId: toMs(rid, recurrenceProp.getParameter('tzid')), explicit: true, start: toMs(dtstart, startTzid) }];
  }
  if (!event.isRecurring()) {
    return [{ ...base, recurrenceId: null, explicit: false, start: toMs(dtstart, startTzid) }];
  }
  const out: CalendarEvent[] = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next !== null && next !== undefined; next = iterator.next()) {
    const start = toMs(next, startTzid);
    if (start >= options.until) break;
    if (out.length >= MAX_OCCURRENCES_PER_SERIES) {
      stats.truncatedSeries += 1;
      break;
    }
    out.push({ ...base, recurrenceId: start, explicit: false, start });
  }
  return out;
}

function readPerson(prop: ICAL.Property | null): CalendarPerson | null {
  if (prop === null) return null;
  const value = String(prop.getFirstValue() ?? '');
  const email = value.replace(/^mailto:/i, '').trim();
  if (email === '') return null;
  const cn = prop.getParameter('cn');
  return { email, name: typeof cn === 'string' ? cn : '' };
}

function readAttendee(prop: ICAL.Property): CalendarAttendee | null {
  const person = readPerson(prop);
  if (person === null) return null;
  const partstat = String(prop.getParameter('partstat') ?? 'NEEDS-ACTION').toUpperCase();
  const cutype = String(prop.getParameter('cutype') ?? 'INDIVIDUAL').toUpperCase();
  return {
    ...person,
    response: RESPONSES[partstat] ?? 'needs-action',
    // RFC 5545 3.2.3: ROOM and RESOURCE are not people; GROUP (a list) is not one person either.
    resource: cutype === 'ROOM' || cutype === 'RESOURCE' || cutype === 'GROUP',
  };
}

/**
 * A time in ms. ical.js converts UTC and times bound to a VTIMEZONE; a TZID
 * the file has no VTIMEZONE for (Google writes IANA names) goes through the
 * zone database; a floating time is read in the calendar's X-WR-TIMEZONE, or
 * UTC. An all-day date is its midnight in the same way.
 */
export function toMillis(time: ICAL.Time, tzid: string | null): number {
  const zone = time.zone;
  if (zone !== undefined && zone !== null && zone.tzid !== 'floating') return time.toUnixTime() * 1000;
  const wall = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  if (tzid === null || tzid === 'UTC') return wall;
  try {
    // Two passes find the offset at that wall time, DST edges included.
    let guess = wall - offsetAt(wall, tzid);
    guess = wall - offsetAt(guess, tzid);
    return guess;
  } catch {
    return wall;
  }
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetAt(ms: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsetFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(ms));
  const read = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(read('year'), read('month') - 1, read('day'), read('hour'), read('minute'), read('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}
