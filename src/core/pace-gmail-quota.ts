/**
 * Paces Gmail API calls to a per-user budget of quota units a minute, under
 * either of the two regimes a Gmail API project can be in. Pure: the caller
 * passes the clock and does the waiting (Utilities.sleep, a timer, or ending
 * the run and continuing later, which costs no runtime).
 *
 * - 'legacy': 15,000 units per user per minute (once "250 quota units per user
 *   per second, moving average"), messages.get 5, threads.get 10,
 *   messages.list 5, threads.list 10, history.list 2
 *   (developers.google.com/workspace/gmail/api/reference/quota).
 * - '2026': projects created since May 2026: "Per minute per user per project:
 *   6,000 quota units" (same page, 2026 revision); the published cost tables for
 *   them price messages.get at 20 and threads.get at 40. Methods those tables do
 *   not list are priced at 4x the legacy figure, the ratio of the two they do;
 *   docs/manual-checks.md asks a real account to confirm.
 *
 * Which regime applies is not visible through the API. Reconnect starts from
 * the user's Settings choice; on 'auto' it assumes 'legacy' and moves to '2026'
 * for good the first time Gmail answers a per-user rate limit (429), which the
 * legacy pace never meets on its own.
 */

export type GmailQuotaRegime = 'legacy' | '2026';
export type GmailQuotaChoice = 'auto' | GmailQuotaRegime;

/** The legacy cost table, units per call (developers.google.com/workspace/gmail/api/reference/quota). */
export const LEGACY_UNITS = {
  'users.getProfile': 1,
  'users.settings.sendAs.list': 1,
  'users.labels.list': 1,
  'users.labels.get': 1,
  'users.labels.create': 5,
  'users.messages.list': 5,
  'users.messages.get': 5,
  'users.messages.batchModify': 50,
  'users.threads.list': 10,
  'users.threads.get': 10,
  'users.threads.modify': 10,
  'users.history.list': 2,
  'users.drafts.list': 5,
  'users.drafts.get': 5,
  'users.drafts.create': 10,
  'users.drafts.update': 15,
} as const;

/** A Gmail API method Reconnect calls, by its reference name. */
export type GmailMethod = keyof typeof LEGACY_UNITS;

const priceOf = (method: string): number | undefined => (LEGACY_UNITS as Readonly<Record<string, number>>)[method];

export const GMAIL_QUOTA_REGIMES: Readonly<Record<GmailQuotaRegime, { unitsPerMinute: number; units: (method: string) => number }>> = {
  legacy: { unitsPerMinute: 15_000, units: (method) => priceOf(method) ?? 5 },
  '2026': {
    unitsPerMinute: 6_000,
    units: (method) => {
      if (method === 'users.messages.get') return 20;
      if (method === 'users.threads.get') return 40;
      return (priceOf(method) ?? 5) * 4;
    },
  },
};

/**
 * Share of the per-user limit a scan paces to: the rest is left to the user's
 * other clients of the same account (their phone, the other side of Reconnect).
 */
export const PACE_SHARE = 0.9;

export interface QuotaPace {
  regime: GmailQuotaRegime;
  /** Units spent, with when, over the last minute. */
  spent: Array<{ at: number; units: number }>;
}

export function createQuotaPace(regime: GmailQuotaRegime, spent: QuotaPace['spent'] = []): QuotaPace {
  return { regime, spent: [...spent] };
}

/**
 * The last minute's spend in a few entries, to save between runs: a run that
 * starts within a minute of the last one (the hourly trigger, a card) must
 * count what that one spent. Entries are merged into 5-second buckets, each at
 * its latest call, so the saved spend never ages out sooner than the real one.
 */
export function compactSpend(pace: QuotaPace, now: number): QuotaPace['spent'] {
  const buckets = new Map<number, { at: number; units: number }>();
  for (const x of pace.spent) {
    if (x.at <= now - 60_000) continue;
    const key = Math.floor(x.at / 5000);
    const b = buckets.get(key);
    buckets.set(key, { at: Math.max(b?.at ?? 0, x.at), units: (b?.units ?? 0) + x.units });
  }
  return [...buckets.values()].sort((a, b) => a.at - b.at);
}

/** How long until everything spent in the last minute has aged out (ms): room for a burst such as the label update. */
export function msUntilClear(pace: QuotaPace, now: number): number {
  const last = pace.spent.reduce((max, x) => Math.max(max, x.at), 0);
  return Math.max(0, last + 60_000 - now + 1);
}

/** The regime to pace to: the user's choice, else what a 429 showed, else legacy. */
export function chooseRegime(choice: GmailQuotaChoice, detected: GmailQuotaRegime | null): GmailQuotaRegime {
  return choice === 'auto' ? (detected ?? 'legacy') : choice;
}

/** Units a call of `method` ('users.threads.get') costs under the pace's regime. */
export function unitsOf(pace: QuotaPace, method: string): number {
  return GMAIL_QUOTA_REGIMES[pace.regime].units(method);
}

/** Milliseconds to wait before a call of `method` keeps the last minute within the budget; 0 to go now. */
export function waitBeforeCall(pace: QuotaPace, method: string, now: number): number {
  const budget = GMAIL_QUOTA_REGIMES[pace.regime].unitsPerMinute * PACE_SHARE;
  const units = unitsOf(pace, method);
  const recent = pace.spent.filter((x) => x.at > now - 60_000);
  let used = recent.reduce((sum, x) => sum + x.units, 0);
  if (used + units <= budget) return 0;
  for (const x of recent) {
    used -= x.units;
    if (used + units <= budget) return Math.max(0, x.at + 60_000 - now + 1);
  }
  return 60_000;
}

/** Records a call just made; forgets what is older than a minute. */
export function recordCall(pace: QuotaPace, method: string, now: number): QuotaPace {
  const spent = pace.spent.filter((x) => x.at > now - 60_000);
  spent.push({ at: now, units: unitsOf(pace, method) });
  return { ...pace, spent };
}

/**
 * The time a "User-rate limit exceeded. Retry after <RFC 3339 time>" answer
 * names (developers.google.com/workspace/gmail/api/guides/handle-errors), ms
 * since the epoch; null when the text names none.
 */
export function readRetryAfter(text: string): number | null {
  const match = /Retry after\s+(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)?/i.exec(text);
  if (match === null) return null;
  // RFC 3339 requires the offset; a time without one is read as UTC, the zone Google's servers write.
  const at = Date.parse(`${match[1]!}${match[2] ?? 'Z'}`);
  return Number.isNaN(at) ? null : at;
}
