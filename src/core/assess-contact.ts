/** The lapse policy: cadence, state and how overdue each person is, as of `now`. */
import { chooseDisplayAddress, listAllAddresses } from './contact-addresses';
import { explainVerdict } from './explain-verdict';
import { learnCadence } from './learn-cadence';
import { DAY_MS, type Contact, type Ledger, type Millis } from './ledger';
import { measureLateness, measureStrength, scorePriority, type StrengthLabel } from './measure-strength';
import { chooseLastContact, type ContactKind, type Person } from './resolve-people';
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

/** Where a cadence came from: a tier you set, a `Reconnect: …` contact label, your own history with them, or the default. */
export type CadenceSource = 'set' | 'group' | 'learned' | 'default';

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
  /** Which of last sent, last received and last met `lastContact` is; null when there is none. */
  lastContactKind?: ContactKind | null;
  lastMet?: Millis | null;
  meetingCount?: number;
  /** Every spelling and address of the person, the shown one first (listAllAddresses). */
  emails?: string[];
  /** The person's contact labels. */
  groups?: string[];
}

export function assessContact(
  contact: Contact & Partial<Pick<Person, 'lastMet' | 'meetingCount' | 'emails' | 'groups' | 'groupTier'>>,
  now: Millis,
  policy: PolicySettings,
  override: ContactOverride = {},
): Assessment {
  const verdict = judgeContact(contact, now, policy, override);
  const strength = measureStrength(contact, now);
  const minGapApplied = !isUserCadence(verdict.cadenceSource) && verdict.chosenDays !== null && verdict.chosenDays < minGapOf(policy);
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

/** A tier you set on the person, or through a `Reconnect: …` contact label: exempt from the minimum gap. */
function isUserCadence(source: CadenceSource): boolean {
  return source === 'set' || source === 'group';
}

type AssessedContact = Contact & Partial<Pick<Person, 'lastMet' | 'meetingCount' | 'emails' | 'groups' | 'groupTier'>>;

function judgeContact(contact: AssessedContact, now: Millis, policy: PolicySettings, override: ContactOverride): Verdict {
  const chosen = chooseCadence(contact, policy, override);
  // A lapse is a relationship gone quiet: no rhythm but one you set yourself makes anyone due sooner than the minimum gap.
  const minGap = minGapOf(policy);
  const cadence =
    isUserCadence(chosen.source) || chosen.days === null ? chosen : { ...chosen, days: Math.max(chosen.days, minGap) };
  const last = chooseLastContact(contact);
  const lastContact = last?.at ?? null;
  const lastMet = contact.lastMet ?? null;
  // A message dated after `now` (a sender's clock years ahead) is "today", never a negative count.
  const daysSince = lastContact === null ? null : Math.max(0, Math.floor((now - lastContact) / DAY_MS));
  // Meeting is a two-way exchange, so someone you met is not "only they have written".
  const inboundOnly = contact.lastSent === null && lastMet === null;
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
    lastContactKind: last?.kind ?? null,
    lastMet,
    meetingCount: contact.meetingCount ?? 0,
    emails: listAllAddresses(contact, contact.emails ?? []),
    groups: contact.groups ?? [],
  };
  if (override.ignore === true) return { ...base, state: 'ignored' };
  if (override.snoozeUntil !== undefined && override.snoozeUntil > now) return { ...base, state: 'snoozed' };
  if (dueAt === null || cadence.days === null) return base;
  if (inboundOnly && !policy.nagInboundOnly) return base;

  if (now > dueAt) {
    return { ...base, state: 'lapsed', overdueDays: Math.floor((now - dueAt) / DAY_MS) };
  }
  const window = Math.min(policy.maxDueDays, cadence.days * policy.dueFraction) * DAY_MS;
  const pastMinGap = isUserCadence(cadence.source) || now - lastContact! >= minGap * DAY_MS;
  if (now > dueAt - window && pastMinGap) return { ...base, state: 'due' };
  const ownerWroteLast =
    contact.lastSent !== null &&
    (contact.lastReceived === null || contact.lastSent > contact.lastReceived) &&
    (lastMet === null || contact.lastSent > lastMet);
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

function chooseCadence(contact: Contact & { groupTier?: Tier | null }, policy: PolicySettings, override: ContactOverride): Cadence {
  if (override.cadence !== undefined) {
    const days = override.cadence === 'never' ? null : TIER_DAYS[override.cadence];
    return { days, source: 'set', typicalGapDays: null };
  }
  if (contact.groupTier !== undefined && contact.groupTier !== null) {
    const days = contact.groupTier === 'never' ? null : TIER_DAYS[contact.groupTier];
    return { days, source: 'group', typicalGapDays: null };
  }
  if (policy.useLearnedCadence) {
    const learned = learnCadence(contact.history);
    if (learned !== null) return { days: learned.days, source: 'learned', typicalGapDays: learned.typicalGapDays };
  }
  return { days: policy.defaultCadenceDays, source: 'default', typicalGapDays: null };
}

/**
 * Assesses everyone with at least one one-to-one exchange or meeting (people
 * seen only on large recipient lists are not contacts), ranked: lapsed first,
 * then due, awaiting-reply, active, snoozed, ignored; within each, highest priority first.
 */
export function assessLedger(
  ledger: Ledger,
  now: Millis,
  policy: PolicySettings,
  overrides: Readonly<Record<string, ContactOverride>> = {},
): Assessment[] {
  const out: Assessment[] = [];
  const aliases = (ledger as Partial<{ aliases: Record<string, string> }>).aliases;
  const overrideOf = aliases === undefined ? (email: string) => overrides[email] : findOverrides(aliases, overrides);
  for (const contact of Object.values(ledger.contacts) as Array<Contact & Partial<Person>>) {
    if (contact.sentCount + contact.receivedCount === 0 && (contact.meetingCount ?? 0) === 0) continue;
    out.push(assessContact(contact, now, policy, overrideOf(contact.email)));
  }
  return rankAssessments(out);
}

/**
 * A person's choices may sit on any of their addresses (the sheet row was made
 * when another address was the latest): the person's own key first, then the
 * first of the others in text order.
 */
function findOverrides(
  aliases: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, ContactOverride>>,
): (email: string) => ContactOverride | undefined {
  const byPerson = new Map<string, string>();
  for (const email of Object.keys(overrides).sort()) {
    const person = aliases[email];
    if (person !== undefined && !byPerson.has(person)) byPerson.set(person, email);
  }
  return (email) => overrides[email] ?? (byPerson.has(email) ? overrides[byPerson.get(email)!] : undefined);
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
