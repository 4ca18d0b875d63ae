import fc from 'fast-check';
import {
  addMeeting,
  choosePeopleMet,
  createMeetingStore,
  DEFAULT_LARGE_MEETING_COUNT,
  foldMeetings,
  mergeMeetingStores,
  occurrenceKey,
  tallyMeetings,
  type CalendarAttendee,
  type CalendarEvent,
  type MeetingOptions,
} from '../../src/core/fold-meetings';
import { DAY, OWNER, T0 } from './message-builder';

const HOUR = 3_600_000;

function options(fields: Partial<MeetingOptions> = {}): MeetingOptions {
  return {
    owner: new Set([OWNER]),
    mergeGmailVariants: true,
    excludedAddresses: new Set(),
    excludedDomains: new Set(),
    largeMeetingCount: DEFAULT_LARGE_MEETING_COUNT,
    ...fields,
  };
}

function attendee(email: string, response: CalendarAttendee['response'] = 'accepted', fields: Partial<CalendarAttendee> = {}): CalendarAttendee {
  return { email, name: '', response, resource: false, ...fields };
}

function anEvent(fields: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    uid: 'ev1@google.com',
    recurrenceId: null,
    explicit: false,
    start: T0,
    allDay: false,
    cancelled: false,
    updated: T0 - DAY,
    organizer: { email: OWNER, name: 'Me' },
    attendees: [attendee(OWNER), attendee('ann@example.org')],
    ...fields,
  };
}

const met = (event: CalendarEvent, opts = options()) => choosePeopleMet(event, opts).map((p) => p.email);

describe('choosePeopleMet', () => {
  it('counts every attendee who did not decline, tentative and unanswered included', () => {
    const event = anEvent({
      attendees: [attendee(OWNER), attendee('ann@example.org'), attendee('bob@example.org', 'tentative'), attendee('cy@example.org', 'needs-action'), attendee('dee@example.org', 'declined')],
    });
    expect(met(event)).toEqual(['ann@example.org', 'bob@example.org', 'cy@example.org']);
  });

  it('counts nobody for a cancelled or all-day event', () => {
    expect(met(anEvent({ cancelled: true }))).toEqual([]);
    expect(met(anEvent({ allDay: true }))).toEqual([]);
  });

  it('counts nobody when the owner neither organizes nor attends, or declined', () => {
    const others = { organizer: { email: 'boss@example.org', name: 'Boss' } };
    expect(met(anEvent({ ...others, attendees: [attendee('ann@example.org')] }))).toEqual([]);
    expect(met(anEvent({ ...others, attendees: [attendee(OWNER, 'declined'), attendee('ann@example.org')] }))).toEqual([]);
    expect(met(anEvent({ ...others, attendees: [attendee(OWNER, 'needs-action'), attendee('ann@example.org')] }))).toEqual(['ann@example.org', 'boss@example.org']);
  });

  it('counts for an organizing owner even if the owner is not listed, and recognizes `self`', () => {
    expect(met(anEvent({ attendees: [attendee('ann@example.org')] }))).toEqual(['ann@example.org']);
    const self = anEvent({ organizer: { email: 'other-alias@example.com', name: '', self: true }, attendees: [attendee('ann@example.org')] });
    expect(met(self)).toEqual(['ann@example.org']);
  });

  it('counts an organizer who is not among the attendees, but not one listed who declined', () => {
    const organizer = { email: 'boss@example.org', name: 'The Boss' };
    expect(choosePeopleMet(anEvent({ organizer, attendees: [attendee(OWNER)] }), options())).toEqual([{ email: 'boss@example.org', name: 'The Boss' }]);
    expect(met(anEvent({ organizer, attendees: [attendee(OWNER), attendee('boss@example.org', 'declined')] }))).toEqual([]);
  });

  it('never counts rooms, resources or calendars', () => {
    const event = anEvent({
      organizer: { email: 'team_abc@group.calendar.google.com', name: 'Team' },
      attendees: [
        attendee(OWNER),
        attendee('ann@example.org'),
        attendee('room-4@example.org', 'accepted', { resource: true }),
        attendee('c_188abc@resource.calendar.google.com'),
      ],
    });
    expect(met(event)).toEqual(['ann@example.org']);
  });

  it('counts nobody above the attendee limit, and the limit is configurable', () => {
    const crowd = (n: number) => anEvent({ attendees: [attendee(OWNER), ...Array.from({ length: n - 1 }, (_, i) => attendee(`p${i}@example.org`))] });
    expect(met(crowd(20))).toHaveLength(19);
    expect(met(crowd(21))).toEqual([]);
    expect(met(crowd(5), options({ largeMeetingCount: 4 }))).toEqual([]);
    // A room does not make a meeting large.
    const withRoom = crowd(20);
    withRoom.attendees.push(attendee('room@example.org', 'accepted', { resource: true }));
    expect(met(withRoom)).toHaveLength(19);
  });

  it('leaves out excluded addresses and domains, and merges Gmail spellings', () => {
    const event = anEvent({ attendees: [attendee(OWNER), attendee('A.nn@Gmail.com'), attendee('x@noise.example'), attendee('bot@example.org')] });
    expect(met(event, options({ excludedDomains: new Set(['noise.example']), excludedAddresses: new Set(['bot@example.org']) }))).toEqual(['ann@gmail.com']);
  });
});

