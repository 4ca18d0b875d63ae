/**
 * What the add-on's cards say about a person: when each of you last wrote,
 * relative and absolute in the reader's time zone, the cadence and where it
 * came from, and the state in words. Pure: `now`, the zone and the locale are
 * parameters.
 */
import type { Assessment } from './assess-contact';
import { DAY_MS, type Contact, type Millis } from './ledger';
import { countCalendarDays } from './read-calendar-date';

export interface WhenLine {
  /** "3 weeks ago". */
  relative: string;
  /** "Tue, 13 Oct 2026, 14:05" in the reader's zone. */
  absolute: string;
}

export interface ContactDescription {
  /** Null: you never wrote to them one-to-one. */
  youWrote: WhenLine | null;
  theyWrote: WhenLine | null;
  /** Null: no meeting with them has started yet. */
  youMet: WhenLine | null;
  /** "met 5 days ago", "you wrote 3 weeks ago", "they wrote yesterday"; '' when never in touch. */
  lastContact: string;
  /** "Every 45 days", or "Never". */
  cadence: string;
  /** "Set by you", "Learned: you usually write every ~5 weeks", "Reconnect's default". */
  cadenceSource: string;
  /** "Lapsed · 34 days overdue". */
  state: string;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Average Gregorian month and year, in days, for "about 4 months". */
const MONTH_DAYS = 30.44;
const YEAR_DAYS = 365.25;

export function describeContact(
  contact: Pick<Contact, 'lastSent' | 'lastReceived'> & { lastMet?: Millis | null },
  assessment: Assessment,
  now: Millis,
  timeZone = 'UTC',
  locale = 'en-US',
): ContactDescription {
  const line = (ms: Millis | null): WhenLine | null =>
    ms === null ? null : { relative: describeAgo(ms, now, timeZone), absolute: formatDateTime(ms, timeZone, locale) };
  return {
    youWrote: line(contact.lastSent),
    theyWrote: line(contact.lastReceived),
    youMet: line(contact.lastMet ?? assessment.lastMet ?? null),
    lastContact: describeLastContactKind(assessment, now, timeZone),
    cadence: assessment.cadenceDays === null ? 'Never' : `Every ${assessment.cadenceDays} days`,
    cadenceSource: describeCadenceSource(assessment),
    state: describeState(assessment, now, timeZone, locale),
  };
}

export function describeCadenceSource(assessment: Assessment): string {
  if (assessment.cadenceSource === 'set') return 'Set by you';
  if (assessment.cadenceSource === 'group') {
    const label = (assessment.groups ?? []).find((g) => /^\s*reconnect\s*:/i.test(g));
    return label === undefined ? 'Set by a contact label' : `Set by the label “${label.trim()}”`;
  }
  if (assessment.cadenceSource === 'learned' && assessment.typicalGapDays !== null) {
    return `Learned: you usually write every ~${describeSpan(assessment.typicalGapDays)}`;
  }
  return "Reconnect's default (too little history to learn a rhythm)";
}

const KIND_WORDS = { sent: 'you wrote', received: 'they wrote', met: 'met' } as const;

/** Which kind of contact was the latest, and when: "met 5 days ago"; '' when there was none. */
export function describeLastContactKind(assessment: Pick<Assessment, 'lastContact' | 'lastContactKind'>, now: Millis, timeZone = 'UTC'): string {
  if (assessment.lastContact === null || assessment.lastContactKind === undefined || assessment.lastContactKind === null) return '';
  return `${KIND_WORDS[assessment.lastContactKind]} ${describeAgo(assessment.lastContact, now, timeZone)}`;
}

export function describeState(assessment: Assessment, now: Millis, timeZone = 'UTC', locale = 'en-US'): string {
  switch (assessment.state) {
    case 'lapsed':
      return assessment.overdueDays === 0 ? 'Lapsed · due today' : `Lapsed · ${describeSpan(assessment.overdueDays)} overdue`;
    case 'due': {
      const days = assessment.dueAt === null ? 0 : Math.max(0, Math.ceil((assessment.dueAt - now) / DAY_MS));
      return days === 0 ? 'Due today' : `Due in ${describeSpan(days)}`;
    }
    case 'awaiting-reply':
      return 'Awaiting their reply';
    case 'snoozed':
      return assessment.snoozeUntil === null ? 'Snoozed' : `Snoozed until ${formatDate(assessment.snoozeUntil, timeZone, locale)}`;
    case 'ignored':
      return 'Ignored';
    case 'active':
      if (assessment.inboundOnly) return 'In touch · only they have written';
      if (assessment.dueAt === null) return 'In touch';
      return `In touch · next due ${formatDate(assessment.dueAt, timeZone, locale)}`;
  }
}

/** A duration in days as people say it: "5 days", "3 weeks", "4 months", "2 years". */
export function describeSpan(days: number): string {
  const d = Math.max(0, Math.round(days));
  if (d < 14) return pluralize(d, 'day');
  if (d < 63) return pluralize(Math.round(d / 7), 'week');
  if (d < 2 * YEAR_DAYS) return pluralize(Math.round(d / MONTH_DAYS), 'month');
  return pluralize(Math.round(d / YEAR_DAYS), 'year');
}

/**
 * How long ago: "just now", "5 minutes ago", "3 hours ago" within 12 hours;
 * beyond that by calendar days in `timeZone`, so it agrees with the date shown
 * beside it: "yesterday", "5 days ago", "3 weeks ago". A future time (a skewed
 * clock) is "just now".
 */
export function describeAgo(then: Millis, now: Millis, timeZone = 'UTC'): string {
  const ms = now - then;
  if (ms < MINUTE_MS) return 'just now';
  if (ms < 90 * MINUTE_MS) return `${pluralize(Math.round(ms / MINUTE_MS), 'minute')} ago`;
  const days = countCalendarDays(then, now, timeZone);
  if (ms < 12 * HOUR_MS || days === 0) return `${pluralize(Math.round(ms / HOUR_MS), 'hour')} ago`;
  if (days === 1) return 'yesterday';
  return `${describeSpan(days)} ago`;
}

function pluralize(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function chooseFormatter(timeZone: string, locale: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone}\u0000${withTime}`;
  let f = formatters.get(key);
  if (f === undefined) {
    const options: Intl.DateTimeFormatOptions = withTime
      ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }
      : { day: 'numeric', month: 'short', year: 'numeric', timeZone };
    try {
      f = new Intl.DateTimeFormat(locale, options);
    } catch {
      // An unknown zone or locale from an event must not cost the whole card: UTC and English it is.
      f = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC', timeZoneName: 'short' });
    }
    formatters.set(key, f);
  }
  return f;
}

/** "Tue, 13 Oct 2026, 14:05" (the locale decides the order) in `timeZone`. */
export function formatDateTime(ms: Millis, timeZone = 'UTC', locale = 'en-US'): string {
  return chooseFormatter(timeZone, locale, true).format(new Date(ms));
}

/** "13 Oct 2026" in `timeZone`. */
export function formatDate(ms: Millis, timeZone = 'UTC', locale = 'en-US'): string {
  return chooseFormatter(timeZone, locale, false).format(new Date(ms));
}
