/**
 * The People advanced service's people.connections.list and contactGroups.list,
 * as unkind as the contract allows (developers.google.com/people/api/rest/v1/people.connections/list):
 *
 * - personFields is required (400 without it); pages may be short and still
 *   carry a nextPageToken; nextSyncToken comes only on the last page, and only
 *   when requestSyncToken is set.
 * - With a syncToken, only changed people come back; deleted ones as a person
 *   with metadata.deleted = true and nothing else.
 * - Sync tokens expire 7 days after the full sync: 400 FAILED_PRECONDITION
 *   with reason EXPIRED_SYNC_TOKEN, "Sync token is expired. Clear local cache
 *   and retry call without the sync token."
 * - Quota: 429 RESOURCE_EXHAUSTED "Quota exceeded for quota metric 'Read
 *   requests' and limit 'Read requests per minute per user' of service
 *   'people.googleapis.com' …"; Apps Script's own daily cap, "Service invoked
 *   too many times for one day: people."
 */
import { dailyQuotaMessage, googleJsonResponseException } from './google-errors';
import { notImplemented } from './not-implemented';

type Person = GoogleAppsScript.People.Schema.Person;
type ContactGroup = GoogleAppsScript.People.Schema.ContactGroup;

/** Seven days, in ms: the documented life of a connections sync token. */
export const PEOPLE_SYNC_TOKEN_LIFE_MS = 7 * 86_400_000;

const API = 'people.people.connections.list';

export interface FakePeopleOptions {
  /** The clock the token expiry is measured on. */
  now: () => number;
  pageCap?: number;
}

export class FakePeople {
  readonly People: FakePeopleCollection;
  readonly ContactGroups: FakeContactGroups;
  private readonly people = new Map<string, { person: Person; seq: number }>();
  readonly groups: ContactGroup[] = [
    { resourceName: 'contactGroups/myContacts', name: 'myContacts', formattedName: 'My Contacts', groupType: 'SYSTEM_CONTACT_GROUP' },
    { resourceName: 'contactGroups/starred', name: 'starred', formattedName: 'Starred', groupType: 'SYSTEM_CONTACT_GROUP' },
  ];
  private seq = 0;
  private readonly tokens = new Map<string, { seq: number; issuedAt: number }>();
  calls: Array<Record<string, unknown>> = [];
  rateLimitNext = 0;
  dailyQuotaSpent = false;

  constructor(readonly options: FakePeopleOptions) {
    this.People = new FakePeopleCollection(this);
    this.ContactGroups = new FakeContactGroups(this);
  }

  addGroup(id: string, name: string): string {
    const resourceName = `contactGroups/${id}`;
    this.groups.push({ resourceName, name, formattedName: name, groupType: 'USER_CONTACT_GROUP' });
    return resourceName;
  }

