/**
 * The shape of everything Reconnect stores between runs, checked whole on every load: the
 * contact ledger (a sheet in Apps Script, a JSON file for the CLI), the draft records and the
 * CLI's Gmail state file. A file that is still valid JSON can be damaged (a contact set to null,
 * `contacts` a string); reading it as if it were whole would crash later with a raw TypeError,
 * or worse, be saved back over the good backup.
 *
 * One file, so a new stored field is added in one place. Objects are loose (zod's looseObject):
 * fields this version does not know, written by a newer branch or a later version, are kept, not
 * rejected or dropped. Enumerations that other features extend (draft states) are plain strings.
 * zod/mini keeps the Apps Script bundle small (zod.dev/packages/mini).
 */
import * as z from 'zod/mini';

const millis = z.number();
const nullableMillis = z.nullable(millis);

/** ThreadRef; `id` is missing in version 1 ledgers (see migrateLedger). */
const threadRef = z.looseObject({
  id: z.optional(z.string()),
  threadId: z.string(),
  subject: z.string(),
  date: millis,
  messageId: z.string(),
});

export const CONTACT_SCHEMA = z.looseObject({
  email: z.string(),
  name: z.string(),
  nameDate: millis,
  firstSeen: millis,
  lastSent: nullableMillis,
  lastReceived: nullableMillis,
  sentCount: z.number(),
  receivedCount: z.number(),
  weakCount: z.number(),
  lastWeak: nullableMillis,
  lastSentThread: z.nullable(threadRef),
  lastReceivedThread: z.nullable(threadRef),
  history: z.array(z.number()),
  // Version 3 (ledger.ts): optional here, since versions 1 and 2 have none; LEDGER_V3_SCHEMA requires them.
  addresses: z.optional(z.record(z.string(), z.looseObject({ last: millis, lastFrom: nullableMillis }))),
  sentDays: z.optional(z.array(z.number())),
  receivedDays: z.optional(z.array(z.number())),
});

const coverage = z.looseObject({
  messages: z.number(),
  counted: z.number(),
  oldest: nullableMillis,
  newest: nullableMillis,
});

/** A Ledger of any version migrateLedger reads. */
export const LEDGER_SCHEMA = z.looseObject({
  version: z.number(),
  contacts: z.record(z.string(), CONTACT_SCHEMA),
  coverage,
});

/** What a ledger of version 3 or later must also have: each contact's spellings and per-direction days. */
export const LEDGER_V3_SCHEMA = z.looseObject({
  contacts: z.record(
    z.string(),
    z.looseObject({
      addresses: z.record(z.string(), z.looseObject({ last: millis, lastFrom: nullableMillis })),
      sentDays: z.array(z.number()),
      receivedDays: z.array(z.number()),
    }),
  ),
});

/** DraftRecord; `state` is a string because features add states ("pending"). */
export const DRAFT_RECORD_SCHEMA = z.looseObject({
  email: z.string(),
  kind: z.string(),
  template: z.string(),
  draftId: z.string(),
  threadId: z.string(),
  createdAt: millis,
  state: z.string(),
  sentAt: nullableMillis,
});

/** ScanPlan (src/core/plan-scan.ts), the order-free scan plan both sides save. */
export const SCAN_PLAN_SCHEMA = z.looseObject({
  kind: z.string(),
  startedAt: millis,
  segments: z.array(
    z.looseObject({
      phase: z.string(),
      from: z.number(),
      to: z.number(),
      pageToken: z.nullable(z.string()),
      listed: z.boolean(),
      pending: z.array(z.string()),
    }),
  ),
  read: z.record(z.string(), z.array(z.string())),
  skip: z.array(z.string()),
  until: z.number(),
  tail: z.array(z.string()),
  folded: z.number(),
  threadsRead: z.number(),
  estimate: z.number(),
});

const fullScan = z.looseObject({
  kind: z.literal('full'),
  reason: z.string(),
  startedAt: millis,
  startHistoryId: z.string(),
  // Absent in a scan saved by a version that walked pages newest first: that scan starts again.
  plan: z.optional(SCAN_PLAN_SCHEMA),
  ledger: LEDGER_SCHEMA,
  handled: z.number(),
  estimate: z.number(),
  tailIds: z.array(z.string()),
});

const incrementalScan = z.looseObject({
  kind: z.literal('incremental'),
  targetHistoryId: z.string(),
  pending: z.array(z.looseObject({ id: z.string(), historyRecord: z.string() })),
  handled: z.number(),
  total: z.number(),
});

/** The CLI's gmail-ledger.json (GmailState in src/node/gmail-state.ts), after its format and version are checked. */
export const GMAIL_STATE_SCHEMA = z.looseObject({
  format: z.string(),
  version: z.number(),
  account: z.string(),
  owner: z.array(z.string()),
  sender: z.looseObject({ name: z.string(), email: z.string() }),
  ledger: z.nullable(LEDGER_SCHEMA),
  historyId: z.nullable(z.string()),
  scannedAt: nullableMillis,
  overlap: z.optional(z.nullable(z.looseObject({ ids: z.array(z.string()), endHistoryId: z.string(), before: millis }))),
  scan: z.optional(z.nullable(z.discriminatedUnion('kind', [fullScan, incrementalScan]))),
  labels: z.record(z.string(), z.string()),
  drafts: z.array(DRAFT_RECORD_SCHEMA),
  pendingDrafts: z.optional(z.array(z.looseObject({
    email: z.string(),
    kind: z.string(),
    template: z.string(),
    threadId: z.nullable(z.string()),
    startedAt: millis,
  }))),
});

/**
 * Null when `value` has `schema`'s shape, else one line naming the first field that does not:
 * `contacts["ann@example.org"].lastSent is a string, not a number or null`.
 */
export function findShapeProblem(schema: z.ZodMiniType, value: unknown): string | null {
  const result = schema.safeParse(value);
  if (result.success) return null;
  const issue = result.error.issues[0]!;
  const path = formatPath(issue.path);
  const found = describeValue(valueAt(value, issue.path));
  const where = path === '' ? 'the stored value' : path;
  if (issue.code === 'invalid_type') return `${where} is ${found}, not ${expectedOf(issue.expected)}`;
  if (issue.code === 'invalid_union' || issue.code === 'invalid_value') return `${where} is ${found}, which is not a known value`;
  return `${where} is ${found}, which is not allowed here (${issue.code})`;
}

function expectedOf(expected: string): string {
  if (expected === 'nonoptional') return 'present';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)})`;
  return `${typeof value === 'number' ? 'the number' : `a ${typeof value}`} ${String(value)}`;
}
