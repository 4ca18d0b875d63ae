/** The lapse policy: cadence, state and how overdue each person is, as of `now`. */
import { chooseDisplayAddress } from './contact-addresses';
import { explainVerdict } from './explain-verdict';
import { learnCadence } from './learn-cadence';
import { DAY_MS, type Contact, type Ledger, type Millis } from './ledger';
import { measureLateness, measureStrength, scorePriority, type StrengthLabel } from './measure-strength';
import { DEFAULT_MIN_GAP_DAYS, TIER_DAYS, type PolicySettings, type Tier } from './settings';

export type ContactState = 'active' | 'due' | 'lapsed' | 'awaiting-reply' | 'snoozed' | 'ignored';
export const CONTACT_STATES: readonly ContactState[] = [
  'lapsed',
  'due',
  'awaiting-reply',
  'active',
  'snoozed',
  'ignored',
];

/** Where a cadence came from: a tier you set, your own history with them, or the default. */
export type CadenceSource = 'set' | 'learned' | 'default';

/** What the user decided about a person, from the sheet or a card. */
export interface ContactOverride {
  cadence?: Tier;
  snoozeUntil?: Millis;
  ignore?: boolean;
}

export interface Assessment {
  /** Identity key (normalized); never shown. */
  email: string;
  /** Their address as they write it: what every view shows and drafts write to. */
  address: string;
  name: string;
  state: ContactState;
  /** Null when the cadence is "never". */
  cadenceDays: number | null;
  cadenceSource: CadenceSource;
  /** Median gap between conversations, when learned. */
  typicalGapDays: number | null;
  lastContact: Millis | null;
  /** Whole days since the last exchange in either direction. */
  daysSince: number | null;
  /** When the cadence runs out. */
  dueAt: Millis | null;
  /** Whole days past dueAt; 0 when not lapsed. */
  overdueDays: number;
  /** The owner never wrote to them: listed, not nagged about unless nagInboundOnly. */
  inboundOnly: boolean;
  snoozeUntil: Millis | null;
  /** Relationship strength 0–100 (measure-strength.ts), and its words. */
  strength: number;
  strengthLabel: StrengthLabel;
  /** 0–100 from strength and lateness: the order of lapsed people everywhere. */
  priority: number;
  /** Why this verdict, in one sentence. */
  reason: string;
}

export function assessContact(
  contact: Contact,
  now: Millis,
  policy: PolicySettings,
  override: ContactOverride = {},
): Assessment {
  const verdict = judgeContact(contact, now, policy, override);
  const strength = measureStrength(contact, now);
  const minGapApplied = verdict.cadenceSource !== 'set' && verdict.chosenDays !== null && verdict.chosenDays < minGapOf(policy);
  const { chosenDays: _chosen, ...rest } = verdict;
  return {
    ...rest,
    strength: strength.score,
    strengthLabel: strength.label,
    priority: scorePriority(strength.exact, measureLateness(verdict.overdueDays, verdict.cadenceDays)),
    reason: explainVerdict({ ...verdict, minGapApplied }, contact, now, minGapOf(policy)),
  };
}

/** The minimum gap in days; a stored policy from before it existed gets the default. */
function minGapOf(policy: PolicySettings): number {
  return policy.minGapDays ?? DEFAULT_MIN_GAP_DAYS;
}

type Verdict = Omit<Assessment, 'strength' | 'strengthLabel' | 'priority' | 'reason'> & { /** The cadence before the minimum gap. */ chosenDays: number | null };

