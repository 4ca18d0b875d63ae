/**
 * The settings card's form, checked field by field. Every value arrives as the
 * text a card input gives; each bad one gets a sentence that says what is
 * wrong and what to write instead, and nothing is saved until all are good.
 */
import { normalizeEmail } from './normalize-email';
import { completeSettings, DEFAULT_MIN_GAP_DAYS, type ReconnectSettings } from './settings';

/** The form as card inputs return it: text, '' when left empty. */
export interface SettingsForm {
  /** 0 (Sunday) to 6. */
  weeklyDay: string;
  /** 0 to 23, in the script's time zone. */
  weeklyHour: string;
  draftsPerWeek: string;
  defaultCadenceDays: string;
  /** 'true' when the box is ticked; a card sends nothing for an unticked box. */
  useLearnedCadence: string;
  /** Addresses separated by commas, spaces or new lines. */
  excludedAddresses: string;
  excludedDomains: string;
  lapsedLabel: string;
  draftedLabel: string;
  lookbackDays: string;
  /** 'reply' (in the person's latest thread) or 'new' (a new message). */
  replyInThread: string;
  /** Days of silence before anyone without a cadence you set can be due or lapsed. */
  minGapDays: string;
  /** 'auto', 'legacy' or '2026': the Gmail API unit table to pace to (core/pace-gmail-quota.ts). */
  gmailQuota: string;
  /** 'auto', 'consumer' or 'workspace': whose daily trigger-runtime cap applies. */
  accountType: string;
  /** 'true' when ticked, like useLearnedCadence. */
  readCalendar: string;
  readContacts: string;
}

export type SettingsField = keyof SettingsForm;

// A Record, so the compiler insists on every field and no other.
const FIELD_KEYS: Readonly<Record<SettingsField, true>> = {
  weeklyDay: true,
  weeklyHour: true,
  draftsPerWeek: true,
  defaultCadenceDays: true,
  useLearnedCadence: true,
  excludedAddresses: true,
  excludedDomains: true,
  lapsedLabel: true,
  draftedLabel: true,
  lookbackDays: true,
  replyInThread: true,
  minGapDays: true,
  gmailQuota: true,
  accountType: true,
  readCalendar: true,
  readContacts: true,
};

export const SETTINGS_FIELDS: readonly SettingsField[] = Object.keys(FIELD_KEYS) as SettingsField[];

export type SettingsErrors = Partial<Record<SettingsField, string>>;

export type SettingsValidation = { ok: true; settings: ReconnectSettings } | { ok: false; errors: SettingsErrors };

export const SETTINGS_LIMITS = {
  /** A week's batch someone reads through; 0 turns the weekly drafts off. */
  draftsPerWeek: { min: 0, max: 50 },
  /** The bounds learned cadences are kept within (learn-cadence.ts), so set and learned agree. */
  defaultCadenceDays: { min: 7, max: 365 },
  /** At least a month, so there is history to learn from; at most ten years, so the first scan ends in days, not weeks. */
  lookbackDays: { min: 30, max: 3650 },
  /** 0 turns the floor off; a year is the longest learned cadence (learn-cadence.ts MAX_LEARNED_DAYS). */
  minGapDays: { min: 0, max: 365 },
  /**
   * Settings live in one UserProperties value, and Apps Script allows 9 KB per
   * value (developers.google.com/apps-script/guides/services/quotas); the rest
   * of the settings take well under 1 KB.
   */
  storedBytes: 9 * 1024,
} as const;

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/**
 * Gmail's own labels, by the names its web client shows and its API ids: a
 * user label cannot take one (users.labels reference: system labels cannot be
 * created).
 */
const RESERVED_LABELS = new Set([
  'inbox', 'sent', 'sent mail', 'draft', 'drafts', 'spam', 'trash', 'bin', 'starred', 'important', 'unread', 'chat',
  'chats', 'all mail', 'snoozed', 'scheduled', 'category_personal', 'category_social', 'category_promotions',
  'category_updates', 'category_forums',
]);

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The form that shows `settings` as they are. */
export function buildSettingsForm(settings: ReconnectSettings): SettingsForm {
  return {
    weeklyDay: String(settings.weeklyDay),
    weeklyHour: String(settings.weeklyHour),
    draftsPerWeek: String(settings.draftsPerWeek),
    defaultCadenceDays: String(settings.policy.defaultCadenceDays),
    useLearnedCadence: settings.policy.useLearnedCadence ? 'true' : '',
    excludedAddresses: settings.excludedAddresses.join('\n'),
    excludedDomains: settings.excludedDomains.join('\n'),
    lapsedLabel: settings.labels.lapsed,
    draftedLabel: settings.labels.drafted,
    lookbackDays: String(settings.lookbackDays),
    replyInThread: settings.replyInThread ? 'reply' : 'new',
    minGapDays: String(settings.policy.minGapDays ?? DEFAULT_MIN_GAP_DAYS),
    gmailQuota: settings.gmailQuota,
    accountType: settings.accountType,
    readCalendar: settings.readCalendar ? 'true' : '',
    readContacts: settings.readContacts ? 'true' : '',
  };
}