describe('tallyMeetings', () => {
  it('counts occurrences that started before now, at their start', () => {
    const store = foldMeetings(
      [anEvent({ uid: 'a', start: T0 - 10 * DAY }), anEvent({ uid: 'b', start: T0 - 3 * DAY }), anEvent({ uid: 'c', start: T0 + HOUR })],
      options(),
    );
    const tally = tallyMeetings(store, T0);
    expect(tally.get('ann@example.org')).toMatchObject({ lastMet: T0 - 3 * DAY, firstMet: T0 - 10 * DAY, meetingCount: 2 });
    // The future one counts once it has started, with no new read.
    expect(tallyMeetings(store, T0 + 2 * HOUR).get('ann@example.org')).toMatchObject({ lastMet: T0 + HOUR, meetingCount: 3 });
    expect(tallyMeetings(store, T0 + HOUR).get('ann@example.org')!.meetingCount).toBe(2);
  });

  it('counts a meeting with two addresses of one person once', () => {
    const store = foldMeetings([anEvent({ attendees: [attendee(OWNER), attendee('ann@work.example'), attendee('ann@home.example')] })], options());
    const tally = tallyMeetings(store, T0 + DAY, () => 'ann');
    expect(tally.get('ann')!.meetingCount).toBe(1);
  });

  it('keeps the name from the latest meeting that gave one', () => {
    const store = foldMeetings(
      [
        anEvent({ uid: 'a', start: T0 - 2 * DAY, attendees: [attendee(OWNER), attendee('ann@example.org', 'accepted', { name: 'Ann Old' })] }),
        anEvent({ uid: 'b', start: T0 - DAY, attendees: [attendee(OWNER), attendee('ann@example.org', 'accepted', { name: 'Ann New' })] }),
        anEvent({ uid: 'c', start: T0 - HOUR, attendees: [attendee(OWNER), attendee('ann@example.org')] }),
      ],
      options(),
    );
    expect(tallyMeetings(store, T0).get('ann@example.org')!.name).toBe('Ann New');
  });
});

describe('the meeting store', () => {
  it('stores an occurrence once however often it is read', () => {
    const store = createMeetingStore();
    addMeeting(store, anEvent(), options());
    addMeeting(store, anEvent(), options());
    expect(tallyMeetings(store, T0 + DAY).get('ann@example.org')!.meetingCount).toBe(1);
  });

  it('lets an override replace the expanded occurrence whichever comes first', () => {
    const series = anEvent({ uid: 'weekly', recurrenceId: T0, start: T0, updated: T0 + 5 * DAY });
    const moved = anEvent({
      uid: 'weekly',
      recurrenceId: T0,
      explicit: true,
      start: T0 + 2 * DAY,
      updated: T0 - 5 * DAY,
      attendees: [attendee(OWNER), attendee('bob@example.org')],
    });
    for (const order of [[series, moved], [moved, series]]) {
      const tally = tallyMeetings(foldMeetings(order, options()), T0 + 10 * DAY);
      expect(tally.has('ann@example.org')).toBe(false);
      expect(tally.get('bob@example.org')).toMatchObject({ lastMet: T0 + 2 * DAY, meetingCount: 1 });
    }
  });

  it('lets a cancelled instance remove an occurrence, and a later version replace an earlier one', () => {
    const first = anEvent({ explicit: true, updated: T0 - 3 * DAY });
    const cancelled = anEvent({ explicit: true, updated: T0 - 2 * DAY, cancelled: true });
    expect(tallyMeetings(foldMeetings([first, cancelled], options()), T0 + DAY).size).toBe(0);
    expect(tallyMeetings(foldMeetings([cancelled, first], options()), T0 + DAY).size).toBe(0);
  });

  it('keys occurrences by UID and original start', () => {
    expect(occurrenceKey('a', null)).not.toBe(occurrenceKey('a', T0));
    expect(occurrenceKey('a', T0)).not.toBe(occurrenceKey('b', T0));
  });

  const arbEvent: fc.Arbitrary<CalendarEvent> = fc
    .record({
      uid: fc.constantFrom('u1', 'u2', 'u3'),
      recurrence: fc.constantFrom(null, T0, T0 + 7 * DAY),
      explicit: fc.boolean(),
      startDay: fc.integer({ min: -20, max: 20 }),
      updatedDay: fc.integer({ min: 0, max: 3 }),
      cancelled: fc.boolean(),
      who: fc.subarray(['ann@example.org', 'bob@example.org', 'cy@example.org']),
      declined: fc.boolean(),
    })
    .map((r) =>
      anEvent({
        uid: r.uid,
        recurrenceId: r.recurrence,
        explicit: r.explicit,
        start: T0 + r.startDay * DAY,
        updated: T0 + r.updatedDay * DAY,
        cancelled: r.cancelled,
        attendees: [attendee(OWNER), ...r.who.map((w) => attendee(w, r.declined && w === 'bob@example.org' ? 'declined' : 'accepted'))],
      }),
    );

  it('is order-free, idempotent, and merge(fold A, fold B) = fold(A ∪ B) for any split', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 30 }), fc.nat(), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (events, cut, keys) => {
        const whole = foldMeetings(events, options());
        const shuffled = events.map((e) => [keys.next().value as number, e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
        expect(foldMeetings(shuffled, options())).toEqual(whole);
        expect(foldMeetings([...events, ...events], options())).toEqual(whole);
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const a = foldMeetings(events.slice(0, at), options());
        const b = foldMeetings(events.slice(at), options());
        expect(mergeMeetingStores(a, b)).toEqual(whole);
        expect(mergeMeetingStores(b, a)).toEqual(whole);
        expect(mergeMeetingStores(whole, whole)).toEqual(whole);
      }),
    );
  });
});
