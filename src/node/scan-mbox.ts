/** Runs the core over a Google Takeout mbox: owner, ledger and lapse verdicts. */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { assessLedger, type Assessment, type ContactOverride } from '../core/assess-contact';
import { createLedger, mergeLedgers } from '../core/fold-messages';
import { inferOwner } from '../core/infer-owner';
import type { Ledger } from '../core/ledger';
import { resolvePeople, type PeopleLedger, type RefusedLink } from '../core/resolve-people';
import { DEFAULT_POLICY, type FoldOptions, type PolicySettings } from '../core/settings';
import { foldMboxRange, isLaterSpelling, type RangeJob, type RangeResult } from './fold-mbox-range';
import type { Progress } from './progress-bar';
import { findMessageStart, MboxError, type MboxStats } from './read-mbox';
import { readPeopleSources, type PeopleSources } from './read-people-sources';
import { UserError } from './user-error';

export interface ScanMboxOptions {
  /** The owner's addresses, normalized; inferred from Sent mail when absent. */
  me?: string[];
  /** The same addresses as the user typed them, for display; default `me`. */
  meShown?: string[];
  now: number;
  fold?: Partial<Omit<FoldOptions, 'owner'>>;
  policy?: PolicySettings;
  overrides?: Readonly<Record<string, ContactOverride>>;
  onProgress?: (progress: Progress) => void;
  /** Files at least this large are read by two threads at once; default 64 MiB. */
  parallelMinBytes?: number;
  /** Takeout Calendar .ics files: meetings count as contact. */
  calendars?: readonly string[];
  /** A Takeout Contacts .vcf: a card's addresses are one person, its labels its groups. */
  contacts?: string;
  /** People (rooms aside) above which an event is not a meeting; default 20. */
  largeMeetingCount?: number;
  /** Address lists the user linked by hand (the Contacts tab's "Other addresses"). */
  links?: string[][];
}

export interface MboxScan {
  /** People as assessed: addresses merged by card, meetings added. The mail-only fold is `mail`. */
  ledger: PeopleLedger;
  mail: Ledger;
  sources: Pick<PeopleSources, 'calendarStats' | 'contactStats'>;
  refusedLinks: RefusedLink[];
  owner: string[];
  /** The owner's addresses as written: the latest From spelling of each, or as passed. */
  ownerShown: string[];
  ownerInferred: boolean;
  assessments: Assessment[];
  stats: MboxStats;
}

/**
 * Below this size one thread finishes before a second would have started
 * (a worker costs about 30 ms and 10 MB to start on Node 20).
 */
export const PARALLEL_MIN_BYTES = 64 * 1024 * 1024;

/** One mbox, or several (Takeout splits large mailboxes): read one after another and merged, as the fold allows. */
export async function scanMbox(paths: string | readonly string[], options: ScanMboxOptions): Promise<MboxScan> {
  const files = typeof paths === 'string' ? [paths] : [...paths];
  const ownerInferred = options.me === undefined || options.me.length === 0;
  const merge = options.fold?.mergeGmailVariants ?? true;
  const base: Omit<RangeJob, 'start' | 'end' | 'kind' | 'path'> = {
    owner: [],
    largeRecipientCount: options.fold?.largeRecipientCount,
    mergeGmailVariants: merge,
    excludedAddresses: [...(options.fold?.excludedAddresses ?? [])],
    excludedDomains: [...(options.fold?.excludedDomains ?? [])],
  };
  let owner = options.me ?? [];
  let ownerShown = options.meShown ?? owner;
  if (ownerInferred) {
    // A first pass that reads only who sent the mail labelled Sent. Streaming
    // twice keeps memory flat; the second pass mostly hits the page cache.
    const counts = new Map<string, number>();
    const spellings = new Map<string, [string, number]>();
    for (const path of files) {
      for (const part of await runParts(path, { ...base, path, kind: 'senders' }, options)) {
        for (const [email, n] of part.senders) counts.set(email, (counts.get(email) ?? 0) + n);
        for (const [email, address, date] of part.senderSpellings) {
          const seen = spellings.get(email);
          if (seen === undefined || isLaterSpelling(address, date, seen)) spellings.set(email, [address, date]);
        }
      }
    }
    owner = inferOwner(counts);
    ownerShown = owner.map((email) => spellings.get(email)?.[0] ?? email);
    if (owner.length === 0) {
      throw new UserError(
        `${files.join(', ')} has no mail labelled Sent, so Reconnect cannot tell whose mailbox it is; pass --me you@example.com`,
      );
    }
  }
  const parts: RangeResult[] = [];
  for (const path of files) parts.push(...(await runParts(path, { ...base, path, owner, kind: 'fold' }, options)));
  const mail = parts.reduce((acc, part) => mergeLedgers(acc, part.ledger!), createLedger());
  const sources = await readPeopleSources({
    calendars: options.calendars ?? [],
    contacts: options.contacts,
    fold: { owner: new Set(owner), mergeGmailVariants: merge, excludedAddresses: new Set(base.excludedAddresses), excludedDomains: new Set(base.excludedDomains) },
    largeMeetingCount: options.largeMeetingCount,
    now: options.now,
  });
  const resolved = resolvePeople({
    ledger: mail,
    now: options.now,
    meetings: sources.meetings,
    directory: { cards: sources.directory.cards, links: options.links ?? [] },
    mergeGmailVariants: merge,
  });
  const assessments = assessLedger(resolved.ledger, options.now, options.policy ?? DEFAULT_POLICY, options.overrides);
  return {
    ledger: resolved.ledger,
    mail,
    sources: { calendarStats: sources.calendarStats, contactStats: sources.contactStats },
    refusedLinks: resolved.refusedLinks,
    owner,
    ownerShown,
    ownerInferred,
    assessments,
    stats: sumStats(parts.map((p) => p.stats)),
  };
}

