/**
 * What Google's Gmail API contract allows, defined once for both Gmail models
 * in the tests: the Apps Script advanced-service fake (fake-gmail.ts) and the
 * REST emulator the Node client talks to (test/node/gmail-emulator.ts). Each
 * limit and each unkind mode cites Google's page here and nowhere else; the
 * models only apply them.
 *
 * Deliberately independent of src/: a test that checks Reconnect's pacing or
 * paging against these numbers must not be checking src against itself.
 */

/** System labels as users.labels.list lists them (name equals id). */
export const SYSTEM_LABELS = [
  'INBOX',
  'SENT',
  'DRAFT',
  'SPAM',
  'TRASH',
  'CHAT',
  'STARRED',
  'UNREAD',
  'IMPORTANT',
  'CATEGORY_PERSONAL',
  'CATEGORY_SOCIAL',
  'CATEGORY_PROMOTIONS',
  'CATEGORY_UPDATES',
  'CATEGORY_FORUMS',
] as const;

/**
 * Gmail API paging limits, developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list:
 * "maxResults ... defaults to 100. The maximum allowed value for this field is 500."
 * The same bounds apply to threads.list, drafts.list and history.list. A larger
 * value is served as 500, not rejected.
 */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined || !Number.isFinite(maxResults) || maxResults <= 0) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.floor(maxResults), MAX_PAGE_SIZE);
}

/** users.messages.batchModify: "ids: The IDs of the messages to modify. There is a limit of 1000 ids per request." */
export const BATCH_MODIFY_MAX_IDS = 1000;

/**
 * Gmail's drafts guide (developers.google.com/workspace/gmail/api/guides/drafts):
 * "Draft messages cannot have any label other than the
 * DRAFT system label." The API's exact error text for this is not documented;
 * both models answer 400 invalidArgument with the guide's sentence
 * (WORDING.labelOnDraft in google-errors.ts).
 */
export function addsLabelToDraft(add: readonly string[] | undefined, isDraft: readonly boolean[]): boolean {
  return (add ?? []).length > 0 && isDraft.some(Boolean);
}

/**
 * Quota units per method and the per-user limit, 15,000 units per user per
 * minute. Source: developers.google.com/workspace/gmail/api/reference/quota.
 */
export const GMAIL_USER_UNITS_PER_MINUTE = 15000;
const GMAIL_METHOD_UNITS: Readonly<Record<string, number>> = {
  'users.drafts.create': 10,
  'users.drafts.delete': 10,
  'users.drafts.remove': 10,
  'users.drafts.get': 5,
  'users.drafts.list': 5,
  'users.drafts.send': 100,
  'users.drafts.update': 15,
  'users.getProfile': 1,
  'users.history.list': 2,
  'users.labels.create': 5,
  'users.labels.get': 1,
  'users.labels.list': 1,
  'users.messages.batchModify': 50,
  'users.messages.get': 5,
  'users.messages.list': 5,
  'users.messages.send': 100,
  'users.settings.sendAs.list': 1,
  'users.threads.get': 10,
  'users.threads.list': 10,
  'users.threads.modify': 10,
};

/** Legacy units of a method by its reference name ('users.messages.get'); undefined when the table has none. */
export function gmailMethodUnits(method: string): number | undefined {
  return GMAIL_METHOD_UNITS[method];
}

/**
 * The two per-user regimes a Gmail API project can be under.
 * - 'legacy': 15,000 units per user per minute (formerly "250 quota units per user
 *   per second, moving average"), with the table above: messages.get 5,
 *   threads.get 10, messages.list 5, history.list 2.
 * - '2026': projects created since May 2026 get "Per minute per user per project:
 *   6,000 quota units" (same page, 2026 revision), and the published cost tables
 *   for them price messages.get at 20 and threads.get at 40. Other methods are not
 *   in the tables we have; they are priced 4x the legacy figure here, the ratio of
 *   the two that are, and are listed in docs/manual-checks.md for a real account
 *   to confirm.
 */
export type GmailQuotaRegime = 'legacy' | '2026';

/** Units by reference name; a method the table lacks costs 5, as most reads do. */
export const GMAIL_METHOD_REGIMES: Readonly<Record<GmailQuotaRegime, { unitsPerMinute: number; units: (method: string) => number }>> = {
  legacy: { unitsPerMinute: GMAIL_USER_UNITS_PER_MINUTE, units: (method) => gmailMethodUnits(method) ?? 5 },
  '2026': {
    unitsPerMinute: 6000,
    units: (method) => {
      if (method === 'users.messages.get') return 20;
      if (method === 'users.threads.get') return 40;
      return (gmailMethodUnits(method) ?? 5) * 4;
    },
  },
};

/**
 * What users.messages.list and users.threads.list do not promise, as modes.
 * The references (developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list,
 * .../users.threads/list) promise no order, say only that `nextPageToken` is the
 * "token to retrieve the next page of results in the list", and call
 * `resultSizeEstimate` an estimate. A real account has listed messages out of
 * order by hours (github.com/googleapis/google-api-nodejs-client/issues/3508).
 * - order 'shuffled': a seeded permutation of the matches, fixed per query, so
 *   paging through it stays consistent;
 * - shortPages: pages shorter than maxResults, some empty, still carrying a token;
 * - duplicates: every page after the first repeats the previous page's last entry.
 */
export interface ListingMode {
  order?: 'newest-first' | 'shuffled';
  shortPages?: boolean;
  duplicates?: boolean;
  /** Seeds the shuffle and the page lengths; default 1. */
  seed?: number;
}

/** The matches in the order a listing serves them; `query` names the listing, so one query always shuffles alike. */
export function orderListing<T>(items: readonly T[], mode: ListingMode, query: string): T[] {
  if (mode.order !== 'shuffled') return [...items];
  return shuffled(items, hashText(`${mode.seed ?? 1}|${query}`));
}

/**
 * Where page number `turn`, starting at `offset`, begins and ends in the
 * ordered matches. A short page holds 0..size entries; after an empty one the
 * next holds at least one, so paging ends.
 */
export function pageBounds(mode: ListingMode, offset: number, turn: number, size: number): { start: number; end: number } {
  let length = size;
  if (mode.shortPages === true) {
    const r = hashText(`${mode.seed ?? 1}|${offset}|${turn}`);
    length = r % 5 === 0 && turn % 2 === 0 ? 0 : 1 + (r % size);
  }
  const start = mode.duplicates === true && offset > 0 ? offset - 1 : offset;
  return { start, end: offset + length };
}

/** FNV-1a, for seeding the listing modes. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A seeded Fisher-Yates shuffle (mulberry32), so a query always lists in the same scrambled order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
