import fc from 'fast-check';
import { assessLedger } from '../../src/core/assess-contact';
import { foldMeetings, type CalendarEvent } from '../../src/core/fold-meetings';
import { foldMessages, mergeLedgers } from '../../src/core/fold-messages';
import { chooseGroupTier, chooseLastContact, parseGroupTier, resolvePeople, type ContactCard } from '../../src/core/resolve-people';
import { DEFAULT_POLICY } from '../../src/core/settings';
import { DAY, options, OWNER, received, sent, T0 } from './message-builder';

const NOW = T0 + 200 * DAY;

function meeting(uid: string, start: number, emails: string[]): CalendarEvent {
  return {
    uid,
    recurrenceId: null,
    explicit: false,
    start,
    allDay: false,
    cancelled: false,
    updated: start,
    organizer: { email: OWNER, name: '' },
    attendees: emails.map((email) => ({ email, name: '', response: 'accepted' as const, resource: false })),
  };
}

const meetingOptions = { owner: new Set([OWNER]), mergeGmailVariants: true, excludedAddresses: new Set<string>(), excludedDomains: new Set<string>(), largeMeetingCount: 20 };

const card = (id: string, emails: string[], fields: Partial<ContactCard> = {}): ContactCard => ({ id, name: '', emails, groups: [], ...fields });

