/** Where the mailbox scan stands, in words for the homepage: never run, running, or the last run. */
import { describeAgo, formatDateTime } from './describe-contact';
import type { Millis } from './ledger';

export interface ScanStatusInput {
  /** The scan in progress (the cursor's progress), or null between scans. */
  progress: { kind: 'full' | 'incremental'; folded: number; estimate: number } | null;
  /** The latest run's summary, or null before the first. */
  lastRun: { at: Millis; message: string; outcome?: string } | null;
  /** A one-shot continuation is scheduled. */
  queued: boolean;
  /** What the scan waits for, in words ("the retry time Gmail gave after a rate limit"); null or absent when nothing. */
  waitingFor?: string | null;
  /** When the wait ends (ms), if known. */
  resumesAt?: Millis | null;
  now: Millis;
  timeZone?: string;
  locale?: string;
}

export interface ScanStatus {
  /** error: the last run stopped on something retrying cannot fix, and waits for the user. */
  state: 'never' | 'running' | 'idle' | 'error';
  /** One line: "Scanning: 12,400 of about 40,000 messages". */
  headline: string;
  /** What happens next, or the last run's own summary. */
  detail: string;
}

export function describeScanStatus(input: ScanStatusInput): ScanStatus {
  const locale = input.locale ?? 'en-US';
  const count = (n: number): string => formatCount(n, locale);
  if (input.lastRun?.outcome === 'error') {
    const when = `${describeAgo(input.lastRun.at, input.now, input.timeZone)} (${formatDateTime(input.lastRun.at, input.timeZone, locale)})`;
    return {
      state: 'error',
      headline: `Stopped ${when}: Reconnect needs you`,
      detail: `${input.lastRun.message} Reconnect will not try again on its own until the next weekly run; once you have done that, press Scan now.`,
    };
  }
  if (input.progress !== null) {
    const { folded, estimate, kind } = input.progress;
    // Gmail's resultSizeEstimate is rough and can trail what has been read.
    const total = Math.max(folded, estimate);
    const what = kind === 'full' ? 'Scanning' : 'Reading new mail';
    const headline = total === 0 ? `${what}: starting` : `${what}: ${count(folded)} of about ${count(total)} messages`;
    return { state: 'running', headline, detail: describeWait(input, locale) };
  }
  if (input.lastRun === null) {
    return {
      state: 'never',
      headline: 'Not scanned yet',
      detail: input.queued
        ? 'A first scan starts within a minute or two.'
        : 'Scan now reads who wrote to whom, and when, from your mail’s headers (never the bodies).',
    };
  }
  const when = `${describeAgo(input.lastRun.at, input.now, input.timeZone)} (${formatDateTime(input.lastRun.at, input.timeZone, locale)})`;
  if (input.waitingFor) {
    return { state: 'idle', headline: `Last run ${when}`, detail: `${input.lastRun.message} ${describeWait(input, locale)}` };
  }
  return {
    state: 'idle',
    headline: `Last run ${when}`,
    detail: `${input.lastRun.message}${input.queued ? ' Another scan starts shortly.' : ''}`,
  };
}

/** What the scan in progress is waiting for, and when it goes on. */
function describeWait(input: ScanStatusInput, locale: string): string {
  const at = input.resumesAt ?? null;
  const resumes = at !== null && at > input.now ? `; it resumes about ${formatDateTime(at, input.timeZone, locale)}` : '';
  if (input.waitingFor) return `Waiting for ${input.waitingFor}${resumes}. This card shows the ledger as of the last commit.`;
  return input.queued
    ? 'It continues on its own every few minutes, within Apps Script’s time limits; this card shows the ledger as of the last page read.'
    : 'It continues within the hour, from the hourly trigger setup made; this card shows the ledger as of the last page read.';
}

/** "12,400" in `locale`. */
export function formatCount(n: number, locale = 'en-US'): string {
  try {
    return new Intl.NumberFormat(locale).format(n);
  } catch {
    return new Intl.NumberFormat('en-US').format(n);
  }
}
