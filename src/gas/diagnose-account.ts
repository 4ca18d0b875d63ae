/**
 * The numbers only a real account can give: granted scopes, how much mail the
 * scan will read, how fast Gmail answers here, and what a full scan will cost.
 */
import { buildSegmentQuery, SCAN_PHASES, toSecond, type ScanPhase } from '../core/plan-scan';
import type { GasRuntime } from './create-gas-runtime';
import { MAX_PAGE } from './gmail-mail-source';
import { CONTINUE_HANDLER, DEFAULT_SCAN_OPTIONS } from './scan-mailbox';

/**
 * Gmail API quota units per call under the legacy table (developers.google.com/workspace/gmail/api/reference/quota):
 * the scan reads a thread per call (threads.get 10) and lists threads (threads.list 10).
 */
export const GMAIL_UNITS = { list: 10, get: 10 } as const;
/** Gmail API per-user limit: 15,000 quota units a minute (same page). */
export const GMAIL_UNITS_PER_USER_MINUTE = 15_000;
/** How long the timing sample may take, in ms: well inside the 6-minute run. */
const SAMPLE_BUDGET_MS = 60_000;

export interface Diagnosis {
  scopes: string[] | null;
  mail: Record<ScanPhase, { estimate: number }>;
  sample: { listed: number; listMs: number; fetched: number; fetchMs: number; msPerMessage: number; newestFirst: boolean; shortPagesWithToken: number; pagesListed: number };
  projection: { messages: number; minutes: number; runs: number; quotaUnits: number; peakUnitsPerMinute: number };
  triggers: Array<{ handler: string; type: string }>;
  ledger: { contacts: number; sheet: string | null; scanning: boolean; lastRun: string };
}

export function diagnoseAccount(runtime: GasRuntime, declaredScopes: readonly string[]): Diagnosis {
  const { services, state } = runtime;
  const settings = state.settings();
  const scopes = grantedScopes(services.scriptApp, declaredScopes);

  const range = { from: toSecond(services.now() - settings.lookbackDays * 86_400_000), to: toSecond(services.now()) };
  const mail = {} as Diagnosis['mail'];
  for (const phase of SCAN_PHASES) {
    const page = runtime.source.list(buildSegmentQuery({ ...range, phase }), 1);
    mail[phase] = { estimate: page.estimate };
  }

  const t0 = services.now();
  const listed = runtime.source.list(buildSegmentQuery({ ...range, phase: 'received' }), MAX_PAGE).messages;
  const listMs = services.now() - t0;
  const dates: number[] = [];
  const t1 = services.now();
  for (const m of listed) {
    if (services.now() - t1 > SAMPLE_BUDGET_MS) break;
    dates.push(runtime.source.get(m.id).date);
  }
  const fetchMs = services.now() - t1;
  const msPerMessage = dates.length === 0 ? 0 : fetchMs / dates.length;
  // Gmail promises no order; the scan does not need one. Recorded for docs/manual-checks.md.
  const newestFirst = dates.every((d, i) => i === 0 || d <= dates[i - 1]!);

  // Gmail promises full pages no more than order: count the short pages that still carried a token.
  let shortPagesWithToken = 0;
  let pagesListed = 0;
  let token: string | null = null;
  const threadQuery = buildSegmentQuery({ ...range, phase: 'received' });
  do {
    const page = runtime.source.listThreads(threadQuery, token, MAX_PAGE);
    pagesListed += 1;
    if (page.nextPageToken !== null && page.threadIds.length < MAX_PAGE) shortPagesWithToken += 1;
    token = page.nextPageToken;
  } while (token !== null && pagesListed < 4);

  const messages = mail.sent.estimate + mail.received.estimate;
  // The scan reads whole threads: the sample's threads per message say how many reads the mail needs.
  const threadsPerMessage = listed.length === 0 ? 1 : new Set(listed.map((m) => m.threadId)).size / listed.length;
  const reads = Math.ceil(messages * threadsPerMessage);
  const lists = Math.ceil(reads / DEFAULT_SCAN_OPTIONS.pageSize);
  const totalMs = reads * msPerMessage + lists * listMs;
  const { ledger, scan } = runtime.store.load();
  return {
    scopes,
    mail,
    sample: { listed: listed.length, listMs, fetched: dates.length, fetchMs, msPerMessage: round(msPerMessage), newestFirst, shortPagesWithToken, pagesListed },
    projection: {
      messages,
      minutes: round(totalMs / 60_000),
      runs: Math.max(1, Math.ceil(totalMs / DEFAULT_SCAN_OPTIONS.budgetMs)),
      quotaUnits: reads * GMAIL_UNITS.get + lists * GMAIL_UNITS.list,
      peakUnitsPerMinute: msPerMessage === 0 ? 0 : Math.round((60_000 / msPerMessage) * GMAIL_UNITS.get),
    },
    triggers: services.scriptApp.getProjectTriggers().map((t) => ({
      handler: t.getHandlerFunction(),
      type: String(t.getEventType()),
    })),
    ledger: {
      contacts: Object.keys(ledger.contacts).length,
      sheet: scan.ledgerSheet,
      scanning: scan.cursor.progress !== null,
      lastRun: state.lastRun()?.message ?? 'never',
    },
  };
}

