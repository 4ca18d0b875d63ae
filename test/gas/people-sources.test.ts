/**
 * The Calendar and People advanced services, through their fakes: paging, sync
 * tokens, a full resync after a 410 or an expired People token, quota, budget,
 * and what the scan, the report and the contextual card make of them.
 */
import { createGasRuntime, type GasRuntime } from '../../src/gas/create-gas-runtime';
import { CONTINUE_HANDLER, scanMailbox, type ScanOptions } from '../../src/gas/scan-mailbox';
import { syncPeopleSources } from '../../src/gas/sync-people-sources';
import { runWeekly } from '../../src/gas/run-weekly';
import { CalendarMeetingSource } from '../../src/gas/calendar-meeting-source';
import { PeopleContactSource } from '../../src/gas/people-contact-source';
import { completeSettings } from '../../src/core/settings';
import type { AddonDeps } from '../../src/gas/create-addon-context';
import { showAddonCard } from '../../src/gas/show-addon-card';
import { readCard } from '../fakes/fake-card-service';
import { asAdvancedCalendar, FakeCalendar } from '../fakes/fake-calendar';
import { asAdvancedPeople, FakePeople, PEOPLE_SYNC_TOKEN_LIFE_MS } from '../fakes/fake-people';
import type { FakeGoogle } from '../fakes/fake-google';
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { fakeServices, newGoogle, NOW } from './gas-harness';
import { buildAddonEvent, createAddonDeps, listWidgets, runInCardExecution } from './addon-harness';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const now = Date.parse(NOW);
const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();

function meeting(id: string, daysAgo: number, attendees: Array<[string, string]>, extra: Partial<GoogleAppsScript.Calendar.Schema.Event> = {}): GoogleAppsScript.Calendar.Schema.Event {
  return {
    id,
    status: 'confirmed',
    start: { dateTime: new Date(now - daysAgo * DAY).toISOString() },
    organizer: { email: 'me@example.com', self: true },
    attendees: [{ email: 'me@example.com', self: true, responseStatus: 'accepted' }, ...attendees.map(([email, responseStatus]) => ({ email, responseStatus }))],
    ...extra,
  };
}

interface World {
  google: FakeGoogle;
  calendar: FakeCalendar;
  people: FakePeople;
}

function world(): World {
  const box = new MailboxBuilder({ owner: 'me@example.com' });
  const ann = box.person('Ann Smith', 'ann@work.example');
  box.thread({ from: box.me, to: ann, date: at(300), subject: 'Plans' }, { from: ann, to: box.me, date: at(299) });
  box.received(box.person('Ann', 'ann@home.example'), at(200), { subject: 'From home' });
  box.thread({ from: box.me, to: box.person('Bo', 'bo@example.org'), date: at(120), subject: 'Hi Bo' });
  const google = newGoogle(box);
  const calendar = new FakeCalendar({ pageCap: 2, emptyPages: true, order: 'shuffled' });
  const people = new FakePeople({ now: () => google.clock.now(), pageCap: 1 });
  return { google, calendar, people };
}

function run<T>(w: World, body: (rt: GasRuntime) => T): T {
  w.google.startExecution({ kind: 'script' });
  try {
    return body(createGasRuntime({ ...fakeServices(w.google), calendar: asAdvancedCalendar(w.calendar), people: asAdvancedPeople(w.people) }));
  } finally {
    w.google.endExecution();
  }
}

const scan = (w: World, options: Partial<ScanOptions> = {}) => run(w, (rt) => scanMailbox(rt, options));

function contactsTab(w: World): Array<Record<string, unknown>> {
  const sheet = w.google.SpreadsheetApp.openById(run(w, (rt) => rt.opened.spreadsheet.getId())).getSheetByName('Contacts')!;
  const [header, ...rows] = sheet.getDataRange().getValues();
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [String(h), r[i]])));
}

