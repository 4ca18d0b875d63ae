import { advanceSyncCursor, EMPTY_SYNC_CURSOR, isSyncTokenExpired, planSyncRequest } from '../../src/core/plan-sync';
import { buildContactCards, readApiEvent, readApiGroups, readApiPerson } from '../../src/core/read-google-sources';

describe('the sync plan', () => {
  it('pages a full sync, keeps the token only from the last page, then goes incremental', () => {
    expect(planSyncRequest(EMPTY_SYNC_CURSOR)).toEqual({ kind: 'full', syncToken: null, pageToken: null });
    const mid = advanceSyncCursor(EMPTY_SYNC_CURSOR, { nextPageToken: 'p2' });
    expect(mid).toEqual({ cursor: { syncToken: null, pageToken: 'p2' }, done: false });
    const end = advanceSyncCursor(mid.cursor, { nextSyncToken: 's1' });
    expect(end).toEqual({ cursor: { syncToken: 's1', pageToken: null }, done: true });
    expect(planSyncRequest(end.cursor)).toEqual({ kind: 'incremental', syncToken: 's1', pageToken: null });
    // An incremental sync keeps its old token while it pages.
    expect(advanceSyncCursor(end.cursor, { nextPageToken: 'q2' }).cursor).toEqual({ syncToken: 's1', pageToken: 'q2' });
    // A last page with no new token: done, and the old token stays.
    expect(advanceSyncCursor({ syncToken: 's1', pageToken: 'q2' }, {})).toEqual({ cursor: { syncToken: 's1', pageToken: null }, done: true });
  });

  it('knows an expired token by Calendar\'s 410 and People\'s EXPIRED_SYNC_TOKEN, and nothing else', () => {
    expect(isSyncTokenExpired(new Error('API call to calendar.events.list failed with error: Sync token is no longer valid, a full sync is required.'))).toBe(true);
    expect(isSyncTokenExpired(Object.assign(new Error('Gone'), { code: 410 }))).toBe(true);
    expect(isSyncTokenExpired(new Error('API call to people.people.connections.list failed with error: Sync token is expired. Clear local cache and retry call without the sync token.'))).toBe(true);
    expect(isSyncTokenExpired(new Error('Rate Limit Exceeded'))).toBe(false);
    expect(isSyncTokenExpired(Object.assign(new Error('Not found'), { code: 404 }))).toBe(false);
  });
});

describe('reading Google\'s JSON', () => {
  it('reads an event: id as key, times, all-day, cancelled, people and rooms', () => {
    const e = readApiEvent(
      {
        id: 'abc_20260101T100000Z',
        status: 'confirmed',
        start: { dateTime: '2026-01-01T11:00:00+01:00' },
        organizer: { email: 'me@example.com', self: true },
        attendees: [{ email: 'ann@example.org', displayName: 'Ann', responseStatus: 'needsAction' }, { email: 'room@example.org', resource: true, responseStatus: 'accepted' }, { displayName: 'no address' }],
      },
      42,
    )!;
    expect(e).toEqual({
      uid: 'abc_20260101T100000Z', recurrenceId: null, explicit: true, start: Date.parse('2026-01-01T10:00:00Z'), allDay: false, cancelled: false, updated: 42,
      organizer: { email: 'me@example.com', name: '', self: true },
      attendees: [{ email: 'ann@example.org', name: 'Ann', response: 'needs-action', resource: false }, { email: 'room@example.org', name: '', response: 'accepted', resource: true }],
    });
    expect(readApiEvent({ id: 'd', start: { date: '2026-01-02' } }, 1)!.allDay).toBe(true);
    expect(readApiEvent({ id: 'gone', status: 'cancelled' }, 1)!.cancelled).toBe(true);
    expect(readApiEvent({ status: 'confirmed' }, 1)).toBeNull();
  });

  it('reads a person, a deletion and the labels, system groups left out', () => {
    expect(readApiPerson({ resourceName: 'people/c1', names: [{ displayName: 'Other' }, { displayName: 'Ann', metadata: { primary: true } }], emailAddresses: [{ value: ' Ann@X.org ' }], memberships: [{ contactGroupMembership: { contactGroupId: 'g1' } }] })).toEqual({
      id: 'people/c1',
      card: { id: 'people/c1', name: 'Ann', emails: ['Ann@X.org'], groupIds: ['contactGroups/g1'] },
    });
    expect(readApiPerson({ resourceName: 'people/c2', metadata: { deleted: true } })).toEqual({ id: 'people/c2', card: null });
    const groups = readApiGroups([{ resourceName: 'contactGroups/myContacts', name: 'myContacts', groupType: 'SYSTEM_CONTACT_GROUP' }, { resourceName: 'contactGroups/g1', name: 'Reconnect: weekly', groupType: 'USER_CONTACT_GROUP' }]);
    expect(groups).toEqual({ 'contactGroups/g1': 'Reconnect: weekly' });
    expect(buildContactCards({ 'people/c1': { id: 'people/c1', name: 'Ann', emails: ['a@x.org'], groupIds: ['contactGroups/myContacts', 'contactGroups/g1'] }, 'people/c3': { id: 'people/c3', name: 'No mail', emails: [], groupIds: [] } }, groups)).toEqual([
      { id: 'people/c1', name: 'Ann', emails: ['a@x.org'], groups: ['Reconnect: weekly'] },
    ]);
  });
});
