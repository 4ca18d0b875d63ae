/**
 * `scan --gmail`'s calendar and contacts: Events.list on the primary calendar
 * (@googleapis/calendar) and people.connections.list (@googleapis/people),
 * by the same sync plan the Apps Script side follows (core/plan-sync.ts):
 * full sync from `lookbackDays` ago, then by sync token; an expired token
 * (410 / EXPIRED_SYNC_TOKEN) wipes that sync's data and starts it over. What
 * they read is kept beside the Gmail ledger in people-sources.json, written
 * atomically after each sync.
 */
import path from 'node:path';
import type { calendar_v3 } from '@googleapis/calendar';
import type { people_v1 } from '@googleapis/people';
import { addMeeting, createMeetingStore, type MeetingOptions } from '../core/fold-meetings';
import { advanceSyncCursor, EMPTY_SYNC_CURSOR, isSyncTokenExpired, planSyncRequest, type SyncCursor, type SyncRequest } from '../core/plan-sync';
import {
  createPeopleSourcesState,
  EVENT_FIELDS,
  PERSON_FIELDS,
  readApiEvent,
  readApiGroups,
  readApiPerson,
  type PeopleSourcesState,
  type SyncedCard,
} from '../core/read-google-sources';
import type { CalendarEvent } from '../core/fold-meetings';
import { callGmailWithRetry, GmailDailyLimitError, type RetryPolicy, DEFAULT_RETRY } from './call-gmail-with-retry';
import { readTextIfPresent, writeFileAtomic } from './write-file-atomic';

/** Read-only: events and nothing else of your calendars (developers.google.com/calendar/api/auth). */
export const CALENDAR_EVENTS_READONLY_SCOPE = 'https://www.googleapis.com/auth/calendar.events.readonly';
/** Read-only contacts and their labels (developers.google.com/people/api/rest/v1/people.connections/list). */
export const CONTACTS_READONLY_SCOPE = 'https://www.googleapis.com/auth/contacts.readonly';

export interface GooglePeopleClients {
  /** Absent when the sign-in did not grant calendar.events.readonly. */
  calendar?: Pick<calendar_v3.Calendar, 'events'>;
  people?: Pick<people_v1.People, 'people' | 'contactGroups'>;
}

export interface SyncGooglePeopleOptions {
  meeting: MeetingOptions;
  lookbackDays: number;
  now: () => number;
  /**
   * The wall clock, for each event's version (readApiEvent's readAt): later
   * reads must be newer even when `now` is pinned by --now. Default Date.now.
   */
  readClock?: () => number;
  retry?: RetryPolicy;
  calendarPageSize?: number;
  contactsPageSize?: number;
}

export interface SyncGooglePeopleResult {
  state: PeopleSourcesState;
  notes: string[];
}

const DAY_MS = 86_400_000;

export class FilePeopleSourcesStore {
  readonly file: string;
  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'people-sources.json');
  }
  load(): PeopleSourcesState {
    const text = readTextIfPresent(this.file, 'check its permissions, or delete it to read your calendar and contacts again in full');
    if (text === null) return createPeopleSourcesState();
    try {
      return { ...createPeopleSourcesState(), ...(JSON.parse(text) as Partial<PeopleSourcesState>) };
    } catch {
      // Only a cache of what Google holds: a torn or hand-edited copy is read again in full.
      return createPeopleSourcesState();
    }
  }
  save(state: PeopleSourcesState): void {
    writeFileAtomic(this.file, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  }
}