describe('the calendar, through Events.list', () => {
  it('pages through short, empty and unordered pages, then syncs only what changed by token', () => {
    const w = world();
    for (let i = 0; i < 5; i += 1) w.calendar.put(meeting(`m${i}`, 10 + i, [['bo@example.org', 'accepted']]));
    w.calendar.put(meeting('declined', 3, [['bo@example.org', 'declined']]));
    w.calendar.put(meeting('future', -2, [['bo@example.org', 'accepted']]));
    const first = scan(w);
    expect(first.outcome).toBe('done');
    const full = w.calendar.calls;
    expect(full.length).toBeGreaterThan(3);
    expect(full.every((c) => c.singleEvents === true && c.syncToken === undefined && typeof c.timeMin === 'string')).toBe(true);
    const bo = contactsTab(w).find((r) => r.Email === 'bo@example.org')!;
    expect(bo.Meetings).toBe(5);
    expect(bo['Last contact was']).toBe('met');
    expect((bo['Last met'] as Date).getTime()).toBe(now - 10 * DAY);

    // The instance ten days ago moves to yesterday; one is cancelled.
    w.calendar.calls = [];
    w.calendar.put(meeting('m0', 1, [['bo@example.org', 'accepted']]));
    w.calendar.cancel('m4');
    w.google.clock.advance(HOUR);
    scan(w);
    expect(w.calendar.calls.length).toBeGreaterThan(0);
    expect(w.calendar.calls.every((c) => typeof c.syncToken === 'string' && c.timeMin === undefined)).toBe(true);
    const after = contactsTab(w).find((r) => r.Email === 'bo@example.org')!;
    expect(after.Meetings).toBe(4);
    expect((after['Last met'] as Date).getTime()).toBe(now - DAY);
  });

  it('starts over with a full sync after a 410, dropping what was deleted meanwhile', () => {
    const w = world();
    w.calendar.put(meeting('a', 5, [['bo@example.org', 'accepted']]));
    w.calendar.put(meeting('b', 4, [['bo@example.org', 'accepted']]));
    scan(w);
    expect(contactsTab(w).find((r) => r.Email === 'bo@example.org')!.Meetings).toBe(2);
    // Deleted while the token expired: a full listing no longer has it at all.
    w.calendar.cancel('b');
    w.calendar.expireSyncTokens();
    w.calendar.calls = [];
    w.google.clock.advance(HOUR);
    const result = scan(w);
    expect(result.message).toContain('Your calendar asked for a full resync');
    expect(w.calendar.calls[0]!.syncToken).toBeDefined();
    expect(w.calendar.calls.slice(1).every((c) => c.syncToken === undefined && typeof c.timeMin === 'string')).toBe(true);
    expect(contactsTab(w).find((r) => r.Email === 'bo@example.org')!.Meetings).toBe(1);
  });

  it('backs off on a rate limit, and keeps its place when the daily quota or the budget runs out', () => {
    const w = world();
    for (let i = 0; i < 6; i += 1) w.calendar.put(meeting(`m${i}`, 10 + i, [['bo@example.org', 'accepted']]));
    w.calendar.rateLimitNext = 2;
    scan(w);
    expect(contactsTab(w).find((r) => r.Email === 'bo@example.org')!.Meetings).toBe(6);

    const v = world();
    for (let i = 0; i < 6; i += 1) v.calendar.put(meeting(`m${i}`, 10 + i, [['bo@example.org', 'accepted']]));
    const settings = completeSettings({ readContacts: false });
    const calls = () => v.calendar.calls.length;
    // A deadline already reached: nothing is read, nothing lost.
    const none = run(v, (rt) => syncPeopleSources({ calendar: new CalendarMeetingSource(asAdvancedCalendar(v.calendar)), contacts: undefined, peopleStore: rt.peopleStore, now: () => v.google.clock.now(), sleep: () => {} }, settings, ['me@example.com'], 0));
    expect(none.finished).toBe(false);
    expect(calls()).toBe(0);
    // Two pages in, the daily quota is gone: the page token is kept, and the next run goes on from it.
    let served = 0;
    const source = new CalendarMeetingSource(asAdvancedCalendar(v.calendar));
    const limited = { listPage: (...args: Parameters<CalendarMeetingSource['listPage']>) => {
      served += 1;
      if (served > 2) v.calendar.dailyQuotaSpent = true;
      return source.listPage(...args);
    } } as CalendarMeetingSource;
    const stopped = run(v, (rt) => syncPeopleSources({ calendar: limited, contacts: undefined, peopleStore: rt.peopleStore, now: () => v.google.clock.now(), sleep: () => {} }, settings, ['me@example.com'], Infinity));
    expect(stopped.finished).toBe(false);
    expect(stopped.notes.join(' ')).toMatch(/Calendar quota is used up/);
    expect(stopped.state!.calendar.pageToken).not.toBeNull();
    v.calendar.dailyQuotaSpent = false;
    const resumed = run(v, (rt) => syncPeopleSources({ calendar: source, contacts: undefined, peopleStore: rt.peopleStore, now: () => v.google.clock.now(), sleep: () => {} }, settings, ['me@example.com'], Infinity));
    expect(resumed.finished).toBe(true);
    expect(v.calendar.calls.find((c) => c.pageToken === stopped.state!.calendar.pageToken)).toBeDefined();
    expect(Object.keys(resumed.state!.meetings.occurrences)).toHaveLength(6);
  });
});