describe('resolvePeople', () => {
  const mail = foldMessages(
    [
      sent('Ann <ann@work.example>', T0),
      received('Ann Smith <ann@work.example>', T0 + DAY),
      received('Ann <Ann.Home@Example.net>', T0 + 100 * DAY),
      received('Sam Lee <sam@one.example>', T0 + 10 * DAY),
      received('Sam Lee <sam@two.example>', T0 + 20 * DAY),
    ],
    options(),
  );

  it('folds a card\'s addresses into one person, keyed by the address most recently used', () => {
    const { ledger } = resolvePeople({ ledger: mail, now: NOW, directory: { cards: [card('c1', ['ann@work.example', 'Ann.Home@Example.net'], { name: 'Ann Smith-Jones' })], links: [] } });
    const ann = ledger.contacts['ann.home@example.net']!;
    expect(ann.emails).toEqual(['ann@work.example', 'Ann.Home@Example.net']);
    expect(ann).toMatchObject({ name: 'Ann Smith-Jones', sentCount: 1, receivedCount: 2, lastSent: T0, lastReceived: T0 + 100 * DAY, cardId: 'c1' });
    expect(ledger.contacts['ann@work.example']).toBeUndefined();
    expect(ledger.aliases['ann@work.example']).toBe('ann.home@example.net');
  });

  it('never merges people without a card by name', () => {
    const { ledger } = resolvePeople({ ledger: mail, now: NOW });
    expect(Object.keys(ledger.contacts).sort()).toEqual(['ann.home@example.net', 'ann@work.example', 'sam@one.example', 'sam@two.example']);
    expect(ledger.contacts['sam@one.example']!.emails).toEqual(['sam@one.example']);
  });

  it('never merges two cards, even through a shared address or a manual link', () => {
    const cards = [card('c1', ['sam@one.example', 'shared@example.org']), card('c2', ['sam@two.example', 'shared@example.org'])];
    const { ledger, refusedLinks } = resolvePeople({ ledger: mail, now: NOW, directory: { cards, links: [['sam@one.example', 'sam@two.example']] } });
    expect(ledger.contacts['sam@one.example']!.cardId).toBe('c1');
    expect(ledger.contacts['sam@two.example']!.cardId).toBe('c2');
    expect(ledger.aliases['shared@example.org']).toBe('sam@one.example');
    expect(refusedLinks).toEqual([expect.objectContaining({ link: 0, email: 'sam@two.example' })]);
  });

  it('merges addresses the user linked by hand', () => {
    const { ledger } = resolvePeople({ ledger: mail, now: NOW, directory: { cards: [], links: [['sam@one.example', 'SAM@two.example']] } });
    expect(ledger.contacts['sam@two.example']).toMatchObject({ receivedCount: 2, emails: ['sam@one.example', 'sam@two.example'] });
    expect(ledger.contacts['sam@one.example']).toBeUndefined();
  });

  it('adds meetings, counts one with two addresses of one person once, and lists people met but never mailed', () => {
    const meetings = foldMeetings(
      [meeting('m1', T0 + 150 * DAY, ['ann@work.example', 'ann.home@example.net']), meeting('m2', T0 + 160 * DAY, ['new@example.org']), meeting('m3', NOW + DAY, ['ann@work.example'])],
      meetingOptions,
    );
    const { ledger } = resolvePeople({ ledger: mail, now: NOW, meetings, directory: { cards: [card('c1', ['ann@work.example', 'ann.home@example.net'])], links: [] } });
    // A tie on the latest use (both at the meeting) goes to the first address in text order.
    expect(ledger.contacts['ann.home@example.net']).toMatchObject({ lastMet: T0 + 150 * DAY, meetingCount: 1 });
    expect(ledger.contacts['new@example.org']).toMatchObject({ lastMet: T0 + 160 * DAY, meetingCount: 1, sentCount: 0, firstSeen: T0 + 160 * DAY });
    const assessed = assessLedger(ledger, NOW, DEFAULT_POLICY);
    const stranger = assessed.find((a) => a.email === 'new@example.org')!;
    expect(stranger).toMatchObject({ lastContact: T0 + 160 * DAY, lastContactKind: 'met', meetingCount: 1, inboundOnly: false });
  });

  it('takes a group tier from a Reconnect label, and the sheet\'s cadence wins over it', () => {
    const cards = [card('c1', ['sam@one.example'], { groups: ['Clients', 'Reconnect: weekly'] })];
    const { ledger } = resolvePeople({ ledger: mail, now: NOW, directory: { cards, links: [] } });
    const byGroup = assessLedger(ledger, NOW, DEFAULT_POLICY).find((a) => a.email === 'sam@one.example')!;
    expect(byGroup).toMatchObject({ cadenceDays: 7, cadenceSource: 'group', groups: ['Clients', 'Reconnect: weekly'] });
    const set = assessLedger(ledger, NOW, DEFAULT_POLICY, { 'sam@one.example': { cadence: 'yearly' } }).find((a) => a.email === 'sam@one.example')!;
    expect(set).toMatchObject({ cadenceDays: 365, cadenceSource: 'set' });
  });

  it('finds a sheet choice made on any of the person\'s addresses', () => {
    const { ledger } = resolvePeople({ ledger: mail, now: NOW, directory: { cards: [card('c1', ['ann@work.example', 'ann.home@example.net'])], links: [] } });
    const a = assessLedger(ledger, NOW, DEFAULT_POLICY, { 'ann@work.example': { ignore: true } });
    expect(a.find((x) => x.email === 'ann.home@example.net')!.state).toBe('ignored');
  });

  it('leaves the ledger as it was', () => {
    const before = JSON.stringify(mail);
    resolvePeople({ ledger: mail, now: NOW, directory: { cards: [card('c1', ['ann@work.example', 'ann.home@example.net'])], links: [['sam@one.example', 'sam@two.example']] } });
    expect(JSON.stringify(mail)).toBe(before);
  });

  const PEOPLE = ['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example'];
  it('gives the same people whatever the split of the mail, and keeps every message (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ who: fc.constantFrom(...PEOPLE), day: fc.integer({ min: 0, max: 150 }), out: fc.boolean() }), { maxLength: 30 }),
        fc.nat(),
        fc.subarray(PEOPLE, { minLength: 0 }),
        (msgs, cut, onCard) => {
          const meta = msgs.map((m) => (m.out ? sent(m.who, T0 + m.day * DAY) : received(m.who, T0 + m.day * DAY)));
          const at = meta.length === 0 ? 0 : cut % (meta.length + 1);
          const directory = { cards: [card('c', onCard)], links: [] };
          const whole = resolvePeople({ ledger: foldMessages(meta, options()), now: NOW, directory }).ledger;
          const split = resolvePeople({ ledger: mergeLedgers(foldMessages(meta.slice(0, at), options()), foldMessages(meta.slice(at), options())), now: NOW, directory }).ledger;
          expect(split).toEqual(whole);
          const total = Object.values(whole.contacts).reduce((n, p) => n + p.sentCount + p.receivedCount, 0);
          expect(total).toBe(meta.length);
          const merged = Object.values(whole.contacts).filter((p) => p.cardId === 'c');
          expect(merged.length).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('group tiers', () => {
  it('reads Reconnect labels, any case and spacing, and nothing else', () => {
    expect(parseGroupTier('Reconnect: monthly')).toBe('monthly');
    expect(parseGroupTier('reconnect:QUARTERLY ')).toBe('quarterly');
    expect(parseGroupTier('Reconnect: fortnightly')).toBeNull();
    expect(parseGroupTier('Friends')).toBeNull();
    expect(chooseGroupTier(['Reconnect: yearly', 'Reconnect: monthly'])).toBe('monthly');
    expect(chooseGroupTier(['Reconnect: never'])).toBe('never');
    expect(chooseGroupTier(['Work'])).toBeNull();
  });
});

describe('chooseLastContact', () => {
  it('is the latest of sent, received and met, and says which', () => {
    expect(chooseLastContact({ lastSent: 1, lastReceived: 3, lastMet: 2 })).toEqual({ at: 3, kind: 'received' });
    expect(chooseLastContact({ lastSent: 1, lastReceived: null, lastMet: 5 })).toEqual({ at: 5, kind: 'met' });
    expect(chooseLastContact({ lastSent: 4, lastReceived: 4 })).toEqual({ at: 4, kind: 'sent' });
    expect(chooseLastContact({ lastSent: null, lastReceived: null, lastMet: null })).toBeNull();
  });
});

describe('assessing with meetings', () => {
  it('uses the latest meeting for the lapse, and a meeting after your mail is not awaiting a reply', () => {
    const ledger = foldMessages([sent('pat@example.org', T0), received('pat@example.org', T0 - DAY)], options());
    const meetings = foldMeetings([meeting('m', T0 + 170 * DAY, ['pat@example.org'])], meetingOptions);
    const withMeetings = resolvePeople({ ledger, now: NOW, meetings }).ledger;
    const plain = resolvePeople({ ledger, now: NOW }).ledger;
    expect(assessLedger(plain, NOW, DEFAULT_POLICY)[0]).toMatchObject({ state: 'lapsed', lastContactKind: 'sent' });
    expect(assessLedger(withMeetings, NOW, DEFAULT_POLICY)[0]).toMatchObject({ state: 'active', lastContactKind: 'met', lastContact: T0 + 170 * DAY, daysSince: 30 });
  });
});
