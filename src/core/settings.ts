/** Every knob the core reads, with the defaults a new user gets. */

export type Tier = 'weekly' | 'monthly' | 'quarterly' | 'yearly' | 'never';

export const TIER_DAYS: Readonly<Record<Exclude<Tier, 'never'>, number>> = {
  weekly: 7,
  monthly: 30,
  quarterly: 90,
  yearly: 365,
};

export const TIERS: readonly Tier[] = ['weekly', 'monthly', 'quarterly', 'yearly', 'never'];

export function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value);
}

export interface FoldOptions {
  /** The owner's own addresses (send-as aliases), already normalized. */
  owner: ReadonlySet<string>;
  /** More recipients than this makes a message a weak touch, not a one-to-one exchange. */
  largeRecipientCount: number;
  /** Treat dots and case in gmail.com local parts, and googlemail.com, as one address. */
  mergeGmailVariants: boolean;
  /** Addresses (normalized) and domains (lower-case, no @) that never become contacts. */
  excludedAddresses: ReadonlySet<string>;
  excludedDomains: ReadonlySet<string>;
}

export interface PolicySettings {
  /** Cadence when nothing better is known. */
  defaultCadenceDays: number;
  /** Learn a cadence from each person's own history when they have enough of it. */
  useLearnedCadence: boolean;
  /** "due" starts this fraction of the cadence before it runs out... */
  dueFraction: number;
  /** ...but never more than this many days before. */
  maxDueDays: number;
  /** The owner wrote last and has waited this many days: awaiting-reply. */
  awaitingReplyDays: number;
  /** Let people the owner never wrote to lapse too (off: they are listed, not nagged about). */
  nagInboundOnly: boolean;
  /**
   * Nobody is due or lapsed sooner than this many days after the last exchange,
   * whatever their learned rhythm; a cadence the user set is exempt. Optional
   * so settings stored before it existed still read; see DEFAULT_MIN_GAP_DAYS.
   */
  minGapDays?: number;
}

/** A lapse is about relationships gone quiet: a month of silence at least. */
export const DEFAULT_MIN_GAP_DAYS = 30;

export const DEFAULT_LARGE_RECIPIENT_COUNT = 20;

export const DEFAULT_POLICY: Readonly<PolicySettings> = {
  defaultCadenceDays: 90,
  useLearnedCadence: true,
  dueFraction: 0.15,
  maxDueDays: 14,
  awaitingReplyDays: 14,
  nagInboundOnly: false,
  minGapDays: DEFAULT_MIN_GAP_DAYS,
};

export function createFoldOptions(
  owner: Iterable<string>,
  overrides: Partial<Omit<FoldOptions, 'owner'>> = {},
): FoldOptions {
  return {
    owner: new Set(owner),
    largeRecipientCount: overrides.largeRecipientCount ?? DEFAULT_LARGE_RECIPIENT_COUNT,
    mergeGmailVariants: overrides.mergeGmailVariants ?? true,
    excludedAddresses: overrides.excludedAddresses ?? new Set(),
    excludedDomains: overrides.excludedDomains ?? new Set(),
  };
}

/** Everything the user can set, as stored (UserProperties in Apps Script, a file in Node). */
export interface ReconnectSettings {
  policy: PolicySettings;
  largeRecipientCount: number;
  mergeGmailVariants: boolean;
  excludedAddresses: string[];
  excludedDomains: string[];
  /** How far back the first full scan reads, in days. */
  lookbackDays: number;
  labels: { lapsed: string; drafted: string };
  /** Weekly batch: day (0 = Sunday) and hour in the user's time zone. */
  weeklyDay: number;
  weeklyHour: number;
  draftsPerWeek: number;
  /** Draft as a reply in the person's latest thread, or as a new message. */
  replyInThread: boolean;
  /** The Gmail API unit table and per-user limit to pace to (core/pace-gmail-quota.ts); 'auto' learns it from 429s. */
  gmailQuota: 'auto' | 'legacy' | '2026';
  /**
   * Whose daily trigger-runtime cap applies: 90 minutes on consumer accounts, 6 hours on
   * Google Workspace (developers.google.com/apps-script/guides/services/quotas); 'auto'
   * reads it from the address (gmail.com and googlemail.com are consumer accounts).
   */
  accountType: 'auto' | 'consumer' | 'workspace';
  /** Meetings on the primary calendar count as contact (Apps Script: the Calendar advanced service). */
  readCalendar: boolean;
  /** Google Contacts cards merge addresses and their labels set group cadences (the People advanced service). */
  readContacts: boolean;
  /** More people than this on an event (rooms aside) and it is not a meeting. */
  largeMeetingCount: number;
}

export const DEFAULT_SETTINGS: Readonly<ReconnectSettings> = {
  policy: { ...DEFAULT_POLICY },
  largeRecipientCount: DEFAULT_LARGE_RECIPIENT_COUNT,
  mergeGmailVariants: true,
  excludedAddresses: [],
  excludedDomains: [],
  lookbackDays: 3 * 365,
  labels: { lapsed: 'Reconnect/Lapsed', drafted: 'Reconnect/Drafted' },
  weeklyDay: 1,
  weeklyHour: 8,
  draftsPerWeek: 5,
  replyInThread: true,
  gmailQuota: 'auto',
  accountType: 'auto',
  readCalendar: true,
  readContacts: true,
  largeMeetingCount: 20,
};

/** Fills what a stored copy lacks (written by an older version, or edited by hand) from the defaults. */
export function completeSettings(stored: Partial<ReconnectSettings> | null | undefined): ReconnectSettings {
  const s = stored ?? {};
  return {
    ...DEFAULT_SETTINGS,
    ...s,
    policy: { ...DEFAULT_POLICY, ...(s.policy ?? {}) },
    labels: { ...DEFAULT_SETTINGS.labels, ...(s.labels ?? {}) },
    excludedAddresses: [...(s.excludedAddresses ?? [])],
    excludedDomains: [...(s.excludedDomains ?? [])],
  };
}

export function foldOptionsFrom(settings: ReconnectSettings, owner: Iterable<string>): FoldOptions {
  return createFoldOptions(owner, {
    largeRecipientCount: settings.largeRecipientCount,
    mergeGmailVariants: settings.mergeGmailVariants,
    excludedAddresses: new Set(settings.excludedAddresses),
    excludedDomains: new Set(settings.excludedDomains),
  });
}
