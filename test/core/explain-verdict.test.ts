import { assessContact, type ContactOverride } from '../../src/core/assess-contact';
import { emptyContact } from '../../src/core/fold-messages';
import { DAY_MS, type Contact } from '../../src/core/ledger';
import { DEFAULT_POLICY } from '../../src/core/settings';

const NOW = Date.UTC(2026, 10, 1, 9);
const DAY0 = Math.floor(NOW / DAY_MS);

function person(sentAgo: number | null, receivedAgo: number | null, fields: Partial<Contact> = {}): Contact {
  return {
    ...emptyContact('ann@example.org', NOW - 900 * DAY_MS),
    lastSent: sentAgo === null ? null : NOW - sentAgo * DAY_MS,
    lastReceived: receivedAgo === null ? null : NOW - receivedAgo * DAY_MS,
    sentCount: sentAgo === null ? 0 : 3,
    receivedCount: receivedAgo === null ? 0 : 3,
    ...fields,
  };
}

const reason = (c: Contact, override: ContactOverride = {}) => assessContact(c, NOW, DEFAULT_POLICY, override).reason;
/** Conversations every 35 days: a learned rhythm of ~5 weeks. */
const fiveWeekly = Array.from({ length: 8 }, (_, i) => DAY0 - 400 + i * 35);

describe('the reason for a verdict', () => {
  it.each([
    ['a learned rhythm, lapsed', person(120, 125, { history: fiveWeekly }), {}, "You usually write every ~5 weeks; it's been 4 months"],
    ['they wrote last, lapsed', person(95, 92), {}, "They wrote last, 3 months ago, and you haven't replied"],
    ['a cadence you set', person(40, 45), { cadence: 'monthly' }, "You set a cadence of 4 weeks; it's been 6 weeks"],
    ['the default, due', person(80, 85), {}, "Too little history for a rhythm, so the default of 3 months applies; it's been 80 days, due in 10 days"],
    ['awaiting their reply', person(20, 60), {}, 'You wrote last, 3 weeks ago; waiting for their reply'],
    ['only they wrote', person(null, 200), {}, 'Only they have written (3 messages); Reconnect does not nag about people you never wrote to'],
    ['snoozed', person(200, 200), { snoozeUntil: NOW + 21 * DAY_MS }, 'You snoozed them for another 3 weeks'],
    ['ignored', person(200, 200), { ignore: true }, 'You chose to ignore them'],
    ['never', person(200, 200), { cadence: 'never' }, 'Cadence set to never'],
    [
      'a weekly rhythm inside the minimum gap',
      person(12, 12, { history: Array.from({ length: 10 }, (_, i) => DAY0 - 82 + i * 7) }),
      {},
      'You usually write every ~7 days, but Reconnect waits at least 30 days; last in touch 12 days ago',
    ],
    ['a cadence from a contact label', { ...person(40, 45), groupTier: 'monthly' } as Contact, {}, "Your contact label sets a cadence of 4 weeks; it's been 6 weeks"],
  ] as Array<[string, Contact, ContactOverride, string]>)('%s', (_label, c, override, expected) => {
    expect(reason(c, override)).toBe(expected);
  });
});
