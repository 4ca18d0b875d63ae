/**
 * Relationship strength, 0–100, and the priority that orders lapsed people.
 * The formula, its reasons and its sources are in the README ("How Reconnect
 * ranks people"); the constants below are the ones it names.
 */
import { DAY_MS, type Contact, type Millis } from './ledger';

/** A reply within this many days of your message counts as them answering you (days). */
export const ANSWER_WINDOW_DAYS = 14;
/**
 * Reciprocity starts as if there were this many extra messages nobody
 * answered, so one exchange is a hint and fifty are evidence: 1 each way
 * scores 0.33, 10 each way 0.83, 50 each way 0.96.
 */
export const RECIPROCITY_PRIOR = 4;
/** One-to-one messages a month at which frequency scores one half. */
export const FREQUENCY_HALF_PER_MONTH = 2;
/** Frequency is averaged over at least this long, so one message is not "a month's worth" (days). */
export const MIN_LIFE_DAYS = 90;
/** Recency halves every this many days since the last one-to-one exchange. */
export const RECENCY_HALF_LIFE_DAYS = 180;
/** Tenure scores one half after this many days between the first and the last exchange. */
export const TENURE_HALF_DAYS = 365;

/** Weights of the four exchange factors; they sum to 1. */
export const STRENGTH_WEIGHTS = {
  reciprocity: 0.35,
  frequency: 0.3,
  tenure: 0.2,
  recency: 0.15,
} as const;

/**
 * Up to this share of the score is lost by someone seen mostly on large
 * recipient lists: the weighted sum is multiplied by 1 − 0.25 × (1 − oneToOne).
 */
export const WEAK_TOUCH_PENALTY = 0.25;

export type StrengthFactor = keyof typeof STRENGTH_WEIGHTS | 'oneToOne';

/** Each factor in 0..1. */
export type StrengthFactors = Record<StrengthFactor, number>;

export interface Strength {
  /** 0–100, whole: what people see. */
  score: number;
  /** 0–100 before rounding: what priority uses, so rounding never reorders people. */
  exact: number;
  /** "strong tie", "regular", "occasional", "weak tie". */
  label: StrengthLabel;
  factors: StrengthFactors;
}

export type StrengthLabel = 'strong tie' | 'regular' | 'occasional' | 'weak tie';

/** Lower bounds of each label's band, strongest first. */
export const STRENGTH_BANDS: ReadonlyArray<readonly [number, StrengthLabel]> = [
  [60, 'strong tie'],
  [40, 'regular'],
  [20, 'occasional'],
  [0, 'weak tie'],
];

export function labelStrength(score: number): StrengthLabel {
  return STRENGTH_BANDS.find(([floor]) => score >= floor)![1];
}

/** The five factors of one contact as of `now`. Pure: `now` is a parameter. */
export function measureFactors(contact: Contact & { lastMet?: Millis | null; meetingCount?: number }, now: Millis): StrengthFactors {
  const sent = contact.sentCount;
  const received = contact.receivedCount;
  // A meeting is a touch both ways: it counts for frequency and recency like an exchange (reciprocity stays mail's).
  const meetings = contact.meetingCount ?? 0;
  const total = sent + received + meetings;
  const last = Math.max(contact.lastSent ?? -Infinity, contact.lastReceived ?? -Infinity, contact.lastMet ?? -Infinity);
  if (total === 0 || !Number.isFinite(last)) return { reciprocity: 0, frequency: 0, recency: 0, tenure: 0, oneToOne: 0 };

  // Balance: near 1 when both write as much and often, 0 when only one side does.
  const balance = (2 * Math.min(sent, received)) / (sent + received + RECIPROCITY_PRIOR);
  // Whether they answer you: the share of days you wrote that a message from them followed within the window.
  // Until the per-direction days cover the exchange history (a ledger migrated from version 2), balance
  // alone speaks for reciprocity, so a migration never makes anyone look as if they stopped answering.
  const answered = hasDirectionDays(contact) ? measureAnswered(contact.sentDays, contact.receivedDays) : balance;
  const reciprocity = (balance + answered) / 2;

  const lifeDays = Math.max(MIN_LIFE_DAYS, (last - contact.firstSeen) / DAY_MS);
  const perMonth = total / (lifeDays / 30.44);
  const frequency = perMonth / (perMonth + FREQUENCY_HALF_PER_MONTH);

  const sinceDays = Math.max(0, (now - last) / DAY_MS);
  const recency = Math.pow(0.5, sinceDays / RECENCY_HALF_LIFE_DAYS);

  const tenureDays = Math.max(0, (last - contact.firstSeen) / DAY_MS);
  const tenure = tenureDays / (tenureDays + TENURE_HALF_DAYS);

  const oneToOne = total / (total + contact.weakCount);
  return { reciprocity, frequency, recency, tenure, oneToOne };
}

