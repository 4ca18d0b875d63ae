/**
 * Meetings as contact. A calendar event becomes one stored occurrence, keyed by
 * its iCalendar UID and the start it was scheduled for (RECURRENCE-ID, or the
 * API's originalStartTime), holding the people it counts for. Reading the same
 * calendar twice, or two calendars that share an event, stores each occurrence
 * once: the store is a map of last-writer-wins registers, so adding is
 * idempotent, commutative and associative, and merge(A, B) = merge(B, A).
 *
 * What depends on the clock ("it started before now") is applied when the
 * store is tallied, never when it is filled, so an event read while it was in
 * the future counts once it has started, without a rescan.
 */
import type { Millis } from './ledger';
import { domainOf, normalizeEmail } from './normalize-email';
import type { FoldOptions } from './settings';

/** RFC 5545 PARTSTAT, and the Calendar API's responseStatus, lower-cased. */
export type AttendeeResponse = 'accepted' | 'declined' | 'tentative' | 'needs-action';

export interface CalendarPerson {
  /** As the calendar wrote it; normalized here. */
  email: string;
  /** CN, or the API's displayName; '' when none. */
  name: string;
  /** The API's `self`: this entry is the calendar's owner, whatever the address. */
  self?: boolean;
}

export interface CalendarAttendee extends CalendarPerson {
  response: AttendeeResponse;
  /** CUTYPE=ROOM or RESOURCE, or the API's `resource`: a room or a projector, not a person. */
  resource: boolean;
}

/** One occurrence as a source reads it: a one-off event, an expanded instance, or an override. */
export interface CalendarEvent {
  /** iCalendar UID (the API's iCalUID). */
  uid: string;
  /** The start this occurrence was scheduled for, before any move; null for a one-off event. */
  recurrenceId: Millis | null;
  /**
   * An instance given on its own (a RECURRENCE-ID override, or any event the
   * API returns with singleEvents) replaces the one expanded from the series,
   * whatever the order the two are read in.
   */
  explicit: boolean;
  start: Millis;
  allDay: boolean;
  /** STATUS:CANCELLED, or the API's status "cancelled". */
  cancelled: boolean;
  /** LAST-MODIFIED (or DTSTAMP), or the API's `updated`: the later version of an occurrence wins. */
  updated: Millis;
  organizer: CalendarPerson | null;
  attendees: CalendarAttendee[];
}

export interface MetPerson {
  email: string;
  name: string;
}

export interface StoredOccurrence {
  start: Millis;
  explicit: boolean;
  updated: Millis;
  /** Normalized addresses (with names) this occurrence counts for; [] when it counts for nobody. */
  people: MetPerson[];
}

export const MEETINGS_VERSION = 1;

export interface MeetingStore {
  version: typeof MEETINGS_VERSION;
  /** By occurrenceKey. */
  occurrences: Record<string, StoredOccurrence>;
}

export type MeetingOptions = Pick<FoldOptions, 'owner' | 'mergeGmailVariants' | 'excludedAddresses' | 'excludedDomains'> & {
  /** More people than this (rooms aside, organizer included) makes an event a broadcast, not a meeting. */
  largeMeetingCount: number;
  /**
   * A cache the caller owns, so the same person is one object in every
   * occurrence: 2,000 people over 150,000 meetings are 2,000 objects, not 400,000.
   */
  intern?: Map<string, MetPerson>;
};

/** The mail limit's default, for the same reason: past 20 people it is an audience. */
export const DEFAULT_LARGE_MEETING_COUNT = 20;

/**
 * Calendars, rooms and resources Google gives addresses to
 * (support.google.com/calendar/answer/37082, developers.google.com/calendar/api/concepts/events-calendars):
 * never a person, even when a file forgets to mark them.
 */
const CALENDAR_DOMAINS = ['resource.calendar.google.com', 'group.calendar.google.com', 'import.calendar.google.com', 'group.v.calendar.google.com'];

export function createMeetingStore(): MeetingStore {
  return { version: MEETINGS_VERSION, occurrences: {} };
}

export function occurrenceKey(uid: string, recurrenceId: Millis | null): string {
  return `${uid}\u0000${recurrenceId === null ? '' : String(recurrenceId)}`;
}

/** Adds one occurrence in place; returns how many people it counts for. */
export function addMeeting(store: MeetingStore, event: CalendarEvent, options: MeetingOptions): number {
  const next: StoredOccurrence = {
    start: event.start,
    explicit: event.explicit,
    updated: event.updated,
    people: internPeople(choosePeopleMet(event, options), options.intern),
  };
  const key = occurrenceKey(event.uid, event.recurrenceId);
  const current = store.occurrences[key];
  if (current === undefined || compareOccurrences(next, current) > 0) store.occurrences[key] = next;
  return next.people.length;
}

function internPeople(people: MetPerson[], intern: Map<string, MetPerson> | undefined): MetPerson[] {
  if (intern === undefined) return people;
  return people.map((p) => {
    const key = `${p.email}\u0000${p.name}`;
    const known = intern.get(key);
    if (known !== undefined) return known;
    intern.set(key, p);
    return p;
  });
}

export function foldMeetings(events: Iterable<CalendarEvent>, options: MeetingOptions): MeetingStore {
  const store = createMeetingStore();
  for (const event of events) addMeeting(store, event, options);
  return store;
}

