import { assessContact, assessLedger } from '../../src/core/assess-contact';
import { foldMessages } from '../../src/core/fold-messages';
import type { Contact } from '../../src/core/ledger';
import { DEFAULT_POLICY } from '../../src/core/settings';
import { DAY, options, received, sent, T0 } from './message-builder';

const NOW = T0 + 1000 * DAY;

function contact(fields: Partial<Contact>): Contact {
  return {
    email: 'ann@example.org', name: 'Ann', nameDate: 0, firstSeen: 0, lastSent: null, lastReceived: null,
    sentCount: 1, receivedCount: 1, weakCount: 0, lastWeak: null, lastSentThread: null, lastReceivedThread: null, history: [], addresses: {}, sentDays: [], receivedDays: [],
    ...fields,
  };
}

const assess = (fields: Partial<Contact>, override = {}, policy = DEFAULT_POLICY) => assessContact(contact(fields), NOW, policy, override);

describe('assessContact', () => {
  it('uses the default 90 days with no history', () => {
    expect(assess({ lastSent: NOW - 10 * DAY, lastReceived: NOW - 5 * DAY })).toMatchObject({ state: 'active', cadenceDays: 90, cadenceSource: 'default', daysSince: 5 });
  });

  it('is lapsed past the cadence, with whole days overdue', () => {
    expect(assess({ lastSent: NOW - 100 * DAY, lastReceived: NOW - 95 * DAY })).toMatchObject({ state: 'lapsed', overdueDays: 5, dueAt: NOW - 5 * DAY });
  });

  it('is due inside the grace window before the cadence runs out', () => {
    expect(assess({ lastSent: NOW - 80 * DAY, lastReceived: NOW - 80 * DAY })).toMatchObject({ state: 'due', overdueDays: 0 });
    expect(assess({ lastSent: NOW - 75 * DAY, lastReceived: NOW - 75 * DAY }).state).toBe('active');
  });

  it('is awaiting-reply when the owner wrote last and waited', () => {
    expect(assess({ lastSent: NOW - 20 * DAY, lastReceived: NOW - 40 * DAY }).state).toBe('awaiting-reply');
    expect(assess({ lastSent: NOW - 20 * DAY, lastReceived: null, receivedCount: 0 }).state).toBe('awaiting-reply');
    expect(assess({ lastSent: NOW - 10 * DAY, lastReceived: NOW - 40 * DAY }).state).toBe('active');
    expect(assess({ lastSent: NOW - 20 * DAY, lastReceived: NOW - 19 * DAY }).state).toBe('active');
  });

  it('prefers a tier the user set over a learned cadence', () => {
    const history = Array.from({ length: 10 }, (_, i) => Math.floor(NOW / DAY) - 350 + i * 30);
    const learned = assess({ lastSent: NOW - 50 * DAY, lastReceived: NOW - 50 * DAY, history });
    expect(learned).toMatchObject({ cadenceSource: 'learned', cadenceDays: 45, typicalGapDays: 30, state: 'lapsed' });
    expect(assess({ lastSent: NOW - 50 * DAY, lastReceived: NOW - 50 * DAY, history }, { cadence: 'quarterly' })).toMatchObject({ cadenceSource: 'set', cadenceDays: 90, state: 'active' });
    expect(assess({ lastSent: NOW - 20 * DAY, history }, {}, { ...DEFAULT_POLICY, useLearnedCadence: false }).cadenceSource).toBe('default');
  });

  it('never lapses a person set to never', () => {
    expect(assess({ lastSent: NOW - 900 * DAY }, { cadence: 'never' })).toMatchObject({ state: 'active', cadenceDays: null, dueAt: null });
  });

  it('honours ignore over snooze, and snooze only until its date', () => {
    const old = { lastSent: NOW - 500 * DAY };
    expect(assess(old, { ignore: true, snoozeUntil: NOW + DAY }).state).toBe('ignored');
    expect(assess(old, { snoozeUntil: NOW + DAY })).toMatchObject({ state: 'snoozed', snoozeUntil: NOW + DAY });
    expect(assess(old, { snoozeUntil: NOW - DAY }).state).toBe('lapsed');
  });

  it('lists inbound-only senders without nagging, unless asked to', () => {
    const inbound = { lastReceived: NOW - 500 * DAY, sentCount: 0 };
    expect(assess(inbound)).toMatchObject({ state: 'active', inboundOnly: true });
    expect(assess(inbound, {}, { ...DEFAULT_POLICY, nagInboundOnly: true }).state).toBe('lapsed');
  });
});

describe('assessLedger', () => {
  it('ranks lapsed first, most overdue first, and leaves out weak-only people', () => {
    const big = Array.from({ length: 25 }, (_, i) => `w${i}@example.org`).join(', ');
    const ledger = foldMessages(
      [
        sent('a@example.org', NOW - 100 * DAY),
        sent('b@example.org', NOW - 300 * DAY),
        sent('c@example.org', NOW - 2 * DAY),
        received('c@example.org', NOW - DAY),
        sent('d@example.org', NOW - 85 * DAY),
        sent('e@example.org', NOW - 30 * DAY),
        sent(big, NOW - 400 * DAY),
      ],
      options(),
    );
    const ranked = assessLedger(ledger, NOW, DEFAULT_POLICY, { 'a@example.org': { snoozeUntil: NOW + DAY } });
    expect(ranked.map((a) => [a.email, a.state])).toEqual([
      ['b@example.org', 'lapsed'],
      ['d@example.org', 'due'],
      ['e@example.org', 'awaiting-reply'],
      ['c@example.org', 'active'],
      ['a@example.org', 'snoozed'],
    ]);
  });

  it('never reports a negative day count for mail dated after now', () => {
    const now = Date.UTC(2025, 0, 1);
    const future = contact({ lastReceived: now + 400 * DAY, lastSent: now + 30 * DAY });
    expect(assessContact(future, now, DEFAULT_POLICY).daysSince).toBe(0);
  });
});