function judgeContact(contact: Contact, now: Millis, policy: PolicySettings, override: ContactOverride): Verdict {
  const chosen = chooseCadence(contact, policy, override);
  // A lapse is a relationship gone quiet: no rhythm but one you set yourself makes anyone due sooner than the minimum gap.
  const minGap = minGapOf(policy);
  const cadence =
    chosen.source === 'set' || chosen.days === null ? chosen : { ...chosen, days: Math.max(chosen.days, minGap) };
  const lastContact = maxOf(contact.lastSent, contact.lastReceived);
  // A message dated after `now` (a sender's clock years ahead) is "today", never a negative count.
  const daysSince = lastContact === null ? null : Math.max(0, Math.floor((now - lastContact) / DAY_MS));
  const inboundOnly = contact.lastSent === null;
  const dueAt =
    lastContact === null || cadence.days === null ? null : lastContact + cadence.days * DAY_MS;
  const base: Verdict = {
    chosenDays: chosen.days,
    email: contact.email,
    address: chooseDisplayAddress(contact),
    name: contact.name,
    state: 'active',
    cadenceDays: cadence.days,
    cadenceSource: cadence.source,
    typicalGapDays: cadence.typicalGapDays,
    lastContact,
    daysSince,
    dueAt,
    overdueDays: 0,
    inboundOnly,
    snoozeUntil: override.snoozeUntil ?? null,
  };
  if (override.ignore === true) return { ...base, state: 'ignored' };
  if (override.snoozeUntil !== undefined && override.snoozeUntil > now) return { ...base, state: 'snoozed' };
  if (dueAt === null || cadence.days === null) return base;
  if (inboundOnly && !policy.nagInboundOnly) return base;

  if (now > dueAt) {
    return { ...base, state: 'lapsed', overdueDays: Math.floor((now - dueAt) / DAY_MS) };
  }
  const window = Math.min(policy.maxDueDays, cadence.days * policy.dueFraction) * DAY_MS;
  const pastMinGap = cadence.source === 'set' || now - lastContact! >= minGap * DAY_MS;
  if (now > dueAt - window && pastMinGap) return { ...base, state: 'due' };
  const ownerWroteLast =
    contact.lastSent !== null && (contact.lastReceived === null || contact.lastSent > contact.lastReceived);
  if (ownerWroteLast && now - contact.lastSent! > policy.awaitingReplyDays * DAY_MS) {
    return { ...base, state: 'awaiting-reply' };
  }
  return base;
}

interface Cadence {
  days: number | null;
  source: CadenceSource;
  typicalGapDays: number | null;
}

function chooseCadence(contact: Contact, policy: PolicySettings, override: ContactOverride): Cadence {
  if (override.cadence !== undefined) {
    const days = override.cadence === 'never' ? null : TIER_DAYS[override.cadence];
    return { days, source: 'set', typicalGapDays: null };
  }
  if (policy.useLearnedCadence) {
    const learned = learnCadence(contact.history);
    if (learned !== null) return { days: learned.days, source: 'learned', typicalGapDays: learned.typicalGapDays };
  }
  return { days: policy.defaultCadenceDays, source: 'default', typicalGapDays: null };
}

/**
 * Assesses everyone with at least one one-to-one exchange (people seen only on
 * large recipient lists are not contacts), ranked: lapsed first, then due,
 * awaiting-reply, active, snoozed, ignored; within each, highest priority first.
 */
export function assessLedger(
  ledger: Ledger,
  now: Millis,
  policy: PolicySettings,
  overrides: Readonly<Record<string, ContactOverride>> = {},
): Assessment[] {
  const out: Assessment[] = [];
  for (const contact of Object.values(ledger.contacts)) {
    if (contact.sentCount + contact.receivedCount === 0) continue;
    out.push(assessContact(contact, now, policy, overrides[contact.email]));
  }
  return rankAssessments(out);
}

export function rankAssessments(assessments: Assessment[]): Assessment[] {
  const order = new Map(CONTACT_STATES.map((s, i) => [s, i]));
  return assessments.sort(
    (a, b) =>
      order.get(a.state)! - order.get(b.state)! ||
      b.priority - a.priority ||
      b.overdueDays - a.overdueDays ||
      (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) ||
      (a.email < b.email ? -1 : a.email > b.email ? 1 : 0),
  );
}

function maxOf(a: Millis | null, b: Millis | null): Millis | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
