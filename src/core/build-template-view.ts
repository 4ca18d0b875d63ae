/**
 * The variables a template can use, computed for one contact. Pure: `now` is
 * a parameter. Every variable is documented in templates/README.md.
 */
import type { Assessment } from './assess-contact';
import { cleanDisplayName, extractFirstName } from './clean-display-name';
import { cleanSubject } from './clean-subject';
import { describeCadence, describeLastContact } from './describe-last-contact';
import { DAY_MS, type Contact, type Millis } from './ledger';
import { countMonthsBetween } from './read-calendar-date';
import { stripControls } from './strip-controls';

/** Everything a template can use; see templates/README.md for the exact rules. */
export interface TemplateView {
  /** Their first name, or '' when the display name is missing, an address or not a person's name. */
  firstName: string;
  /** Their display name, tidied ("Doe, Jane" becomes "Jane Doe"); '' when unknown. */
  name: string;
  email: string;
  ownerName: string;
  ownerFirstName: string;
  /** Subject of the last message in the last direction, without "Re:"/"Fwd:"; '' when unknown or empty. */
  lastSubject: string;
  /** When you were last in touch, as words that follow "we last spoke": "in March 2024", "two weeks ago". */
  lastContactDate: string;
  /** Whole calendar months since the last exchange; null when there was none. */
  monthsSince: number | null;
  /** Who wrote the last one-to-one message: 'sent' (you), 'received' (they), '' (nobody yet). */
  lastDirection: 'sent' | 'received' | '';
  youWroteLast: boolean;
  theyWroteLast: boolean;
  /** Your rhythm with them: "every month", "every few months"; '' when set to never. */
  cadence: string;
  /** A year or more since the last exchange: reintroduce yourself. */
  longGap: boolean;
  /** Under 3 calendar months since the last exchange. */
  shortGap: boolean;
  /** 3 to 11 calendar months since the last exchange. */
  mediumGap: boolean;
  /** How long since the last exchange, as people say it: "5 weeks", "14 months", "3 years"; '' when there was none. */
  timeSince: string;
  /** "Hi Ann," or "Hi there," — never "Hi ,". */
  greeting: string;
}

// A Record, so the compiler insists on every key of TemplateView and no other.
const VARIABLE_KEYS: Readonly<Record<keyof TemplateView, true>> = {
  firstName: true,
  name: true,
  email: true,
  ownerName: true,
  ownerFirstName: true,
  lastSubject: true,
  lastContactDate: true,
  monthsSince: true,
  lastDirection: true,
  youWroteLast: true,
  theyWroteLast: true,
  cadence: true,
  longGap: true,
  shortGap: true,
  mediumGap: true,
  timeSince: true,
  greeting: true,
};

export type TemplateVariable = keyof TemplateView;

/** The only names a template may reference; anything else is rejected when the template is parsed. */
export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = Object.keys(VARIABLE_KEYS) as TemplateVariable[];

/** A gap of this many calendar months or more makes the owner reintroduce themselves. */
export const LONG_GAP_MONTHS = 12;
/** Under this many calendar months is a short gap: a quick catch-up, not an apology for a long silence. */
export const SHORT_GAP_MONTHS = 3;

export interface TemplateViewInput {
  contact: Contact;
  assessment: Assessment;
  owner: { name: string; email: string };
  now: Millis;
  /** IANA zone that decides "yesterday" and "in March"; default UTC. Apps Script passes the script's zone. */
  timeZone?: string;
  /** BCP 47 locale for month names only (the sentences are the template's); default en-US. */
  locale?: string;
}

export function buildTemplateView(input: TemplateViewInput): TemplateView {
  const { contact, assessment, owner, now } = input;
  const timeZone = input.timeZone ?? 'UTC';
  const locale = input.locale ?? 'en-US';
  const last = assessment.lastContact;
  const lastDirection = last === null ? '' : chooseLastDirection(contact);
  const thread =
    lastDirection === 'sent' ? contact.lastSentThread : lastDirection === 'received' ? contact.lastReceivedThread : null;
  const monthsSince = last === null ? null : countMonthsBetween(last, now, timeZone);
  const firstName = extractFirstName(contact.name, contact.email);
  return {
    firstName,
    name: cleanDisplayName(contact.name),
    // As they write it; the normalized form is only the ledger's key.
    email: stripControls(assessment.address ?? contact.email).trim(),
    ownerName: cleanDisplayName(owner.name),
    ownerFirstName: extractFirstName(owner.name, owner.email),
    // Only the thread that matches lastDirection, so "when you wrote to me about …" is true.
    lastSubject: thread === null ? '' : cleanSubject(thread.subject),
    lastContactDate: last === null ? '' : describeLastContact(last, now, timeZone, locale),
    monthsSince,
    lastDirection,
    youWroteLast: lastDirection === 'sent',
    theyWroteLast: lastDirection === 'received',
    cadence: describeCadence(assessment.cadenceDays),
    longGap: monthsSince !== null && monthsSince >= LONG_GAP_MONTHS,
    shortGap: monthsSince !== null && monthsSince < SHORT_GAP_MONTHS,
    mediumGap: monthsSince !== null && monthsSince >= SHORT_GAP_MONTHS && monthsSince < LONG_GAP_MONTHS,
    timeSince: last === null ? '' : describeTimeSince(last, now, monthsSince!),
    greeting: firstName === '' ? 'Hi there,' : `Hi ${firstName},`,
  };
}

/**
 * "5 weeks", "14 months", "3 years": weeks under two months, months under two
 * years (calendar months, so it agrees with shortGap and longGap), then years.
 * Under a week is "a few days"; the same day "a few hours".
 */
export function describeTimeSince(last: Millis, now: Millis, months: number): string {
  const days = Math.floor((now - last) / DAY_MS);
  if (days < 1) return 'a few hours';
  if (days < 7) return days === 1 ? 'a day' : 'a few days';
  if (months < 2) {
    const weeks = Math.floor(days / 7);
    return weeks === 1 ? 'a week' : `${weeks} weeks`;
  }
  if (months < 24) return `${months} months`;
  return `${Math.floor(months / 12)} years`;
}

function chooseLastDirection(contact: Contact): 'sent' | 'received' | '' {
  const { lastSent, lastReceived } = contact;
  if (lastSent === null && lastReceived === null) return '';
  if (lastReceived === null) return 'sent';
  if (lastSent === null) return 'received';
  return lastSent >= lastReceived ? 'sent' : 'received';
}