export function mergeMeetingStores(a: MeetingStore, b: MeetingStore): MeetingStore {
  const out: MeetingStore = { version: MEETINGS_VERSION, occurrences: { ...a.occurrences } };
  for (const [key, occurrence] of Object.entries(b.occurrences)) {
    const current = out.occurrences[key];
    if (current === undefined || compareOccurrences(occurrence, current) > 0) out.occurrences[key] = occurrence;
  }
  return out;
}

/**
 * A total order on versions of one occurrence, so the winner never depends on
 * reading order: an explicit instance beats an expanded one, then the later
 * `updated`, then anything else, compared as text.
 */
function compareOccurrences(a: StoredOccurrence, b: StoredOccurrence): number {
  if (a.explicit !== b.explicit) return a.explicit ? 1 : -1;
  if (a.updated !== b.updated) return a.updated > b.updated ? 1 : -1;
  if (a.start !== b.start) return a.start > b.start ? 1 : -1;
  const ta = JSON.stringify(a.people);
  const tb = JSON.stringify(b.people);
  return ta === tb ? 0 : ta > tb ? 1 : -1;
}

/**
 * Who an occurrence counts as contact with, by the rules that do not depend on
 * the clock: not cancelled, not all-day, at most largeMeetingCount people, the
 * owner organizes it or attends without declining; then every attendee who did
 * not decline, and the organizer even when not listed. Rooms, resources,
 * calendars, the owner and excluded addresses are nobody.
 */
export function choosePeopleMet(event: CalendarEvent, options: MeetingOptions): MetPerson[] {
  if (event.cancelled || event.allDay) return [];
  const isOwner = (p: CalendarPerson, email: string | null) => p.self === true || (email !== null && options.owner.has(email));
  const organizerEmail = event.organizer === null ? null : normalizeEmail(event.organizer.email, options.mergeGmailVariants);
  const organizerIsOwner = event.organizer !== null && isOwner(event.organizer, organizerEmail);

  const everyone = new Set<string>();
  let ownerAttends = false;
  const met = new Map<string, string>();
  for (const attendee of event.attendees) {
    const email = normalizeEmail(attendee.email, options.mergeGmailVariants);
    if (attendee.resource || (email !== null && isCalendarAddress(email))) continue;
    everyone.add(email ?? `\u0000${attendee.email}`);
    if (isOwner(attendee, email)) {
      if (attendee.response !== 'declined') ownerAttends = true;
      continue;
    }
    if (email === null || attendee.response === 'declined' || !isPerson(email, options)) continue;
    if (!met.has(email) || (met.get(email) === '' && attendee.name !== '')) met.set(email, attendee.name);
  }
  if (organizerEmail !== null && !organizerIsOwner && !isCalendarAddress(organizerEmail)) {
    const listed = event.attendees.some((a) => normalizeEmail(a.email, options.mergeGmailVariants) === organizerEmail);
    if (!listed) {
      everyone.add(organizerEmail);
      if (isPerson(organizerEmail, options)) met.set(organizerEmail, event.organizer!.name);
    }
  }
  if (everyone.size > options.largeMeetingCount) return [];
  if (!organizerIsOwner && !ownerAttends) return [];
  return [...met.entries()].map(([email, name]) => ({ email, name })).sort((a, b) => (a.email < b.email ? -1 : 1));
}

function isCalendarAddress(email: string): boolean {
  const domain = domainOf(email);
  return CALENDAR_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`));
}

function isPerson(email: string, options: MeetingOptions): boolean {
  return !options.owner.has(email) && !options.excludedAddresses.has(email) && !options.excludedDomains.has(domainOf(email));
}

export interface MeetingTally {
  lastMet: Millis;
  firstMet: Millis;
  meetingCount: number;
  /** Name from the latest meeting that gave one; '' when none did. */
  name: string;
  nameDate: Millis;
}

/**
 * Per person, the occurrences that started before `now`. `personOf` maps an
 * address to the person it belongs to (default: each address is its own), so
 * a meeting with two of one person's addresses counts once.
 */
export function tallyMeetings(store: MeetingStore, now: Millis, personOf: (email: string) => string = (e) => e): Map<string, MeetingTally> {
  const out = new Map<string, MeetingTally>();
  for (const occurrence of Object.values(store.occurrences)) {
    if (!(occurrence.start < now)) continue;
    const seen = new Set<string>();
    for (const person of occurrence.people) {
      const key = personOf(person.email);
      const t = out.get(key);
      if (t === undefined) {
        seen.add(key);
        out.set(key, { lastMet: occurrence.start, firstMet: occurrence.start, meetingCount: 1, name: person.name, nameDate: person.name === '' ? 0 : occurrence.start });
        continue;
      }
      if (!seen.has(key)) {
        seen.add(key);
        t.meetingCount += 1;
      }
      t.lastMet = Math.max(t.lastMet, occurrence.start);
      t.firstMet = Math.min(t.firstMet, occurrence.start);
      if (person.name !== '' && (occurrence.start > t.nameDate || (occurrence.start === t.nameDate && person.name > t.name))) {
        t.name = person.name;
        t.nameDate = occurrence.start;
      }
    }
  }
  return out;
}
