/**
 * The Calendar advanced service's Events.list, as unkind as its contract allows
 * (developers.google.com/calendar/api/v3/reference/events/list and
 * developers.google.com/calendar/api/guides/sync):
 *
 * - A page may hold fewer events than maxResults, or none, and still have a
 *   nextPageToken; only the last page of a listing carries nextSyncToken.
 * - Without orderBy the order is unspecified: `order: 'shuffled'` reverses
 *   and interleaves.
 * - With singleEvents every instance of a recurring event is its own event,
 *   whose id stays the same when the instance is moved; a deleted or cancelled
 *   instance comes back in an incremental sync as id + status "cancelled" only.
 * - timeMin may not be combined with syncToken (400), and a sync token can be
 *   expired by the server at any time: 410 "Sync token is no longer valid, a
 *   full sync is required." (reason fullSyncRequired).
 * - Rate limits: 403 rateLimitExceeded "Rate Limit Exceeded" (Calendar's
 *   errors guide), and Apps Script's own daily cap, "Service invoked too many
 *   times for one day: calendar."
 */
import { dailyQuotaMessage, googleJsonResponseException } from './google-errors';
import { notImplemented } from './not-implemented';

type Event = GoogleAppsScript.Calendar.Schema.Event;
type Events = GoogleAppsScript.Calendar.Schema.Events;

export interface FakeCalendarOptions {
  /** Serve at most this many events a page, whatever maxResults asks; default: maxResults. */
  pageCap?: number;
  /** Every other page comes back empty (with a nextPageToken). */
  emptyPages?: boolean;
  order?: 'updated' | 'shuffled';
}

interface Stored {
  event: Event;
  /** Change sequence number: what a sync token counts from. */
  seq: number;
}

const API = 'calendar.events.list';

export class FakeCalendar {
  readonly Events: FakeEvents;
  private readonly stored = new Map<string, Stored>();
  private seq = 0;
  /** Tokens issued → the seq they were issued at; an expired one is deleted. */
  private readonly tokens = new Map<string, number>();
  calls: Array<Record<string, unknown>> = [];
  /** Fail the next N list calls with a rate limit, then serve. */
  rateLimitNext = 0;
  /** Fail every list call with the Apps Script daily cap. */
  dailyQuotaSpent = false;
  /** Called on every list call, e.g. to move a shared clock by Calendar's latency. */
  onCall: (() => void) | null = null;

  constructor(readonly options: FakeCalendarOptions = {}) {
    this.Events = new FakeEvents(this);
  }

  /** Adds or replaces an event (an instance, for a recurring one: its own id), as of now. */
  put(event: Event): void {
    this.seq += 1;
    this.stored.set(event.id!, { event: { ...event, updated: event.updated ?? new Date(Date.UTC(2026, 0, 1) + this.seq * 1000).toISOString() }, seq: this.seq });
  }

  /** Deletes or cancels an event: a full listing leaves it out, a sync returns it as cancelled. */
  cancel(id: string): void {
    this.seq += 1;
    this.stored.set(id, { event: { id, status: 'cancelled' }, seq: this.seq });
  }

  /** The server invalidates every sync token it gave out. */
  expireSyncTokens(): void {
    this.tokens.clear();
  }

