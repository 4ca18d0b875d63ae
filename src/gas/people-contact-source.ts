/**
 * Google Contacts through the People advanced service: people.connections.list
 * with names, emailAddresses and memberships, paged and then synced by token
 * (sync tokens expire after 7 days: developers.google.com/people/api/rest/v1/people.connections/list),
 * and contactGroups.list for label names. Needs only contacts.readonly.
 */
import type { SyncRequest } from '../core/plan-sync';
import { PERSON_FIELDS, readApiGroups, readApiPerson, type SyncedCard } from '../core/read-google-sources';

export type AdvancedPeople = GoogleAppsScript.People;

export interface ContactsPage {
  cards: SyncedCard[];
  /** Resource names deleted since the last sync. */
  deleted: string[];
  nextPageToken: string | null;
  nextSyncToken: string | null;
}

export class PeopleContactSource {
  constructor(private readonly people: AdvancedPeople) {}

  listPage(request: SyncRequest, pageSize: number): ContactsPage {
    const args: Record<string, unknown> = { personFields: PERSON_FIELDS, pageSize, requestSyncToken: true };
    if (request.syncToken !== null) args.syncToken = request.syncToken;
    if (request.pageToken !== null) args.pageToken = request.pageToken;
    const page = this.people.People!.Connections!.list('people/me', args);
    const cards: SyncedCard[] = [];
    const deleted: string[] = [];
    for (const person of page.connections ?? []) {
      const read = readApiPerson(person);
      if (read === null) continue;
      if (read.card === null) deleted.push(read.id);
      else cards.push(read.card);
    }
    return { cards, deleted, nextPageToken: page.nextPageToken ?? null, nextSyncToken: page.nextSyncToken ?? null };
  }

  /** Every label, paged: a few dozen at most, so read in full each time. */
  listGroups(pageSize = 1000): Record<string, string> {
    const all: GoogleAppsScript.People.Schema.ContactGroup[] = [];
    let pageToken: string | undefined;
    for (let guard = 0; guard < 100; guard += 1) {
      const page = this.people.ContactGroups!.list({ pageSize, groupFields: 'name,groupType', ...(pageToken === undefined ? {} : { pageToken }) });
      all.push(...(page.contactGroups ?? []));
      pageToken = page.nextPageToken ?? undefined;
      if (pageToken === undefined) break;
    }
    return readApiGroups(all);
  }
}

/** The People advanced service, or null when the user has not added it. */
export function findAdvancedPeople(): AdvancedPeople | null {
  return typeof People === 'undefined' || People === undefined ? null : People;
}