export async function syncGooglePeople(clients: GooglePeopleClients, store: FilePeopleSourcesStore, options: SyncGooglePeopleOptions): Promise<SyncGooglePeopleResult> {
  const state = store.load();
  const notes: string[] = [];
  const retry = options.retry ?? DEFAULT_RETRY;
  const call = <T>(fn: () => Promise<T>) => callGmailWithRetry(fn, retry);

  if (clients.calendar !== undefined) {
    const events = clients.calendar.events;
    const timeMin = new Date(options.now() - options.lookbackDays * DAY_MS).toISOString();
    const pageSize = options.calendarPageSize ?? 250;
    const outcome = await runSync(state.calendar, call, async (request: SyncRequest) => {
      const { data } = await events.list({
        calendarId: 'primary',
        singleEvents: true,
        maxResults: pageSize,
        fields: EVENT_FIELDS,
        ...(request.syncToken === null ? { timeMin } : { syncToken: request.syncToken }),
        ...(request.pageToken === null ? {} : { pageToken: request.pageToken }),
      });
      const readAt = (options.readClock ?? Date.now)();
      const items = (data.items ?? []).map((e) => readApiEvent(e, readAt)).filter((e): e is CalendarEvent => e !== null);
      return { items, nextPageToken: data.nextPageToken ?? null, nextSyncToken: data.nextSyncToken ?? null };
    }, {
      onPage: (items: CalendarEvent[]) => {
        for (const e of items) addMeeting(state.meetings, e, options.meeting);
      },
      onExpired: () => {
        state.meetings = createMeetingStore();
        notes.push('your calendar asked for a full resync; meetings were read again');
      },
    });
    state.calendar = outcome.cursor;
    if (outcome.daily !== null) notes.push(`the Calendar API's daily quota is used up; meetings continue next time (${outcome.daily})`);
    store.save(state);
  }

  if (clients.people !== undefined) {
    const people = clients.people;
    const pageSize = options.contactsPageSize ?? 1000;
    const outcome = await runSync(state.contacts, call, async (request: SyncRequest) => {
      const { data } = await people.people.connections.list({
        resourceName: 'people/me',
        personFields: PERSON_FIELDS,
        pageSize,
        requestSyncToken: true,
        ...(request.syncToken === null ? {} : { syncToken: request.syncToken }),
        ...(request.pageToken === null ? {} : { pageToken: request.pageToken }),
      });
      const read = (data.connections ?? []).map(readApiPerson).filter((p): p is { id: string; card: SyncedCard | null } => p !== null);
      return { items: read, nextPageToken: data.nextPageToken ?? null, nextSyncToken: data.nextSyncToken ?? null };
    }, {
      onPage: (items: Array<{ id: string; card: SyncedCard | null }>) => {
        for (const { id, card } of items) {
          if (card === null) delete state.cards[id];
          else state.cards[id] = card;
        }
      },
      onExpired: () => {
        state.cards = {};
        notes.push('Google Contacts asked for a full resync; contacts were read again');
      },
    });
    state.contacts = outcome.cursor;
    if (outcome.daily !== null) notes.push(`the People API's daily quota is used up; contacts continue next time (${outcome.daily})`);
    if (outcome.done) {
      const groups: people_v1.Schema$ContactGroup[] = [];
      let pageToken: string | undefined;
      for (let guard = 0; guard < 100; guard += 1) {
        const { data } = await call(() => people.contactGroups.list({ pageSize: 1000, groupFields: 'name,groupType', ...(pageToken === undefined ? {} : { pageToken }) }));
        groups.push(...(data.contactGroups ?? []));
        pageToken = data.nextPageToken ?? undefined;
        if (pageToken === undefined) break;
      }
      state.groups = readApiGroups(groups);
    }
    store.save(state);
  }
  return { state, notes };
}

interface Page<T> {
  items: T[];
  nextPageToken: string | null;
  nextSyncToken: string | null;
}

async function runSync<T>(
  start: SyncCursor,
  call: <R>(fn: () => Promise<R>) => Promise<R>,
  fetch: (request: SyncRequest) => Promise<Page<T>>,
  handlers: { onPage: (items: T[]) => void; onExpired: () => void },
): Promise<{ cursor: SyncCursor; done: boolean; daily: string | null }> {
  let cursor = start;
  let restarted = false;
  for (;;) {
    let page: Page<T>;
    try {
      page = await call(() => fetch(planSyncRequest(cursor)));
    } catch (error) {
      if (error instanceof GmailDailyLimitError) return { cursor, done: false, daily: error.message };
      const body = (error as { response?: { status?: number; data?: { error?: { message?: string; status?: string; details?: Array<{ reason?: string }> } } } }).response;
      const reason = body?.data?.error?.details?.map((d) => d.reason ?? '').join(' ') ?? '';
      if (!restarted && (isSyncTokenExpired(error) || body?.status === 410 || /EXPIRED_SYNC_TOKEN/.test(reason))) {
        restarted = true;
        handlers.onExpired();
        cursor = { ...EMPTY_SYNC_CURSOR };
        continue;
      }
      throw error;
    }
    handlers.onPage(page.items);
    const next = advanceSyncCursor(cursor, page);
    cursor = next.cursor;
    if (next.done) return { cursor, done: true, daily: null };
  }
}
