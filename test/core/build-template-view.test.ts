import fc from 'fast-check';
import { assessContact } from '../../src/core/assess-contact';
import { DAY_MS, type Contact, type ThreadRef } from '../../src/core/ledger';
import { buildTemplateView, TEMPLATE_VARIABLES, type TemplateView } from '../../src/core/build-template-view';
import { DEFAULT_POLICY } from '../../src/core/settings';

/** Friday 14 November 2025, 17:00 UTC: 09:00 in Los Angeles, 02:00 on the 15th in Tokyo. */
const NOW = Date.UTC(2025, 10, 14, 17);

const OWNER = { name: 'Alex Rivera', email: 'alex@example.com' };

function contact(fields: Partial<Contact>): Contact {
  return {
    email: 'ann.smith@example.org', name: 'Ann Smith', nameDate: 0, firstSeen: 0, lastSent: null, lastReceived: null,
    sentCount: 0, receivedCount: 0, weakCount: 0, lastWeak: null, lastSentThread: null, lastReceivedThread: null, history: [], addresses: {}, sentDays: [], receivedDays: [],
    ...fields,
  };
}

function thread(subject: string, date: number): ThreadRef {
  return { id: 'm1', threadId: 't1', subject, date, messageId: '' };
}

function view(fields: Partial<Contact>, options: { owner?: { name: string; email: string }; timeZone?: string } = {}): TemplateView {
  const c = contact(fields);
  return buildTemplateView({
    contact: c, assessment: assessContact(c, NOW, DEFAULT_POLICY), owner: options.owner ?? OWNER, now: NOW, timeZone: options.timeZone,
  });
}

describe('buildTemplateView', () => {
  const march = Date.UTC(2024, 2, 12, 15);

  it('computes every variable for a contact with full data', () => {
    const v = view(
      {
        lastSent: march - 4 * DAY_MS, lastReceived: march, sentCount: 3, receivedCount: 4,
        lastSentThread: thread('Q3 planning offsite', march - 4 * DAY_MS), lastReceivedThread: thread('Re: Q3 planning offsite', march),
      },
      { timeZone: 'Europe/London' },
    );
    expect(v).toEqual({
      firstName: 'Ann', name: 'Ann Smith', email: 'ann.smith@example.org', ownerName: 'Alex Rivera', ownerFirstName: 'Alex',
      lastSubject: 'Q3 planning offsite', lastContactDate: 'in March 2024', monthsSince: 20, lastDirection: 'received',
      youWroteLast: false, theyWroteLast: true, cadence: 'every few months', longGap: true, greeting: 'Hi Ann,',
      shortGap: false, mediumGap: false, timeSince: '20 months',
    });
    expect(Object.keys(v).sort()).toEqual([...TEMPLATE_VARIABLES].sort());
  });

  it('has safe empty values for an address with nothing else known', () => {
    const v = view({ email: 'jsmith@example.net', name: 'jsmith', lastReceived: NOW - 40 * DAY_MS, receivedCount: 1 }, { owner: { name: '', email: 'me@example.com' } });
    expect(v).toMatchObject({
      firstName: '', name: 'jsmith', ownerName: '', ownerFirstName: '', lastSubject: '', lastContactDate: 'last month',
      monthsSince: 1, lastDirection: 'received', youWroteLast: false, theyWroteLast: true, longGap: false, greeting: 'Hi there,',
    });
  });

  it('takes the subject from the thread in the last direction only, so "when I wrote to you about" is true', () => {
    const v = view({ lastSent: NOW - 10 * DAY_MS, lastReceived: NOW - 20 * DAY_MS, lastReceivedThread: thread('Their topic', NOW - 20 * DAY_MS) });
    expect(v).toMatchObject({ lastDirection: 'sent', youWroteLast: true, lastSubject: '' });
  });

  it('leaves date-dependent values empty when there was no exchange', () => {
    expect(view({ lastSentThread: thread('Orphan', NOW) })).toMatchObject({
      lastSubject: '', lastContactDate: '', monthsSince: null, lastDirection: '', youWroteLast: false, theyWroteLast: false, longGap: false,
    });
  });

  it('sets longGap from twelve calendar months', () => {
    expect(view({ lastSent: Date.UTC(2024, 10, 14, 12) }).longGap).toBe(true);
    expect(view({ lastSent: Date.UTC(2024, 10, 15, 12) }).longGap).toBe(false);
  });

  it('depends only on its input: the same input gives the same view', () => {
    const fields = { lastSent: march, lastSentThread: thread('Hello', march) };
    expect(view(fields, { timeZone: 'Asia/Tokyo' })).toEqual(view(fields, { timeZone: 'Asia/Tokyo' }));
  });

  it('never produces a broken greeting or a multi-line value, whatever the headers say', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 120 }), (name, subject) => {
        const v = view({ name, lastSent: NOW - 400 * DAY_MS, lastSentThread: thread(subject, NOW - 400 * DAY_MS) });
        expect(v.greeting).toMatch(/^Hi (?:there|[\p{L}\p{M}'’-]{2,}),$/u);
        expect(v.firstName).not.toMatch(/[\s{}<>=|@]/);
        for (const value of [v.name, v.lastSubject, v.firstName]) expect(value).not.toMatch(/[\r\n\t\u202E]|^\s|\s$/);
        expect(v.lastSubject.length).toBeLessThanOrEqual(80);
      }),
    );
  });
});

describe('the gap variables', () => {
  const NOW = Date.UTC(2026, 10, 1, 9);
  const gap = (daysAgo: number) => {
    const c: Contact = { ...contact({}), lastSent: NOW - daysAgo * DAY_MS, sentCount: 1 };
    const view = buildTemplateView({ contact: c, assessment: assessContact(c, NOW, DEFAULT_POLICY), owner: { name: '', email: '' }, now: NOW });
    return [view.shortGap, view.mediumGap, view.longGap, view.timeSince];
  };

  it.each([
    [3, [true, false, false, 'a few days']],
    [35, [true, false, false, '5 weeks']],
    [62, [true, false, false, '2 months']],
    [93, [false, true, false, '3 months']],
    [300, [false, true, false, '9 months']],
    [366, [false, false, true, '12 months']],
    [430, [false, false, true, '14 months']],
    [1100, [false, false, true, '3 years']],
  ] as Array<[number, unknown[]]>)('%i days ago: short, medium, long and the words', (days, expected) => {
    expect(gap(days)).toEqual(expected);
  });

  it('exactly one of them holds when there was an exchange, none when there was not', () => {
    for (let days = 0; days < 1500; days += 7) expect(gap(days).slice(0, 3).filter(Boolean)).toHaveLength(1);
    const none = buildTemplateView({ contact: contact({}), assessment: assessContact(contact({}), NOW, DEFAULT_POLICY), owner: { name: '', email: '' }, now: NOW });
    expect([none.shortGap, none.mediumGap, none.longGap, none.timeSince]).toEqual([false, false, false, '']);
  });
});
