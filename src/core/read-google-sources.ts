/**
 * Calendar API events and People API people, as both the Apps Script advanced
 * services and the googleapis clients return them (the same JSON), turned into
 * the core's CalendarEvent and ContactCard. The types below are the fields
 * read, structurally, so the core needs neither SDK.
 */
import { createMeetingStore, type AttendeeResponse, type CalendarEvent, type MeetingStore } from './fold-meetings';
import { EMPTY_SYNC_CURSOR, type SyncCursor } from './plan-sync';
import type { ContactCard } from './resolve-people';

export interface ApiEventPerson {
  email?: string | null;
  displayName?: string | null;
  self?: boolean | null;
  resource?: boolean | null;
  responseStatus?: string | null;
}

export interface ApiEventTime {
  date?: string | null;
  dateTime?: string | null;
}

/** developers.google.com/calendar/api/v3/reference/events */
export interface ApiEvent {
  id?: string | null;
  status?: string | null;
  updated?: string | null;
  start?: ApiEventTime | null;
  organizer?: ApiEventPerson | null;
  attendees?: ApiEventPerson[] | null;
}

/** The fields Events.list needs, so a page of 250 events stays small (developers.google.com/calendar/api/guides/performance#partial). */
export const EVENT_FIELDS =
  'items(id,status,updated,start,organizer(email,displayName,self),attendees(email,displayName,self,resource,responseStatus)),nextPageToken,nextSyncToken';

const RESPONSES: Record<string, AttendeeResponse> = {
  accepted: 'accepted',
  declined: 'declined',
  tentative: 'tentative',
  needsAction: 'needs-action',
};

/**
 * One event from Events.list with singleEvents=true. Every instance is given
 * on its own with an id unique to the occurrence (a moved instance keeps its
 * id), and a deletion comes back as that id with status "cancelled" and
 * little else (no `updated` is promised), so the id is the occurrence's key
 * and the version is when it was read, `readAt` (ms): a sync reports changes
 * in the order they happened, so what is read later is newer. Null when
 * there is no id.
 */
export function readApiEvent(event: ApiEvent, readAt: number): CalendarEvent | null {
  if (typeof event.id !== 'string' || event.id === '') return null;
  const start = event.start ?? {};
  const allDay = typeof start.date === 'string' && !start.dateTime;
  const startMs = typeof start.dateTime === 'string' ? Date.parse(start.dateTime) : typeof start.date === 'string' ? Date.parse(`${start.date}T00:00:00Z`) : Number.NaN;
  const cancelled = event.status === 'cancelled';
  const person = (p: ApiEventPerson) => ({ email: p.email ?? '', name: p.displayName ?? '', ...(p.self === true ? { self: true } : {}) });
  return {
    uid: event.id,
    recurrenceId: null,
    explicit: true,
    start: Number.isFinite(startMs) ? startMs : 0,
    allDay,
    cancelled: cancelled || !Number.isFinite(startMs),
    updated: readAt,
    organizer: event.organizer?.email ? person(event.organizer) : null,
    attendees: (event.attendees ?? [])
      .filter((a) => typeof a.email === 'string' && a.email !== '')
      .map((a) => ({ ...person(a), response: RESPONSES[a.responseStatus ?? ''] ?? 'needs-action', resource: a.resource === true })),
  };
}

export interface ApiPerson {
  resourceName?: string | null;
  metadata?: { deleted?: boolean | null } | null;
  names?: Array<{ displayName?: string | null; metadata?: { primary?: boolean | null } | null }> | null;
  emailAddresses?: Array<{ value?: string | null }> | null;
  /** The API gives both; @types/google-apps-script knows only the older contactGroupId. */
  memberships?: Array<{ contactGroupMembership?: { contactGroupResourceName?: string | null; contactGroupId?: string | null } | null }> | null;
}

/** A card as synced: group memberships by resource name, so renaming a label needs no resync. */
export interface SyncedCard {
  id: string;
  name: string;
  emails: string[];
  groupIds: string[];
}

/** The person fields connections.list is asked for: names, emailAddresses and memberships. */
export const PERSON_FIELDS = 'names,emailAddresses,memberships';

/** A card, or a deletion (incremental syncs return deleted people with metadata.deleted). */
export function readApiPerson(person: ApiPerson): { id: string; card: SyncedCard | null } | null {
  if (typeof person.resourceName !== 'string' || person.resourceName === '') return null;
  if (person.metadata?.deleted === true) return { id: person.resourceName, card: null };
  const names = person.names ?? [];
  const name = (names.find((n) => n.metadata?.primary === true) ?? names[0])?.displayName ?? '';
  const emails = (person.emailAddresses ?? []).map((e) => (e.value ?? '').trim()).filter((e) => e !== '');
  const groupIds = (person.memberships ?? [])
    .map((m) => {
      const g = m.contactGroupMembership;
      return g?.contactGroupResourceName || (g?.contactGroupId ? `contactGroups/${g.contactGroupId}` : '');
    })
    .filter((g) => g !== '');
  return { id: person.resourceName, card: { id: person.resourceName, name: name.trim(), emails, groupIds } };
}

export interface ApiContactGroup {
  resourceName?: string | null;
  name?: string | null;
  formattedName?: string | null;
  groupType?: string | null;
}

/** User labels by resource name; Google's system groups (myContacts, starred…) are left out. */
export function readApiGroups(groups: readonly ApiContactGroup[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const g of groups) {
    if (typeof g.resourceName !== 'string' || g.groupType === 'SYSTEM_CONTACT_GROUP') continue;
    const name = (g.formattedName || g.name || '').trim();
    if (name !== '') out[g.resourceName] = name;
  }
  return out;
}

/** The synced cards with label names, for resolvePeople; a card with no address is nobody's mail. */
export function buildContactCards(cards: Readonly<Record<string, SyncedCard>>, groups: Readonly<Record<string, string>>): ContactCard[] {
  return Object.values(cards)
    .filter((c) => c.emails.length > 0)
    .map((c) => ({ id: c.id, name: c.name, emails: [...c.emails], groups: c.groupIds.map((g) => groups[g]).filter((g): g is string => g !== undefined) }));
}

/** What both sides keep between runs of the calendar and contacts syncs. */
export interface PeopleSourcesState {
  calendar: SyncCursor;
  contacts: SyncCursor;
  meetings: MeetingStore;
  cards: Record<string, SyncedCard>;
  /** Label names by contactGroups resource name. */
  groups: Record<string, string>;
}

export function createPeopleSourcesState(): PeopleSourcesState {
  return { calendar: { ...EMPTY_SYNC_CURSOR }, contacts: { ...EMPTY_SYNC_CURSOR }, meetings: createMeetingStore(), cards: {}, groups: {} };
}