/**
 * Checks every field of `form` and, when all are good, returns `current` with
 * them applied. A field missing from `form` keeps its current value.
 */
export function validateSettings(form: Partial<SettingsForm>, current: ReconnectSettings): SettingsValidation {
  const base = completeSettings(current);
  const errors: SettingsErrors = {};
  const value = (field: SettingsField): string | undefined => form[field];

  const weeklyDay = readChoice(value('weeklyDay'), base.weeklyDay, 0, 6);
  if (weeklyDay === null) errors.weeklyDay = 'Pick a day of the week for the weekly drafts.';
  const weeklyHour = readChoice(value('weeklyHour'), base.weeklyHour, 0, 23);
  if (weeklyHour === null) errors.weeklyHour = 'Pick an hour from 0 to 23 for the weekly drafts.';

  const drafts = readWhole(value('draftsPerWeek'), base.draftsPerWeek);
  const { min: dMin, max: dMax } = SETTINGS_LIMITS.draftsPerWeek;
  if (drafts === null || drafts < dMin || drafts > dMax) {
    errors.draftsPerWeek = `Drafts per week must be a whole number from ${dMin} to ${dMax} (0 turns the weekly drafts off).`;
  }
  const cadence = readWhole(value('defaultCadenceDays'), base.policy.defaultCadenceDays);
  const { min: cMin, max: cMax } = SETTINGS_LIMITS.defaultCadenceDays;
  if (cadence === null || cadence < cMin || cadence > cMax) {
    errors.defaultCadenceDays = `The default cadence must be a whole number of days from ${cMin} to ${cMax}.`;
  }
  const lookback = readWhole(value('lookbackDays'), base.lookbackDays);
  const { min: lMin, max: lMax } = SETTINGS_LIMITS.lookbackDays;
  if (lookback === null || lookback < lMin || lookback > lMax) {
    errors.lookbackDays = `The lookback must be a whole number of days from ${lMin} to ${lMax} (${lMax} is about ten years).`;
  }

  const minGap = readWhole(value('minGapDays'), base.policy.minGapDays ?? DEFAULT_MIN_GAP_DAYS);
  const { min: gMin, max: gMax } = SETTINGS_LIMITS.minGapDays;
  if (minGap === null || minGap < gMin || minGap > gMax) {
    errors.minGapDays = `The minimum gap must be a whole number of days from ${gMin} to ${gMax} (0 lets a learned rhythm decide alone).`;
  }

  const tick = (field: 'readCalendar' | 'readContacts', current: boolean) => {
    const v = value(field);
    return v === undefined ? current : v.trim() === 'true';
  };
  const readCalendar = tick('readCalendar', base.readCalendar);
  const readContacts = tick('readContacts', base.readContacts);
  const learned = value('useLearnedCadence');
  const useLearned = learned === undefined ? base.policy.useLearnedCadence : learned.trim() === 'true';

  const addresses = readAddresses(value('excludedAddresses'), base.excludedAddresses);
  if (addresses.bad.length > 0) {
    errors.excludedAddresses = `${quoteList(addresses.bad)} ${addresses.bad.length === 1 ? 'is not an email address' : 'are not email addresses'}: write one address per line, like ann@example.org.`;
  }
  const domains = readDomains(value('excludedDomains'), base.excludedDomains);
  if (domains.bad.length > 0) {
    errors.excludedDomains = `${quoteList(domains.bad)} ${domains.bad.length === 1 ? 'is not a domain' : 'are not domains'}: write one per line, like example.org, without the @.`;
  }

  const lapsedLabel = readLabel(value('lapsedLabel'), base.labels.lapsed);
  if (typeof lapsedLabel !== 'string') errors.lapsedLabel = `The lapsed label ${lapsedLabel.problem}`;
  const draftedLabel = readLabel(value('draftedLabel'), base.labels.drafted);
  if (typeof draftedLabel !== 'string') errors.draftedLabel = `The drafted label ${draftedLabel.problem}`;
  if (typeof lapsedLabel === 'string' && typeof draftedLabel === 'string' && lapsedLabel.toLowerCase() === draftedLabel.toLowerCase()) {
    errors.draftedLabel = 'The drafted label must differ from the lapsed label, or drafted threads would look lapsed.';
  }

  const reply = value('replyInThread');
  let replyInThread = base.replyInThread;
  if (reply !== undefined) {
    if (reply === 'reply') replyInThread = true;
    else if (reply === 'new') replyInThread = false;
    else errors.replyInThread = 'Choose whether drafts reply in the latest thread or start a new message.';
  }

  const quota = value('gmailQuota') ?? base.gmailQuota;
  if (quota !== 'auto' && quota !== 'legacy' && quota !== '2026') {
    errors.gmailQuota = 'Choose the Gmail quota table: automatic, the table before May 2026, or the per-minute table of 2026.';
  }
  const account = value('accountType') ?? base.accountType;
  if (account !== 'auto' && account !== 'consumer' && account !== 'workspace') {
    errors.accountType = 'Choose the account type: automatic, a personal Google account, or Google Workspace.';
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const settings: ReconnectSettings = {
    ...base,
    weeklyDay: weeklyDay!,
    weeklyHour: weeklyHour!,
    draftsPerWeek: drafts!,
    lookbackDays: lookback!,
    excludedAddresses: addresses.good,
    excludedDomains: domains.good,
    labels: { lapsed: lapsedLabel as string, drafted: draftedLabel as string },
    replyInThread,
    gmailQuota: quota as ReconnectSettings['gmailQuota'],
    accountType: account as ReconnectSettings['accountType'],
    readCalendar,
    readContacts,
    policy: { ...base.policy, defaultCadenceDays: cadence!, useLearnedCadence: useLearned, minGapDays: minGap! },
  };
  const bytes = measureUtf8(JSON.stringify(settings));
  if (bytes > SETTINGS_LIMITS.storedBytes) {
    const field: SettingsField = addresses.good.length >= domains.good.length ? 'excludedAddresses' : 'excludedDomains';
    return {
      ok: false,
      errors: {
        [field]: `Too many exclusions: settings must fit in ${SETTINGS_LIMITS.storedBytes / 1024} KB, Apps Script's limit for one stored value, and these need ${Math.ceil(bytes / 1024)} KB. Exclude a whole domain instead of many addresses.`,
      },
    };
  }
  return { ok: true, settings };
}

/** A dropdown's value; the current value when absent, null when not an integer in range. */
function readChoice(text: string | undefined, fallback: number, min: number, max: number): number | null {
  if (text === undefined) return fallback;
  const n = readWhole(text, fallback);
  return n === null || n < min || n > max ? null : n;
}

function readWhole(text: string | undefined, fallback: number): number | null {
  if (text === undefined) return fallback;
  const trimmed = text.trim().replace(/[,\s_]/g, '');
  if (!/^\d{1,7}$/.test(trimmed)) return null;
  return Number(trimmed);
}

function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function readAddresses(text: string | undefined, fallback: readonly string[]): { good: string[]; bad: string[] } {
  if (text === undefined) return { good: [...fallback], bad: [] };
  const good: string[] = [];
  const bad: string[] = [];
  for (const entry of splitList(text)) {
    const email = normalizeEmail(entry.replace(/^<|>$/g, ''));
    if (email === null) bad.push(entry);
    else if (!good.includes(email)) good.push(email);
  }
  return { good, bad };
}

function readDomains(text: string | undefined, fallback: readonly string[]): { good: string[]; bad: string[] } {
  if (text === undefined) return { good: [...fallback], bad: [] };
  const good: string[] = [];
  const bad: string[] = [];
  for (const entry of splitList(text)) {
    const domain = entry.toLowerCase().replace(/^@/, '').replace(/\.$/, '');
    if (!DOMAIN.test(domain)) bad.push(entry);
    else if (!good.includes(domain)) good.push(domain);
  }
  return { good, bad };
}

function readLabel(text: string | undefined, fallback: string): string | { problem: string } {
  if (text === undefined) return fallback;
  const label = text.trim().replace(/\s+/g, ' ');
  if (label === '') return { problem: 'needs a name, like Reconnect/Lapsed.' };
  if (/[\u0000-\u001f\u007f]/.test(label)) return { problem: 'must be one line of text.' };
  // A slash nests labels in Gmail; an empty part would name a label with no name.
  if (label.split('/').some((part) => part.trim() === '')) {
    return { problem: `"${label}" has an empty part between slashes: write it like Reconnect/Lapsed.` };
  }
  if (RESERVED_LABELS.has(label.toLowerCase())) return { problem: `cannot be "${label}", which is one of Gmail's own labels.` };
  return label;
}

function quoteList(items: readonly string[]): string {
  const shown = items.slice(0, 3).map((i) => `"${i.length > 60 ? `${i.slice(0, 59)}…` : i}"`);
  const more = items.length > 3 ? ` and ${items.length - 3} more` : '';
  return `${shown.join(', ')}${more}`;
}

function measureUtf8(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