/**
 * Reads the file in one or two parts. The fold is order-free and two folds of
 * disjoint mail merge into the fold of all of it, so the halves of a large
 * file can be read on this machine's two cores and merged.
 */
async function runParts(path: string, job: Omit<RangeJob, 'start' | 'end'>, options: ScanMboxOptions): Promise<RangeResult[]> {
  const size = await fileSize(path);
  const workerFile = join(__dirname, 'fold-mbox-worker.js');
  const threshold = options.parallelMinBytes ?? Number(process.env.RECONNECT_PARALLEL_MIN_BYTES ?? PARALLEL_MIN_BYTES);
  // Under ts-jest there is no compiled worker file; one part is the same result.
  const split = size >= threshold && existsSync(workerFile) ? await findMessageStart(path, Math.floor(size / 2)) : size;
  if (split <= 0 || split >= size) {
    return [await foldMboxRange({ ...job, start: 0, end: size }, options.onProgress)];
  }
  const seen: [Progress, Progress] = [emptyProgress(split), emptyProgress(size - split)];
  const report = (i: 0 | 1) => (p: Progress) => {
    seen[i] = p;
    options.onProgress?.({
      bytes: seen[0].bytes + seen[1].bytes,
      totalBytes: size,
      messages: seen[0].messages + seen[1].messages,
    });
  };
  return Promise.all([
    foldMboxRange({ ...job, start: 0, end: split }, report(0)),
    runWorker(workerFile, { ...job, start: split, end: size }, report(1)),
  ]);
}

function runWorker(file: string, job: RangeJob, onProgress: (p: Progress) => void): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: job });
    worker.on('message', (m: { type: string; progress?: Progress; result?: RangeResult; message?: string; name?: string }) => {
      if (m.type === 'progress') onProgress(m.progress!);
      else if (m.type === 'done') resolve(m.result!);
      else reject(m.name === 'MboxError' ? new MboxError(m.message!) : new Error(m.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the mbox reader thread stopped with code ${code}`));
    });
  });
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    // The reader turns the same failure into a one-line MboxError.
    return 0;
  }
}

function emptyProgress(totalBytes: number): Progress {
  return { bytes: 0, totalBytes, messages: 0 };
}

function sumStats(all: MboxStats[]): MboxStats {
  const out: MboxStats = { messages: 0, bytes: 0, warnings: { truncated: 0, missingDate: 0, oversizedHeaders: 0, undated: 0 } };
  for (const s of all) {
    out.messages += s.messages;
    out.bytes += s.bytes;
    for (const k of Object.keys(out.warnings) as Array<keyof MboxStats['warnings']>) out.warnings[k] += s.warnings[k];
  }
  return out;
}
