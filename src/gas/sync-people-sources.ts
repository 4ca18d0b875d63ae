/**
 * After the mail scan: the calendar's and the contacts' changes, by sync token,
 * inside what is left of the run's budget and behind the same quota handling
 * (callWithRetry: back off on a rate limit, stop on a daily one). A sync left
 * unfinished keeps its page token and goes on in the next run; an expired token
 * (410 on Calendar, EXPIRED_SYNC_TOKEN on People) wipes what that sync had
 * stored and starts it over in full.
 */
import { addMeeting, createMeetingStore, type MeetingOptions } from '../core/fold-meetings';
import { advanceSyncCursor, EMPTY_SYNC_CURSOR, isSyncTokenExpired, planSyncRequest, type SyncCursor } from '../core/plan-sync';
import { buildContactCards } from '../core/read-google-sources';
import { resolvePeople, type PeopleLedger, type RefusedLink } from '../core/resolve-people';
import type { Ledger } from '../core/ledger';
import type { ReconnectSettings } from '../core/settings';
import { callWithRetry, DailyQuotaError } from './call-with-retry';
import type { CalendarMeetingSource } from './calendar-meeting-source';
import type { PeopleContactSource } from './people-contact-source';
import type { PeopleSourcesState, SheetPeopleStore } from './sheet-people-store';

export interface PeopleSyncDeps {
  /** Null when the user has not added the advanced service (said in the run summary); undefined when not wired. */
  calendar: CalendarMeetingSource | null | undefined;
  contacts: PeopleContactSource | null | undefined;
  peopleStore: SheetPeopleStore;
  now: () => number;
  sleep: (ms: number) => void;
}

export interface PeopleSyncResult {
  /** Null when neither source is wired. */
  state: PeopleSourcesState | null;
  /** Both syncs finished (or were off); false when the budget or a quota stopped one. */
  finished: boolean;
  /** Why not finished: the run's time ran out, or a daily quota; null when finished. */
  pending: 'budget' | 'quota' | null;
  /** One sentence each, for the run summary. */
  notes: string[];
}

export const CALENDAR_PAGE_SIZE = 250;
/** connections.list allows 1 to 1000 a page. */
export const CONTACTS_PAGE_SIZE = 1000;
const DAY_MS = 86_400_000;

export function syncPeopleSources(deps: PeopleSyncDeps, settings: ReconnectSettings, owner: readonly string[], deadline: number): PeopleSyncResult {
  if (deps.calendar === undefined && deps.contacts === undefined) return { state: null, finished: true, pending: null, notes: [] };
  let quota = false;
  const state = deps.peopleStore.load();
  const notes: string[] = [];
  let finished = true;
  const retry = <T>(call: () => T) => callWithRetry(call, deps.sleep);
  const timeLeft = () => deps.now() < deadline;

  if (settings.readCalendar && deps.calendar !== null && deps.calendar !== undefined) {
    const options: MeetingOptions = {
      owner: new Set(owner),
      mergeGmailVariants: settings.mergeGmailVariants,
      excludedAddresses: new Set(settings.excludedAddresses),
      excludedDomains: new Set(settings.excludedDomains),
      largeMeetingCount: settings.largeMeetingCount,
    };
    const timeMin = new Date(deps.now() - settings.lookbackDays * DAY_MS).toISOString();
    const calendar = deps.calendar;
    const outcome = runSync(state.calendar, timeLeft, retry, (request) => calendar.listPage(request, timeMin, CALENDAR_PAGE_SIZE, deps.now()), {
      onPage: (page) => {
        for (const event of page.events) addMeeting(state.meetings, event, options);
      },
      onExpired: () => {
        state.meetings = createMeetingStore();
        notes.push('Your calendar asked for a full resync; meetings are being read again.');
      },
    });
    state.calendar = outcome.cursor;
    if (!outcome.done) finished = false;
    if (outcome.quota !== null) quota = true;
    if (outcome.quota !== null) notes.push(`Calendar quota is used up for now; meetings resume later. (${outcome.quota})`);
  } else if (settings.readCalendar && deps.calendar === null) {
    notes.push('Meetings are not read: add the Google Calendar API under Services in the Apps Script editor.');
  }

  if (settings.readContacts && deps.contacts !== null && deps.contacts !== undefined && timeLeft()) {
    const contacts = deps.contacts;
    const outcome = runSync(state.contacts, timeLeft, retry, (request) => contacts.listPage(request, CONTACTS_PAGE_SIZE), {
      onPage: (page) => {
        for (const card of page.cards) state.cards[card.id] = card;
        for (const id of page.deleted) delete state.cards[id];
      },
      onExpired: () => {
        state.cards = {};
        notes.push('Google Contacts asked for a full resync; contacts are being read again.');
      },
    });
    state.contacts = outcome.cursor;
    if (!outcome.done) finished = false;
    if (outcome.quota !== null) quota = true;
    if (outcome.quota !== null) notes.push(`Contacts quota is used up for now; contacts resume later. (${outcome.quota})`);
    if (outcome.done && outcome.quota === null) {
      try {
        state.groups = retry(() => contacts.listGroups());
      } catch (error) {
        if (!(error instanceof DailyQuotaError)) throw error;
      }
    }
  } else if (settings.readContacts && deps.contacts === null) {
    notes.push('Google Contacts are not read: add the People API under Services in the Apps Script editor.');
  } else if (settings.readContacts && deps.contacts !== undefined) {
    finished = false;
  }
  deps.peopleStore.save(state);
  return { state, finished, pending: finished ? null : quota ? 'quota' : 'budget', notes };
}

interface SyncHandlers<P> {
  onPage: (page: P) => void;
  onExpired: () => void;
}

/** Pages until done, out of time, or out of quota; an expired token restarts once per run. */
function runSync<P extends { nextPageToken: string | null; nextSyncToken: string | null }>(
  start: SyncCursor,
  timeLeft: () => boolean,
  retry: <T>(call: () => T) => T,
  fetch: (request: ReturnType<typeof planSyncRequest>) => P,
  handlers: SyncHandlers<P>,
): { cursor: SyncCursor; done: boolean; quota: string | null } {
  let cursor = start;
  let restarted = false;
  while (timeLeft()) {
    let page: P;
    try {
      page = retry(() => fetch(planSyncRequest(cursor)));
    } catch (error) {
      if (error instanceof DailyQuotaError) return { cursor, done: false, quota: error.message };
      if (!restarted && isSyncTokenExpired(error)) {
        restarted = true;
        handlers.onExpired();
        cursor = { ...EMPTY_SYNC_CURSOR };
        continue;
      }
      throw error;
    }
    handlers.onPage(page);
    const next = advanceSyncCursor(cursor, page);
    cursor = next.cursor;
    if (next.done) return { cursor, done: true, quota: null };
  }
  return { cursor, done: false, quota: null };
}

/** The ledger as people: cards, manual links and meetings applied, as of `now`. */
export function resolveWithSources(
  ledger: Ledger,
  state: PeopleSourcesState | null,
  settings: ReconnectSettings,
  now: number,
  links: string[][] = [],
): { ledger: PeopleLedger; refusedLinks: RefusedLink[] } {
  const cards = state !== null && settings.readContacts ? buildContactCards(state.cards, state.groups) : [];
  const meetings = state !== null && settings.readCalendar ? state.meetings : undefined;
  return resolvePeople({ ledger, now, meetings, directory: { cards, links }, mergeGmailVariants: settings.mergeGmailVariants });
}