  list(calendarId: string, args: Record<string, unknown>): Events {
    this.calls.push({ calendarId, ...args });
    this.onCall?.();
    if (this.dailyQuotaSpent) throw new Error(dailyQuotaMessage('calendar'));
    if (this.rateLimitNext > 0) {
      this.rateLimitNext -= 1;
      throw googleJsonResponseException(API, 403, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits');
    }
    if (calendarId !== 'primary') return notImplemented('FakeCalendar', `Events.list on ${calendarId}`);
    if (args.singleEvents !== true) return notImplemented('FakeCalendar', 'Events.list without singleEvents');
    const syncToken = args.syncToken as string | undefined;
    if (syncToken !== undefined && (args.timeMin !== undefined || args.timeMax !== undefined)) {
      throw googleJsonResponseException(API, 400, 'invalid', 'Invalid parameters provided.');
    }
    let since = 0;
    if (syncToken !== undefined) {
      const at = this.tokens.get(syncToken);
      if (at === undefined) throw googleJsonResponseException(API, 410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.', 'calendar');
      since = at;
    }
    // A page token encodes the listing's snapshot, where it is, and its page number.
    const page = decodePageToken(args.pageToken as string | undefined);
    const snapshot = page?.snapshot ?? this.seq;
    const timeMin = typeof args.timeMin === 'string' ? Date.parse(args.timeMin) : -Infinity;
    let items = [...this.stored.values()]
      .filter((s) => s.seq > since && s.seq <= snapshot)
      .filter((s) => (syncToken !== undefined ? true : s.event.status !== 'cancelled'))
      .filter((s) => syncToken !== undefined || startOf(s.event) >= timeMin)
      .sort((a, b) => a.seq - b.seq)
      .map((s) => s.event);
    if (this.options.order === 'shuffled') items = interleave(items);
    const maxResults = Math.min(Number(args.maxResults ?? 250), 2500);
    const size = Math.min(maxResults, this.options.pageCap ?? maxResults);
    const offset = page?.offset ?? 0;
    const number = page?.number ?? 0;
    const empty = this.options.emptyPages === true && number % 2 === 1;
    const slice = empty ? [] : items.slice(offset, offset + size);
    const nextOffset = offset + slice.length;
    const out: Events = { kind: 'calendar#events', items: slice.map((e) => ({ ...e })) };
    if (nextOffset < items.length) {
      out.nextPageToken = encodePageToken({ snapshot, offset: nextOffset, number: number + 1 });
    } else {
      const token = `sync-${snapshot}-${this.tokens.size + 1}`;
      this.tokens.set(token, snapshot);
      out.nextSyncToken = token;
    }
    return out;
  }
}

class FakeEvents implements GoogleAppsScript.Calendar.Collection.EventsCollection {
  constructor(private readonly calendar: FakeCalendar) {}
  list(calendarId: string, optionalArgs: object = {}): Events {
    return this.calendar.list(calendarId, optionalArgs as Record<string, unknown>);
  }
  get(): never {
    return notImplemented('FakeCalendar', 'Events.get');
  }
  import(): never {
    return notImplemented('FakeCalendar', 'Events.import');
  }
  insert(): never {
    return notImplemented('FakeCalendar', 'Events.insert');
  }
  instances(): never {
    return notImplemented('FakeCalendar', 'Events.instances');
  }
  move(): never {
    return notImplemented('FakeCalendar', 'Events.move');
  }
  patch(): never {
    return notImplemented('FakeCalendar', 'Events.patch');
  }
  quickAdd(): never {
    return notImplemented('FakeCalendar', 'Events.quickAdd');
  }
  remove(): never {
    return notImplemented('FakeCalendar', 'Events.remove');
  }
  update(): never {
    return notImplemented('FakeCalendar', 'Events.update');
  }
  watch(): never {
    return notImplemented('FakeCalendar', 'Events.watch');
  }
}

/** The fake as the advanced service's type; any collection it does not model fails loudly. */
export function asAdvancedCalendar(fake: FakeCalendar): GoogleAppsScript.Calendar {
  return new Proxy(fake, {
    get(target, prop) {
      if (prop in target) return (target as unknown as Record<string | symbol, unknown>)[prop];
      return notImplemented('FakeCalendar', String(prop));
    },
  }) as unknown as GoogleAppsScript.Calendar;
}

function startOf(event: Event): number {
  const start = event.start?.dateTime ?? (event.start?.date ? `${event.start.date}T00:00:00Z` : undefined);
  return start === undefined ? Infinity : Date.parse(start);
}

function interleave<T>(items: T[]): T[] {
  const out: T[] = [];
  for (let lo = 0, hi = items.length - 1; lo <= hi; lo += 1, hi -= 1) {
    out.push(items[hi]!);
    if (lo !== hi) out.push(items[lo]!);
  }
  return out;
}

interface PageState {
  snapshot: number;
  offset: number;
  number: number;
}

function encodePageToken(state: PageState): string {
  return `page:${state.snapshot}:${state.offset}:${state.number}`;
}

function decodePageToken(token: string | undefined): PageState | null {
  if (token === undefined) return null;
  const [, snapshot, offset, number] = token.split(':');
  return { snapshot: Number(snapshot), offset: Number(offset), number: Number(number) };
}