/**
 * Whether every exchange day in `history` is in `sentDays` or `receivedDays`.
 * A fold keeps them so (each is capped to its latest days, and `history` to
 * the latest of their union); a version-2 ledger has history without them.
 */
export function hasDirectionDays(contact: Pick<Contact, 'history' | 'sentDays' | 'receivedDays'>): boolean {
  if (contact.sentDays.length === 0) return false;
  const days = new Set([...contact.sentDays, ...contact.receivedDays]);
  return contact.history.every((d) => days.has(d));
}

/**
 * Share of `sentDays` followed by a day in `receivedDays` within
 * ANSWER_WINDOW_DAYS (both ascending), with RECIPROCITY_PRIOR / 2 unanswered
 * days assumed, so one answered message is not yet "always answers".
 */
export function measureAnswered(sentDays: readonly number[], receivedDays: readonly number[]): number {
  if (sentDays.length === 0) return 0;
  let answered = 0;
  let j = 0;
  for (const day of sentDays) {
    while (j < receivedDays.length && receivedDays[j]! < day) j += 1;
    if (j < receivedDays.length && receivedDays[j]! - day <= ANSWER_WINDOW_DAYS) answered += 1;
  }
  return answered / (sentDays.length + RECIPROCITY_PRIOR / 2);
}

/**
 * 100 × (the weighted mean of reciprocity, frequency, tenure and recency) ×
 * (1 − 0.25 × the share of weak touches), not rounded. Every term is
 * non-negative and rises with its factor, so the score never falls when a
 * factor rises.
 */
export function scoreStrength(factors: StrengthFactors): number {
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  let sum = 0;
  for (const key of Object.keys(STRENGTH_WEIGHTS) as Array<keyof typeof STRENGTH_WEIGHTS>) {
    sum += STRENGTH_WEIGHTS[key] * clamp(factors[key]);
  }
  return 100 * sum * (1 - WEAK_TOUCH_PENALTY * (1 - clamp(factors.oneToOne)));
}

export function measureStrength(contact: Contact & { lastMet?: Millis | null; meetingCount?: number }, now: Millis): Strength {
  const factors = measureFactors(contact, now);
  const exact = scoreStrength(factors);
  const score = Math.round(exact);
  return { score, exact, label: labelStrength(score), factors };
}

/** How much the relationship counts in priority; the rest is how late it is. */
export const PRIORITY_STRENGTH_WEIGHT = 0.7;

/**
 * How late someone is, 0..1: o / (o + 1), where o is the days past their
 * cadence in cadences (at least 30 days each). One whole cadence late is 0.5;
 * it keeps rising, ever more slowly, so the longest-forgotten still come first
 * among equally strong ties.
 */
export function measureLateness(overdueDays: number, cadenceDays: number | null): number {
  if (!(overdueDays > 0)) return 0;
  const o = overdueDays / Math.max(30, cadenceDays ?? 30);
  return o / (o + 1);
}

/**
 * Priority, 0–100: 0.7 × strength + 30 × lateness. Linear with positive
 * weights, so it never falls when strength or lateness rises; strength leads,
 * so a strong tie a little late comes before a one-off contact long forgotten.
 */
export function scorePriority(strength: number, lateness: number): number {
  const s = Math.min(100, Math.max(0, strength));
  const l = Math.min(1, Math.max(0, lateness));
  return Math.round(10 * (PRIORITY_STRENGTH_WEIGHT * s + 100 * (1 - PRIORITY_STRENGTH_WEIGHT) * l)) / 10;
}