describe('the scan budget', () => {
  it('leaves the continuation in place while a calendar sync is cut short, and removes it once it is done', () => {
    const w = world();
    for (let i = 0; i < 12; i += 1) w.calendar.put(meeting(`m${i}`, 10 + i, [['bo@example.org', 'accepted']]));
    // Each Events.list call takes a minute of the run's 4.5.
    w.calendar.onCall = () => w.google.clock.advance(60_000);
    const continuations = () => w.google.ScriptApp.triggers.filter((t) => t.handlerFunction === CONTINUE_HANDLER).length;
    const first = scan(w);
    expect(first.outcome).toBe('done');
    expect(continuations()).toBe(1);
    const partly = contactsTab(w).find((r) => r.Email === 'bo@example.org')!.Meetings as number;
    expect(partly).toBeLessThan(12);
    let runs = 1;
    while (continuations() > 0 && runs < 10) {
      run(w, (rt) => {
        rt.triggers.cancel(CONTINUE_HANDLER);
        return scanMailbox(rt);
      });
      runs += 1;
    }
    expect(continuations()).toBe(0);
    expect(runs).toBeGreaterThan(1);
    expect(contactsTab(w).find((r) => r.Email === 'bo@example.org')!.Meetings).toBe(12);
  });

  it('waits a day after the daily quota', () => {
    const w = world();
    w.calendar.put(meeting('m', 3, [['bo@example.org', 'accepted']]));
    w.calendar.dailyQuotaSpent = true;
    const result = scan(w);
    expect(result.message).toMatch(/Calendar quota is used up/);
    const triggers = w.google.ScriptApp.triggers.filter((t) => t.handlerFunction === CONTINUE_HANDLER);
    expect(triggers).toHaveLength(1);
    expect(triggers[0]!.spec.afterMs).toBe(24 * HOUR);
  });
});

