/**
 * What the reports show — the Lapsed, Contacts and Summary tabs of the Reconnect
 * spreadsheet and the offline HTML report — as plain data: one row per person,
 * counts by state, and people by months since the last exchange. How the
 * spreadsheet lays them out (columns, cells, grids) is in ./sheets.
 */
import { CONTACT_STATES, type Assessment, type CadenceSource, type ContactState } from './assess-contact';
import type { Coverage, Ledger, Millis } from './ledger';
import { DEFAULT_MIN_GAP_DAYS, type PolicySettings } from './settings';
import { describeDraftForReport } from './plan-draft-run';
import type { DraftRecord } from './plan-drafts';
import { latestThread } from './plan-labels';
import { countMonthsBetween } from './read-calendar-date';
import type { ContactKind } from './resolve-people';

export interface ReportRow {
  /** Identity key (normalized); the sheet finds rows by it, normalizing what the cell shows. */
  email: string;
  /** The address as they write it: what the Email column shows. */
  address: string;
  name: string;
  state: ContactState;
  lastSent: Millis | null;
  lastReceived: Millis | null;
  /** Whole days since the last exchange either way. */
  daysSince: number | null;
  /** Null when the cadence is "never". */
  cadenceDays: number | null;
  cadenceSource: CadenceSource;
  /** Whole days past the cadence; 0 unless lapsed. */
  overdueDays: number;
  /** Subject of the latest one-to-one message either way; '' when unknown. */
  lastSubject: string;
  /** The source's id of that message's thread, as stored; '' when unknown. Not validated: see buildGmailThreadUrl. */
  threadId: string;
  inboundOnly: boolean;
  /** Relationship strength 0–100 and its words; priority 0–100, the order of the rows. */
  strength: number;
  strengthLabel: string;
  priority: number;
  /** Why this verdict, in one sentence. */
  reason: string;
  lastMet?: Millis | null;
  meetingCount?: number;
  /** Which of sent, received and met the last contact was. */
  lastContactKind?: ContactKind | null;
  emails?: string[];
  groups?: string[];
  /** Every normalized address of the person, so a sheet row keyed by any of them is found. */
  aliases?: string[];
  /** Their open Reconnect draft: '', "Open" or "Stale: they wrote first" (see describeDraftForReport). */
  draft?: string;
}

/** One row per assessment, in the assessments' order (ranked: lapsed and most overdue first). */
export function buildReportRows(ledger: Ledger, assessments: readonly Assessment[], drafts: readonly DraftRecord[] = []): ReportRow[] {
  const aliasesOf = new Map<string, string[]>();
  const aliases = (ledger as Partial<{ aliases: Record<string, string> }>).aliases ?? {};
  for (const [alias, person] of Object.entries(aliases)) {
    const list = aliasesOf.get(person);
    if (list === undefined) aliasesOf.set(person, [alias]);
    else list.push(alias);
  }
  return assessments.map((a) => {
    const contact = ledger.contacts[a.email];
    const thread = contact === undefined ? null : latestThread(contact);
    return {
      email: a.email,
      address: a.address,
      name: a.name,
      state: a.state,
      lastSent: contact?.lastSent ?? null,
      lastReceived: contact?.lastReceived ?? null,
      daysSince: a.daysSince,
      cadenceDays: a.cadenceDays,
      cadenceSource: a.cadenceSource,
      overdueDays: a.overdueDays,
      lastSubject: thread?.subject ?? '',
      threadId: thread?.threadId ?? '',
      inboundOnly: a.inboundOnly,
      strength: a.strength,
      strengthLabel: a.strengthLabel,
      priority: a.priority,
      reason: a.reason,
      lastMet: a.lastMet ?? null,
      meetingCount: a.meetingCount ?? 0,
      lastContactKind: a.lastContactKind ?? null,
      emails: a.emails ?? [a.email],
      groups: a.groups ?? [],
      aliases: aliasesOf.get(a.email) ?? [a.email],
      draft: drafts.length === 0 ? '' : describeDraftForReport(drafts, contact),
    };
  });
}

