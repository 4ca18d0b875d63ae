import fc from 'fast-check';
import { addDays, createLedger, foldMessages, mergeLedgers } from '../../src/core/fold-messages';
import { chooseDisplayAddress, listAddresses } from '../../src/core/contact-addresses';
import { hasDirectionDays } from '../../src/core/measure-strength';
import { HISTORY_DAYS } from '../../src/core/ledger';
import type { MessageMeta } from '../../src/core/message-meta';
import { aMessage, DAY, options, OWNER, received, sent, T0 } from './message-builder';

describe('foldMessages', () => {
  it('records last sent and received, counts, first seen and threads', () => {
    const ledger = foldMessages(
      [
        sent('Ann <ann@example.org>', T0, { id: 'ma', threadId: 'ta', subject: 'Plans', messageId: '<a@x>' }),
        received('Ann Smith <ann@example.org>', T0 + 2 * DAY, { id: 'mb', threadId: 'tb', subject: 'Re: Plans' }),
        sent('ann@example.org', T0 - 10 * DAY, { threadId: 'old' }),
      ],
      options(),
    );
    expect(ledger.contacts['ann@example.org']).toEqual({
      email: 'ann@example.org',
      name: 'Ann Smith',
      nameDate: T0 + 2 * DAY,
      firstSeen: T0 - 10 * DAY,
      lastSent: T0,
      lastReceived: T0 + 2 * DAY,
      sentCount: 2,
      receivedCount: 1,
      weakCount: 0,
      lastWeak: null,
      lastSentThread: { id: 'ma', threadId: 'ta', subject: 'Plans', date: T0, messageId: '<a@x>' },
      lastReceivedThread: { id: 'mb', threadId: 'tb', subject: 'Re: Plans', date: T0 + 2 * DAY, messageId: '' },
      history: [Math.floor((T0 - 10 * DAY) / DAY), Math.floor(T0 / DAY), Math.floor(T0 / DAY) + 2],
      addresses: { 'ann@example.org': { last: T0 + 2 * DAY, lastFrom: T0 + 2 * DAY } },
      sentDays: [Math.floor((T0 - 10 * DAY) / DAY), Math.floor(T0 / DAY)],
      receivedDays: [Math.floor(T0 / DAY) + 2],
    });
    expect(ledger.coverage).toEqual({ messages: 3, counted: 3, oldest: T0 - 10 * DAY, newest: T0 + 2 * DAY });
  });

  it('shows the spelling they write in their own From header, latest first, whatever the order', () => {
    const msgs = [
      sent('Amara.Johansson@gmail.com', T0 + 5 * DAY),
      received('Amara <amara.johansson@gmail.com>', T0),
      received('Amara <AmaraJohansson@googlemail.com>', T0 + DAY),
      sent('amarajohansson@gmail.com', T0 + 6 * DAY),
    ];
    for (const order of [msgs, [...msgs].reverse()]) {
      const c = foldMessages(order, options()).contacts['amarajohansson@gmail.com']!;
      expect(listAddresses(c)).toEqual(['AmaraJohansson@googlemail.com', 'amara.johansson@gmail.com', 'amarajohansson@gmail.com', 'Amara.Johansson@gmail.com']);
      expect(chooseDisplayAddress(c)).toBe('AmaraJohansson@googlemail.com');
    }
    // Someone who never wrote: the latest spelling anyone wrote.
    const quiet = foldMessages([sent('Bo.Li@gmail.com', T0), sent('boli@gmail.com', T0 - DAY)], options()).contacts['boli@gmail.com']!;
    expect(chooseDisplayAddress(quiet)).toBe('Bo.Li@gmail.com');
  });

  it('merges spellings and per-direction days like one fold of all the mail', () => {
    const a = [sent('Ann <Ann@Example.org>', T0), received('ann@example.org', T0 + DAY)];
    const b = [received('ANN@example.org', T0 + 3 * DAY), sent('ann@example.org', T0 + 9 * DAY)];
    const merged = mergeLedgers(foldMessages(a, options()), foldMessages(b, options())).contacts['ann@example.org']!;
    const whole = foldMessages([...b, ...a], options()).contacts['ann@example.org']!;
    expect(merged.addresses).toEqual(whole.addresses);
    // Stored as JSON, so even the key order must not depend on the order mail was read in.
    expect(JSON.stringify(merged.addresses)).toBe(JSON.stringify(foldMessages([...a, ...b], options()).contacts['ann@example.org']!.addresses));
    expect(Object.keys(whole.addresses)).toEqual([...Object.keys(whole.addresses)].sort());
    expect(hasDirectionDays(whole)).toBe(true);
    expect([merged.sentDays, merged.receivedDays]).toEqual([whole.sentDays, whole.receivedDays]);
    expect(chooseDisplayAddress(merged)).toBe('ANN@example.org');
  });

  it('keeps the latest non-empty name, whatever the order', () => {
    const msgs = [received('Old Name <ann@example.org>', T0), received('ann@example.org', T0 + DAY), received('New Name <ann@example.org>', T0 + 2 * DAY)];
    expect(foldMessages(msgs, options()).contacts['ann@example.org']!.name).toBe('New Name');
    expect(foldMessages([...msgs].reverse(), options()).contacts['ann@example.org']!.name).toBe('New Name');
  });

  it('never creates a contact from noise or the owner', () => {
    const ledger = foldMessages(
      [
        received('noreply@service.example', T0),
        received('Ann <ann@example.org>', T0, { listId: 'x.example' }),
        received('bob@example.org', T0, { labels: ['Spam'] }),
        sent('cat@example.org', T0, { labels: ['Drafts'] }),
        sent(OWNER, T0),
      ],
      options(),
    );
    expect(ledger.contacts).toEqual({});
    expect(ledger.coverage.messages).toBe(5);
    expect(ledger.coverage.counted).toBe(0);
  });

  it('counts a large-recipient message as a weak touch only', () => {
    const to = Array.from({ length: 25 }, (_, i) => `p${i}@example.org`).join(', ');
    const c = foldMessages([sent(to, T0)], options()).contacts['p3@example.org']!;
    expect(c).toMatchObject({ weakCount: 1, lastWeak: T0, sentCount: 0, lastSent: null, history: [] });
  });

  it('caps the history to the latest days', () => {
    const msgs = Array.from({ length: HISTORY_DAYS + 10 }, (_, i) => sent('ann@example.org', T0 + i * DAY));
    const h = foldMessages(msgs, options()).contacts['ann@example.org']!.history;
    expect(h).toHaveLength(HISTORY_DAYS);
    expect(h[h.length - 1]).toBe(Math.floor((T0 + (HISTORY_DAYS + 9) * DAY) / DAY));
  });
});