describe('Google Contacts, through people.connections.list', () => {
  it('makes one person of a card\'s addresses, takes the cadence from a Reconnect label, and follows deletions', () => {
    const w = world();
    const monthly = w.people.addGroup('g1', 'Reconnect: monthly');
    w.people.put('people/c1', 'Ann Smith-Jones', ['ann@work.example', 'Ann@Home.example'], ['contactGroups/myContacts', monthly]);
    w.people.put('people/c2', 'Bo', ['bo@example.org']);
    scan(w);
    expect(w.people.calls.every((c) => c.personFields === 'names,emailAddresses,memberships' && c.requestSyncToken === true)).toBe(true);
    const rows = contactsTab(w);
    const ann = rows.find((r) => r.Email === 'ann@home.example')!;
    expect(ann).toMatchObject({ Name: 'Ann Smith-Jones', Groups: 'Reconnect: monthly', 'Cadence (days)': 30, 'Cadence source': 'group' });
    expect(rows.find((r) => r.Email === 'ann@work.example')).toBeUndefined();

    // The card is deleted: the next (incremental) sync splits Ann back into two addresses.
    w.people.remove('people/c1');
    w.people.calls = [];
    w.google.clock.advance(HOUR);
    scan(w);
    expect(w.people.calls.every((c) => typeof c.syncToken === 'string')).toBe(true);
    const emails = contactsTab(w).map((r) => r.Email);
    expect(emails).toEqual(expect.arrayContaining(['ann@work.example', 'ann@home.example']));
  });

  it('starts a full sync over when the token has expired after seven days', () => {
    const w = world();
    w.people.put('people/c1', 'Ann', ['ann@work.example', 'ann@home.example']);
    scan(w);
    w.google.clock.advance(PEOPLE_SYNC_TOKEN_LIFE_MS + HOUR);
    w.people.calls = [];
    const result = scan(w);
    expect(result.message).toContain('Google Contacts asked for a full resync');
    expect(w.people.calls[0]!.syncToken).toBeDefined();
    expect(w.people.calls[1]!.syncToken).toBeUndefined();
    expect(contactsTab(w).filter((r) => String(r.Email).startsWith('ann@'))).toHaveLength(1);
  });

  it('turns off with its setting, and then the addresses are people again', () => {
    const w = world();
    w.people.put('people/c1', 'Ann', ['ann@work.example', 'ann@home.example']);
    run(w, (rt) => rt.state.saveSettings(completeSettings({ readContacts: false, readCalendar: false })));
    scan(w);
    expect(w.people.calls).toHaveLength(0);
    expect(w.calendar.calls).toHaveLength(0);
    expect(contactsTab(w).filter((r) => String(r.Email).startsWith('ann@'))).toHaveLength(2);
  });

  it('reads label names with contactGroups.list, leaving Google\'s system groups out', () => {
    const w = world();
    w.people.addGroup('g2', 'Book club');
    const groups = new PeopleContactSource(asAdvancedPeople(w.people)).listGroups(1);
    expect(Object.values(groups)).toEqual(['Book club']);
  });
});

describe('the contextual card', () => {
  it('shows every address of the person, when you last met, and their groups', () => {
    const w = world();
    w.people.put('people/c1', 'Ann Smith', ['ann@work.example', 'ann@home.example'], [w.people.addGroup('g1', 'Clients')]);
    w.calendar.put(meeting('m', 3, [['ann@home.example', 'tentative']]));
    scan(w);
    const messageId = w.google.Gmail.deliver({ from: 'Ann Smith <ann@work.example>', to: 'me@example.com', date: w.google.clock.now() - 1000, subject: 'Hello' });
    const deps = createAddonDeps(w.google);
    const services = deps.services;
    deps.services = () => ({ ...services(), calendar: asAdvancedCalendar(w.calendar), people: asAdvancedPeople(w.people) });
    const card = openMessageWith(w.google, deps, messageId);
    const texts = listWidgets(card).map((x) => JSON.stringify(x));
    expect(texts.some((t) => t.includes('You last met') && t.includes('3 days ago'))).toBe(true);
    expect(texts.some((t) => t.includes('Addresses') && t.includes('ann@work.example') && t.includes('ann@home.example'))).toBe(true);
    expect(texts.some((t) => t.includes('Groups') && t.includes('Clients'))).toBe(true);
  });
});

function openMessageWith(google: FakeGoogle, deps: AddonDeps, messageId: string) {
  return runInCardExecution(google, () => readCard(showAddonCard(buildAddonEvent({ messageId }), 'contact', deps)));
}

describe('the weekly drafts and the homepage', () => {
  it('never draft to someone met yesterday, and draft to a card person at their latest address', () => {
    const w = world();
    // Bo's mail is 120 days old (lapsed by mail alone), but Bo was met yesterday.
    w.calendar.put(meeting('m', 1, [['bo@example.org', 'accepted']]));
    w.people.put('people/c1', 'Ann Smith', ['ann@work.example', 'ann@home.example']);
    const result = run(w, (rt) => runWeekly(rt));
    const drafted = result.batch!.drafted.map((d) => d.email);
    expect(drafted).not.toContain('bo@example.org');
    expect(drafted).toEqual(['ann@home.example']);
    expect(w.google.Gmail.draftRecords()).toHaveLength(1);
    // The report the weekly run refreshes shows people too: Ann is one row, Bo's meeting is there.
    const rows = contactsTab(w);
    expect(rows.filter((r) => String(r.Email).startsWith('ann@'))).toHaveLength(1);
    expect(rows.find((r) => r.Email === 'bo@example.org')!.Meetings).toBe(1);
  });
});
