/** Mailboxes for the add-on's cards: nothing scanned, a typical handful of people, and 2,000 people. */
import { createLedger } from '../../src/core/fold-messages';
import { DAY_MS, type Contact, type Ledger } from '../../src/core/ledger';
import { FakeGoogle } from '../fakes/fake-google';
import { MailboxBuilder, person, type ThreadRef } from '../fakes/mailbox-builder';
import { NOW, runExecution, scanUntilDone } from './gas-harness';

export const OWNER = 'me@example.com';
export const at = (daysAgo: number): string => new Date(Date.parse(NOW) - daysAgo * DAY_MS).toISOString();

export function createEmptyGoogle(): FakeGoogle {
  return new FakeGoogle({ now: NOW, owner: OWNER, timeZone: 'Europe/London' });
}

export interface Typical {
  google: FakeGoogle;
  /** Ann wrote to me, Bob in Cc, Ivy (on group mail only) in Cc too. */
  annMessage: string;
  /** A note to myself. */
  selfMessage: string;
}

/**
 * Ann (lapsed, 200 days), Cat (lapsed via an alias, 120 days), Fay (a monthly
 * rhythm, lapsed), Dan (due), Eve (awaiting her reply), Bob (active), Hal
 * ("R&D <Lab>", lapsed, a name that must be escaped), Ivy (only on group mail),
 * and noise.
 */
export function createTypicalGoogle(): Typical {
  const { box, self } = buildTypicalMailbox();
  const google = new FakeGoogle({ now: NOW, mailbox: box, timeZone: 'Europe/London' });
  scanUntilDone(google);
  return { google, annMessage: deliverAnnMessage(google), selfMessage: self.messageIds[0]! };
}

/** The typical mailbox, not yet scanned. */
export function buildTypicalMailbox(): { box: MailboxBuilder; self: ThreadRef } {
  const box = new MailboxBuilder({ owner: person('Alex Rivera', OWNER), aliases: ['me@alias.example'] });
  const ann = box.person('Ann Smith', 'ann@example.org');
  const bob = box.person('Bob Jones', 'bob@example.org');
  const dan = box.person('Dan Brown', 'dan@example.org');
  const eve = box.person('Eve Adams', 'eve@example.org');
  const fay = box.person('Fay Green', 'fay@example.org');
  const hal = box.person('R&D <Lab>', 'hal@example.org');
  const ivy = box.person('Ivy Chen', 'ivy@example.org');
  box.thread({ from: box.me, to: ann, date: at(201), subject: 'Plans' }, { from: ann, to: box.me, date: at(200) });
  box.sent(bob, at(3), { subject: 'Lunch' });
  box.received(bob, at(2), { subject: 'Re: Lunch' });
  box.thread({ from: 'me@alias.example', to: 'Cat <cat@example.org>', date: at(120), subject: 'From the alias' });
  box.thread({ from: box.me, to: dan, date: at(81), subject: 'Quarterly' }, { from: dan, to: box.me, date: at(80) });
  box.received(eve, at(40), { subject: 'Question' });
  box.sent(eve, at(20), { subject: 'Re: Question' });
  for (let month = 12; month >= 2; month -= 1) box.sent(fay, at(month * 30), { subject: `Monthly ${month}` });
  box.sent(hal, at(150), { subject: 'Lab visit' });
  const group = Array.from({ length: 24 }, (_, i) => `p${i}@crowd.example`);
  box.thread({ from: box.me, to: [ivy, ...group], date: at(30), subject: 'All hands' });
  box.newsletter('news@shop.example', at(1));
  box.received('noreply@service.example', at(4));
  const self = box.thread({ from: box.me, to: box.me, date: at(1), subject: 'Note to self' });
  return { box, self };
}

/**
 * Ann writes, Bob and Ivy in Cc. Dated before the last scan's watermark, so the
 * card takes its history from the ledger alone and Ann stays lapsed there.
 */
export function deliverAnnMessage(google: FakeGoogle): string {
  return google.Gmail.deliver({
    from: 'Ann Smith <ann@example.org>',
    to: `Alex Rivera <${OWNER}>`,
    cc: ['Bob Jones <bob@example.org>', 'Ivy Chen <ivy@example.org>'],
    subject: 'Catching up?',
    date: Date.parse(at(0.5)),
  });
}

export interface Large {
  google: FakeGoogle;
  /** A message to 300 people, most of them known. */
  crowdMessage: string;
  emails: string[];
}

/** 2,000 people in the committed ledger, written directly (a scan of that many would only test the scan). */
export function createLargeGoogle(people = 2000): Large {
  const google = new FakeGoogle({ now: NOW, owner: OWNER, timeZone: 'Europe/London' });
  const now = Date.parse(NOW);
  const ledger: Ledger = createLedger();
  const emails: string[] = [];
  for (let i = 0; i < people; i += 1) {
    const email = `person${i}@example.com`;
    emails.push(email);
    const last = now - ((i * 7) % 900) * DAY_MS - DAY_MS;
    const contact: Contact = {
      email,
      // Long names, so the cards' own caps are exercised.
      name: i % 50 === 0 ? `Person ${i} ${'Longname'.repeat(12)}` : `Person ${i}`,
      nameDate: last,
      firstSeen: last - 400 * DAY_MS,
      lastSent: last,
      lastReceived: i % 3 === 0 ? last - DAY_MS : null,
      sentCount: 3,
      receivedCount: i % 3 === 0 ? 2 : 0,
      weakCount: 0,
      lastWeak: null,
      lastSentThread: { id: `m${i}`, threadId: `t${i}`, subject: 'Hello '.repeat(40), date: last, messageId: `<m${i}@example.com>` },
      lastReceivedThread: null,
      history: [Math.floor(last / DAY_MS)],
      addresses: {},
      sentDays: [],
      receivedDays: [],
    };
    ledger.contacts[email] = contact;
  }
  ledger.coverage = { messages: people * 5, counted: people * 5, oldest: now - 1000 * DAY_MS, newest: now - DAY_MS };
  const committed = runExecution(google, (rt) => {
    // A new sheet has 1,000 rows and Sheets refuses ranges past the last one; the ledger needs a row a person.
    const sheet = rt.opened.spreadsheet.insertSheet('_ledger_a');
    sheet.insertRowsAfter(sheet.getMaxRows(), people + 10);
    rt.store.commit(ledger, { cursor: { watermark: { second: Math.floor(now / 1000), ids: [] }, progress: null }, owner: [OWNER] }, null);
    rt.state.saveLastRun({ at: now - 3_600_000, kind: 'scan', outcome: 'done', folded: people * 5, message: `Scan complete: ${people * 5} new messages read.` });
  });
  if (committed.error !== undefined) throw committed.error;
  const crowdMessage = google.Gmail.seedMessage({
    from: 'Person 1 <person1@example.com>',
    to: [OWNER, ...emails.slice(2, 301).map((e) => `"Someone" <${e}>`)],
    subject: 'Reunion',
    date: now - DAY_MS,
    labels: ['INBOX'],
  });
  return { google, crowdMessage, emails };
}
