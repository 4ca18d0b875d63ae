/**
 * Sample contacts, for checking a template renders well in every case the
 * variables allow. Pure: the samples' clock is fixed.
 */
import { assessContact } from './assess-contact';
import { buildTemplateView, type TemplateView } from './build-template-view';
import { emptyContact } from './fold-messages';
import { DAY_MS, type Contact, type Millis } from './ledger';
import { DEFAULT_POLICY } from './settings';

const SAMPLE_NOW = Date.UTC(2025, 10, 14, 12);
const SAMPLE_OWNER = { name: 'Alex Rivera', email: 'alex@example.com' };

function createSampleContact(fields: Partial<Contact>): Contact {
  return { ...emptyContact('sample@example.org', 0), ...fields };
}

/**
 * Views that between them take every branch the variables allow: a long gap
 * with everything known, a recent exchange you wrote last, an address with no
 * name or subject and no owner name, a medium gap you wrote last, a short gap
 * they wrote last, and a contact with no exchange at all.
 */
export function createSampleViews(): Array<{ label: string; view: TemplateView }> {
  const thread = (subject: string, date: Millis) => ({ id: 'm1', threadId: 't1', subject, date, messageId: '' });
  const march2024 = Date.UTC(2024, 2, 12, 9);
  const twoWeeksAgo = SAMPLE_NOW - 15 * DAY_MS;
  const contacts: Array<{ label: string; contact: Contact; owner: { name: string; email: string } }> = [
    {
      label: 'a contact with a name, a subject and a gap of over a year',
      contact: createSampleContact({
        email: 'ann.smith@example.org', name: 'Ann Smith', lastSent: march2024 - 3 * DAY_MS, lastReceived: march2024,
        sentCount: 4, receivedCount: 5,
        lastSentThread: thread('Q3 planning offsite', march2024 - 3 * DAY_MS), lastReceivedThread: thread('Re: Q3 planning offsite', march2024),
      }),
      owner: SAMPLE_OWNER,
    },
    {
      label: 'a contact you wrote to last, two weeks ago',
      contact: createSampleContact({
        email: 'jane.doe@example.org', name: 'Doe, Jane', lastSent: twoWeeksAgo, lastReceived: twoWeeksAgo - 20 * DAY_MS,
        sentCount: 2, receivedCount: 2, lastSentThread: thread('Intro to the data team', twoWeeksAgo),
      }),
      owner: SAMPLE_OWNER,
    },
    {
      label: 'a contact with no name or subject, who only ever wrote to you, and no owner name',
      contact: createSampleContact({
        email: 'j.smith@example.org', lastReceived: march2024, receivedCount: 1, lastReceivedThread: thread('', march2024),
      }),
      owner: { name: '', email: 'alex@example.com' },
    },
    {
      label: 'a contact you wrote to last, five months ago',
      contact: createSampleContact({
        email: 'kim.lee@example.org', name: 'Kim Lee', lastSent: SAMPLE_NOW - 150 * DAY_MS, lastReceived: SAMPLE_NOW - 160 * DAY_MS,
        sentCount: 3, receivedCount: 3, lastSentThread: thread('Conference notes', SAMPLE_NOW - 150 * DAY_MS),
      }),
      owner: SAMPLE_OWNER,
    },
    {
      label: 'a contact who wrote last, five weeks ago, with no subject',
      contact: createSampleContact({
        email: 'ravi@example.org', name: 'Ravi', lastSent: SAMPLE_NOW - 40 * DAY_MS, lastReceived: SAMPLE_NOW - 36 * DAY_MS,
        sentCount: 2, receivedCount: 2, lastReceivedThread: thread('', SAMPLE_NOW - 36 * DAY_MS),
      }),
      owner: SAMPLE_OWNER,
    },
    {
      label: 'a contact with no exchange at all',
      contact: createSampleContact({ email: 'someone@example.org' }),
      owner: { name: '', email: '' },
    },
  ];
  return contacts.map(({ label, contact, owner }) => ({
    label,
    view: buildTemplateView({ contact, assessment: assessContact(contact, SAMPLE_NOW, DEFAULT_POLICY), owner, now: SAMPLE_NOW }),
  }));
}