/** ScriptApp.getAuthorizationInfo(mode, scopes).getAuthorizedScopes() (2025 granular consent API); null where absent. */
function grantedScopes(scriptApp: GoogleAppsScript.Script.ScriptApp, declared: readonly string[]): string[] | null {
  type WithScopes = (mode: GoogleAppsScript.Script.AuthMode, scopes: string[]) => { getAuthorizedScopes?: () => string[] | null };
  const info = (scriptApp.getAuthorizationInfo as unknown as WithScopes)(scriptApp.AuthMode.FULL, [...declared]);
  return typeof info.getAuthorizedScopes === 'function' ? info.getAuthorizedScopes() : null;
}

export function formatDiagnosis(d: Diagnosis, declaredScopes: readonly string[]): string {
  const granted = d.scopes ?? [];
  const lines = [
    'Reconnect diagnose',
    '',
    'Scopes:',
    ...declaredScopes.map((s) => `  ${d.scopes === null ? '?' : granted.includes(s) ? 'granted' : 'MISSING'}  ${s}`),
    '',
    `Mail in the lookback: about ${d.mail.sent.estimate} sent and ${d.mail.received.estimate} received messages (Gmail's estimates).`,
    `Timing: listing ${d.sample.listed} ids took ${d.sample.listMs} ms; reading ${d.sample.fetched} messages' headers took ${d.sample.fetchMs} ms (${d.sample.msPerMessage} ms each).`,
    `Gmail listed them newest first: ${d.sample.newestFirst ? 'yes' : 'no (fine: the scan does not rely on the order)'}.`,
    `Pages shorter than asked that still carried a next-page token: ${d.sample.shortPagesWithToken} of ${d.sample.pagesListed} (any number is fine: the scan follows every token).`,
    `Full scan projection: ${d.projection.messages} messages, about ${d.projection.minutes} minutes in ${d.projection.runs} run(s) of ${DEFAULT_SCAN_OPTIONS.budgetMs / 60_000} minutes, ${d.projection.quotaUnits} Gmail quota units, at most ${d.projection.peakUnitsPerMinute} units a minute (limit ${GMAIL_UNITS_PER_USER_MINUTE}; under the 2026 table, 4 times the units against 6000).`,
    '',
    `Triggers: ${d.triggers.length === 0 ? 'none' : d.triggers.map((t) => `${t.handler} (${t.type})`).join(', ')}${d.triggers.some((t) => t.handler === CONTINUE_HANDLER) ? ' — a scan continuation is pending' : ''}`,
    `Ledger: ${d.ledger.contacts} contacts in sheet ${d.ledger.sheet ?? '(none yet)'}; ${d.ledger.scanning ? 'a scan is in progress' : 'no scan in progress'}; last run: ${d.ledger.lastRun}`,
  ];
  return lines.join('\n');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
