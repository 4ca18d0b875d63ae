/** The Calendar and People fakes keep Google's contract, unkind parts included. */
import { asAdvancedCalendar, FakeCalendar } from '../fakes/fake-calendar';
import { asAdvancedPeople, FakePeople, PEOPLE_SYNC_TOKEN_LIFE_MS } from '../fakes/fake-people';
import { NotImplementedError } from '../fakes/not-implemented';

const event = (id: string, day: number) => ({ id, status: 'confirmed', start: { dateTime: new Date(Date.UTC(2026, 0, day)).toISOString() } });

describe('FakeCalendar', () => {
  it('pages with short and empty pages, gives the sync token only on the last, and only changes after it', () => {
    const fake = new FakeCalendar({ pageCap: 2, emptyPages: true });
    for (let i = 1; i <= 5; i += 1) fake.put(event(`e${i}`, i));
    const cal = asAdvancedCalendar(fake);
    const seen: string[] = [];
    let page = cal.Events!.list('primary', { singleEvents: true, maxResults: 250, timeMin: '2025-01-01T00:00:00Z' });
    let pages = 1;
    while (page.nextPageToken !== undefined) {
      expect(page.nextSyncToken).toBeUndefined();
      seen.push(...(page.items ?? []).map((e) => e.id!));
      page = cal.Events!.list('primary', { singleEvents: true, maxResults: 250, pageToken: page.nextPageToken });
      pages += 1;
    }
    seen.push(...(page.items ?? []).map((e) => e.id!));
    expect(seen.sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(pages).toBeGreaterThan(3);
    const token = page.nextSyncToken!;
    fake.cancel('e2');
    fake.put(event('e6', 6));
    const changes = cal.Events!.list('primary', { singleEvents: true, syncToken: token });
    expect(changes.items!.map((e) => [e.id, e.status])).toEqual([['e2', 'cancelled'], ['e6', 'confirmed']]);
  });

  it('refuses timeMin with a syncToken, answers 410 after the server expires tokens, and models quota', () => {
    const fake = new FakeCalendar();
    fake.put(event('e1', 1));
    const cal = asAdvancedCalendar(fake);
    const token = cal.Events!.list('primary', { singleEvents: true }).nextSyncToken!;
    expect(() => cal.Events!.list('primary', { singleEvents: true, syncToken: token, timeMin: '2025-01-01T00:00:00Z' })).toThrow('Invalid parameters provided.');
    fake.expireSyncTokens();
    expect(() => cal.Events!.list('primary', { singleEvents: true, syncToken: token })).toThrow(
      'API call to calendar.events.list failed with error: Sync token is no longer valid, a full sync is required.',
    );
    fake.rateLimitNext = 1;
    expect(() => cal.Events!.list('primary', { singleEvents: true })).toThrow('Rate Limit Exceeded');
    fake.dailyQuotaSpent = true;
    expect(() => cal.Events!.list('primary', { singleEvents: true })).toThrow('Service invoked too many times for one day: calendar.');
    expect(() => cal.Events!.insert({}, 'primary')).toThrow(NotImplementedError);
  });
});

describe('FakePeople', () => {
  it('requires personFields, pages, marks deletions in a sync, and expires tokens after 7 days', () => {
    let now = Date.UTC(2026, 0, 1);
    const fake = new FakePeople({ now: () => now, pageCap: 1 });
    fake.put('people/a', 'Ann', ['ann@example.org']);
    fake.put('people/b', 'Bo', ['bo@example.org']);
    const people = asAdvancedPeople(fake);
    expect(() => people.People!.Connections!.list('people/me', {})).toThrow('personFields mask is required');
    const first = people.People!.Connections!.list('people/me', { personFields: 'names,emailAddresses', requestSyncToken: true });
    expect(first.connections).toHaveLength(1);
    expect(first.nextSyncToken).toBeUndefined();
    const last = people.People!.Connections!.list('people/me', { personFields: 'names,emailAddresses', requestSyncToken: true, pageToken: first.nextPageToken });
    const token = last.nextSyncToken!;
    fake.remove('people/a');
    const changes = people.People!.Connections!.list('people/me', { personFields: 'names', requestSyncToken: true, syncToken: token });
    expect(changes.connections).toEqual([{ resourceName: 'people/a', metadata: { deleted: true } }]);
    now += PEOPLE_SYNC_TOKEN_LIFE_MS + 1;
    expect(() => people.People!.Connections!.list('people/me', { personFields: 'names', syncToken: token })).toThrow('Sync token is expired.');
    expect(() => people.People!.get('people/a')).toThrow(NotImplementedError);
  });
});