describe('addDays', () => {
  it('is a sorted bounded union', () => {
    expect(addDays([1, 5], [3, 5, 9])).toEqual([1, 3, 5, 9]);
  });
});

const PEOPLE = ['Ann <ann@example.org>', 'Bob <bob@example.org>', 'b.o.b@gmail.com', 'BOB@googlemail.com', 'Cat <cat@example.org>', 'noreply@x.example'];

const arbMessage: fc.Arbitrary<MessageMeta> = fc
  .record({
    outgoing: fc.boolean(),
    person: fc.constantFrom(...PEOPLE),
    other: fc.constantFrom(...PEOPLE),
    day: fc.integer({ min: 0, max: 2000 }),
    minute: fc.integer({ min: 0, max: 1439 }),
    label: fc.constantFrom('Inbox', 'Sent', 'Spam', 'Category Social', 'Important'),
    name: fc.constantFrom('', 'Zed', 'Ann Q'),
    thread: fc.constantFrom('t1', 't2', 't3'),
    list: fc.boolean(),
  })
  .map((r) => {
    const date = T0 + r.day * DAY + r.minute * 60_000;
    const named = r.name === '' ? r.person : `${r.name} <${r.person.replace(/.*<|>/g, '')}>`;
    const extra = { labels: [r.label], threadId: r.thread, subject: `s${r.day}`, ...(r.list && r.day % 7 === 0 ? { listId: 'l.example' } : {}) };
    return r.outgoing ? sent(`${named}, ${r.other}`, date, extra) : received(named, date, extra);
  });

describe('fold properties', () => {
  it('does not depend on message order', () => {
    fc.assert(
      fc.property(fc.array(arbMessage, { maxLength: 60 }), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (msgs, keys) => {
        const shuffled = msgs.map((m) => ({ m, k: keys.next().value as number })).sort((a, b) => a.k - b.k).map((x) => x.m);
        expect(foldMessages(shuffled, options())).toEqual(foldMessages(msgs, options()));
      }),
    );
  });

  it('merge(fold(A), fold(B)) equals fold(A ∪ B) for disjoint A and B', () => {
    fc.assert(
      fc.property(fc.array(arbMessage, { maxLength: 60 }), fc.nat(), (msgs, cut) => {
        const k = msgs.length === 0 ? 0 : cut % (msgs.length + 1);
        const a = foldMessages(msgs.slice(0, k), options());
        const b = foldMessages(msgs.slice(k), options());
        expect(mergeLedgers(a, b)).toEqual(foldMessages(msgs, options()));
        expect(mergeLedgers(b, a)).toEqual(foldMessages(msgs, options()));
      }),
    );
  });

  it('is monotonic: an older message never moves a date backwards', () => {
    fc.assert(
      fc.property(fc.array(arbMessage, { minLength: 1, maxLength: 40 }), arbMessage, (msgs, extra) => {
        const before = foldMessages(msgs, options());
        const older = { ...extra, date: T0 - 1000 * DAY };
        const after = foldMessages([...msgs, older], options());
        for (const [email, c] of Object.entries(before.contacts)) {
          const d = after.contacts[email]!;
          if (c.lastSent !== null) expect(d.lastSent).toBe(c.lastSent);
          if (c.lastReceived !== null) expect(d.lastReceived).toBe(c.lastReceived);
          if (c.lastSentThread !== null) expect(d.lastSentThread).toEqual(c.lastSentThread);
          if (c.lastReceivedThread !== null) expect(d.lastReceivedThread).toEqual(c.lastReceivedThread);
          if (c.name !== '') expect(d.name).toBe(c.name);
        }
      }),
    );
  });

  it('merging with an empty ledger changes nothing', () => {
    fc.assert(
      fc.property(fc.array(arbMessage, { maxLength: 30 }), (msgs) => {
        const l = foldMessages(msgs, options());
        expect(mergeLedgers(l, createLedger())).toEqual(l);
      }),
    );
  });
});

it('builds the default message fixture as received mail', () => {
  expect(foldMessages([aMessage()], options()).contacts['ann@example.org']!.receivedCount).toBe(1);
});