  /** Adds or replaces a contact. */
  put(resourceName: string, name: string, emails: string[], groups: string[] = ['contactGroups/myContacts']): void {
    this.seq += 1;
    this.people.set(resourceName, {
      person: {
        resourceName,
        etag: `e${this.seq}`,
        names: [{ displayName: name, metadata: { primary: true } } as GoogleAppsScript.People.Schema.Name],
        emailAddresses: emails.map((value) => ({ value })),
        // The API fills both; the @types know only contactGroupId.
        memberships: groups.map((g) => ({ contactGroupMembership: { contactGroupId: g.replace(/^contactGroups\//, ''), contactGroupResourceName: g } as GoogleAppsScript.People.Schema.ContactGroupMembership })),
      },
      seq: this.seq,
    });
  }

  remove(resourceName: string): void {
    this.seq += 1;
    this.people.set(resourceName, { person: { resourceName, metadata: { deleted: true } as GoogleAppsScript.People.Schema.PersonMetadata }, seq: this.seq });
  }

  listConnections(resourceName: string, args: Record<string, unknown>): GoogleAppsScript.People.Schema.ListConnectionsResponse {
    this.calls.push({ resourceName, ...args });
    if (this.dailyQuotaSpent) throw new Error(dailyQuotaMessage('people'));
    if (this.rateLimitNext > 0) {
      this.rateLimitNext -= 1;
      throw googleJsonResponseException(
        API,
        429,
        'RATE_LIMIT_EXCEEDED',
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'people.googleapis.com' for consumer 'project_number:000000000000'.",
      );
    }
    if (resourceName !== 'people/me') throw googleJsonResponseException(API, 400, 'badRequest', 'Must be a connections of the requester');
    if (typeof args.personFields !== 'string' || args.personFields === '') {
      throw googleJsonResponseException(API, 400, 'badRequest', 'personFields mask is required. Please specify one or more valid paths.');
    }
    const syncToken = args.syncToken as string | undefined;
    let since = 0;
    if (syncToken !== undefined) {
      const token = this.tokens.get(syncToken);
      if (token === undefined || this.options.now() - token.issuedAt > PEOPLE_SYNC_TOKEN_LIFE_MS) {
        throw googleJsonResponseException(API, 400, 'EXPIRED_SYNC_TOKEN', 'Sync token is expired. Clear local cache and retry call without the sync token.');
      }
      since = token.seq;
    }
    const [snapshotText, offsetText] = typeof args.pageToken === 'string' ? args.pageToken.split(':') : [String(this.seq), '0'];
    const snapshot = Number(snapshotText);
    const offset = Number(offsetText);
    const fields = new Set(args.personFields.split(','));
    const all = [...this.people.values()]
      .filter((p) => p.seq > since && p.seq <= snapshot)
      .filter((p) => syncToken !== undefined || p.person.metadata?.deleted !== true)
      .sort((a, b) => a.seq - b.seq)
      .map((p) => p.person);
    const size = Math.min(Number(args.pageSize ?? 100) || 100, 1000, this.options.pageCap ?? 1000);
    const slice = all.slice(offset, offset + size).map((p) => pick(p, fields));
    const out: GoogleAppsScript.People.Schema.ListConnectionsResponse = { connections: slice, totalItems: all.length };
    if (offset + slice.length < all.length) out.nextPageToken = `${snapshot}:${offset + slice.length}`;
    else if (args.requestSyncToken === true) {
      const token = `psync-${snapshot}-${this.tokens.size + 1}`;
      // Incremental tokens keep the full sync's issue time: they expire 7 days after the full sync.
      const issuedAt = syncToken === undefined ? this.options.now() : this.tokens.get(syncToken)!.issuedAt;
      this.tokens.set(token, { seq: snapshot, issuedAt });
      out.nextSyncToken = token;
    }
    return out;
  }
}

function pick(person: Person, fields: ReadonlySet<string>): Person {
  if (person.metadata?.deleted === true) return { resourceName: person.resourceName, metadata: person.metadata };
  const out: Person = { resourceName: person.resourceName, etag: person.etag };
  if (fields.has('names')) out.names = person.names;
  if (fields.has('emailAddresses')) out.emailAddresses = person.emailAddresses;
  if (fields.has('memberships')) out.memberships = person.memberships;
  return out;
}

class FakeConnections implements GoogleAppsScript.People.Collection.People.ConnectionsCollection {
  constructor(private readonly fake: FakePeople) {}
  list(resourceName: string, optionalArgs: object = {}): GoogleAppsScript.People.Schema.ListConnectionsResponse {
    return this.fake.listConnections(resourceName, optionalArgs as Record<string, unknown>);
  }
}

class FakePeopleCollection {
  readonly Connections: FakeConnections;
  constructor(fake: FakePeople) {
    this.Connections = new FakeConnections(fake);
  }
}

class FakeContactGroups {
  constructor(private readonly fake: FakePeople) {}
  list(optionalArgs: object = {}): GoogleAppsScript.People.Schema.ListContactGroupsResponse {
    const args = optionalArgs as { pageSize?: number; pageToken?: string };
    const size = Math.min(args.pageSize ?? 30, 1000);
    const offset = Number(args.pageToken ?? 0);
    const slice = this.fake.groups.slice(offset, offset + size);
    const out: GoogleAppsScript.People.Schema.ListContactGroupsResponse = { contactGroups: slice.map((g) => ({ ...g })), totalItems: this.fake.groups.length };
    if (offset + slice.length < this.fake.groups.length) out.nextPageToken = String(offset + slice.length);
    return out;
  }
}

/** The fake as the advanced service's type; anything it does not model fails loudly. */
export function asAdvancedPeople(fake: FakePeople): GoogleAppsScript.People {
  const collection = (name: string, target: object) =>
    new Proxy(target, {
      get(t, prop) {
        if (prop in t) return (t as Record<string | symbol, unknown>)[prop];
        return () => notImplemented('FakePeople', `${name}.${String(prop)}`);
      },
    });
  return new Proxy(fake, {
    get(target, prop) {
      if (prop === 'People') return collection('People', target.People);
      if (prop === 'ContactGroups') return collection('ContactGroups', target.ContactGroups);
      if (prop in target) return (target as unknown as Record<string | symbol, unknown>)[prop];
      return notImplemented('FakePeople', String(prop));
    },
  }) as unknown as GoogleAppsScript.People;
}
