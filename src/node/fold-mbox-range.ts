/** One reader's share of an mbox: fold it, or count who sent the Sent mail. */
import { addMessage, createLedger } from '../core/fold-messages';
import type { Ledger } from '../core/ledger';
import { canonicalLabel } from '../core/message-meta';
import { parseAddresses } from '../core/parse-addresses';
import { createFoldOptions } from '../core/settings';
import type { Progress } from './progress-bar';
import { readMboxChunks, type MboxStats } from './read-mbox';

export interface RangeJob {
  path: string;
  start: number;
  end: number;
  /** fold: the ledger of this range; senders: From counts of mail labelled Sent. */
  kind: 'fold' | 'senders';
  owner: string[];
  largeRecipientCount?: number;
  mergeGmailVariants: boolean;
  excludedAddresses?: string[];
  excludedDomains?: string[];
}

export interface RangeResult {
  ledger: Ledger | null;
  senders: Array<[string, number]>;
  /** For each sender of Sent mail: the spelling in its latest From header, and that date. */
  senderSpellings: Array<[string, string, number]>;
  stats: MboxStats;
}

export async function foldMboxRange(job: RangeJob, onProgress?: (p: Progress) => void): Promise<RangeResult> {
  const reader = readMboxChunks(job.path, { start: job.start, end: job.end, onProgress });
  if (job.kind === 'senders') {
    const counts = new Map<string, number>();
    const spellings = new Map<string, [string, number]>();
    for await (const chunk of reader) for (const message of chunk) {
      const labels = message.labels.map(canonicalLabel);
      if (!labels.includes('SENT') || labels.includes('DRAFT')) continue;
      const from = parseAddresses(message.from, job.mergeGmailVariants)[0];
      if (from === undefined) continue;
      counts.set(from.email, (counts.get(from.email) ?? 0) + 1);
      const seen = spellings.get(from.email);
      if (seen === undefined || isLaterSpelling(from.address, message.date, seen)) spellings.set(from.email, [from.address, message.date]);
    }
    return {
      ledger: null,
      senders: [...counts],
      senderSpellings: [...spellings].map(([email, [address, date]]) => [email, address, date]),
      stats: reader.stats,
    };
  }
  const fold = createFoldOptions(job.owner, {
    largeRecipientCount: job.largeRecipientCount,
    mergeGmailVariants: job.mergeGmailVariants,
    excludedAddresses: new Set(job.excludedAddresses ?? []),
    excludedDomains: new Set(job.excludedDomains ?? []),
  });
  const ledger = createLedger();
  for await (const chunk of reader) for (const message of chunk) addMessage(ledger, message, fold);
  return { ledger, senders: [], senderSpellings: [], stats: reader.stats };
}

/** The latest spelling wins; on the same second, text order, so the two halves of a file agree. */
export function isLaterSpelling(address: string, date: number, seen: readonly [string, number]): boolean {
  return date > seen[1] || (date === seen[1] && address > seen[0]);
}