/** The people to write to: lapsed, then due, each highest priority first (the rank order kept). */
export function selectLapsedRows(rows: readonly ReportRow[]): ReportRow[] {
  return rows.filter((r) => r.state === 'lapsed' || r.state === 'due');
}

/**
 * Gmail thread ids from the API are 64-bit numbers in lower-case hex (16
 * digits today); 32 leaves room and still keeps anything that is not an id
 * out of a URL and a HYPERLINK formula.
 */
export const GMAIL_THREAD_ID = /^[0-9a-f]{1,32}$/;

/** The Gmail web address that opens a thread in any folder; null unless the id is a valid hex thread id. */
export function buildGmailThreadUrl(threadId: string): string | null {
  return GMAIL_THREAD_ID.test(threadId) ? `https://mail.google.com/mail/#all/${threadId}` : null;
}

export interface StateCount {
  state: ContactState;
  count: number;
}

/** Every state, in rank order, with how many people are in it (zeros included). */
export function countStates(assessments: readonly Assessment[]): StateCount[] {
  const counts = new Map<ContactState, number>(CONTACT_STATES.map((s) => [s, 0]));
  for (const a of assessments) counts.set(a.state, counts.get(a.state)! + 1);
  return CONTACT_STATES.map((state) => ({ state, count: counts.get(state)! }));
}

export interface MonthBucket {
  /** "0" … "11", "12–23", "24+": whole calendar months since the last exchange. */
  label: string;
  fromMonths: number;
  /** Inclusive; null for the open-ended last bucket. */
  toMonths: number | null;
  count: number;
}

/**
 * A month at a time for the first year, where cadences live (weekly to
 * quarterly), then a bucket for the second year and one for older: a fixed
 * 14 bars, so the chart's data range never has to move.
 */
const BUCKETS: ReadonlyArray<Omit<MonthBucket, 'count'>> = [
  ...Array.from({ length: 12 }, (_, m) => ({ label: String(m), fromMonths: m, toMonths: m })),
  { label: '12–23', fromMonths: 12, toMonths: 23 },
  { label: '24+', fromMonths: 24, toMonths: null },
];

/** People by whole calendar months since their last exchange, counted in `timeZone`; people with none are left out. */
export function buildMonthHistogram(assessments: readonly Assessment[], now: Millis, timeZone: string): MonthBucket[] {
  const buckets = BUCKETS.map((b) => ({ ...b, count: 0 }));
  for (const a of assessments) {
    if (a.lastContact === null) continue;
    const months = countMonthsBetween(a.lastContact, now, timeZone);
    const bucket = buckets.find((b) => months >= b.fromMonths && (b.toMonths === null || months <= b.toMonths))!;
    bucket.count += 1;
  }
  return buckets;
}

export interface ReportSummary {
  states: StateCount[];
  total: number;
  histogram: MonthBucket[];
  coverage: Coverage;
  /** The settings the verdicts were judged by, so the sheet says what "lapsed" meant; absent when unknown. */
  policy?: Pick<PolicySettings, 'minGapDays' | 'defaultCadenceDays' | 'useLearnedCadence'>;
}

export function buildReportSummary(
  ledger: Ledger,
  assessments: readonly Assessment[],
  now: Millis,
  timeZone: string,
  policy?: PolicySettings,
): ReportSummary {
  return {
    states: countStates(assessments),
    total: assessments.length,
    histogram: buildMonthHistogram(assessments, now, timeZone),
    coverage: { ...ledger.coverage },
    ...(policy === undefined
      ? {}
      : { policy: { minGapDays: policy.minGapDays ?? DEFAULT_MIN_GAP_DAYS, defaultCadenceDays: policy.defaultCadenceDays, useLearnedCadence: policy.useLearnedCadence } }),
  };
}
