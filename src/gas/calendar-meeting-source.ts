/**
 * The primary calendar through the Calendar advanced service: Events.list with
 * singleEvents (every occurrence its own event, exceptions and moves applied by
 * Google), paged by pageToken, then by syncToken for what changed
 * (developers.google.com/calendar/api/guides/sync). Needs only
 * calendar.events.readonly.
 */
import type { CalendarEvent } from '../core/fold-meetings';
import type { SyncRequest } from '../core/plan-sync';
import { EVENT_FIELDS, readApiEvent } from '../core/read-google-sources';

export type AdvancedCalendar = GoogleAppsScript.Calendar;

export interface MeetingPage {
  events: CalendarEvent[];
  nextPageToken: string | null;
  nextSyncToken: string | null;
}

export class CalendarMeetingSource {
  constructor(private readonly calendar: AdvancedCalendar) {}

  /** One page. A full sync reads from `timeMin` (ISO 8601); the API refuses timeMin with a syncToken. */
  listPage(request: SyncRequest, timeMin: string, pageSize: number, readAt: number): MeetingPage {
    const args: Record<string, unknown> = { singleEvents: true, maxResults: pageSize, fields: EVENT_FIELDS };
    if (request.syncToken !== null) args.syncToken = request.syncToken;
    else args.timeMin = timeMin;
    if (request.pageToken !== null) args.pageToken = request.pageToken;
    const page = this.calendar.Events!.list('primary', args);
    const events: CalendarEvent[] = [];
    for (const item of page.items ?? []) {
      const event = readApiEvent(item, readAt);
      if (event !== null) events.push(event);
    }
    return { events, nextPageToken: page.nextPageToken ?? null, nextSyncToken: page.nextSyncToken ?? null };
  }
}

/** The Calendar advanced service, or null when the user has not added it. */
export function findAdvancedCalendar(): AdvancedCalendar | null {
  return typeof Calendar === 'undefined' || Calendar === undefined ? null : Calendar;
}
