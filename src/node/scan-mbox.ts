/** Runs the core over a Google Takeout mbox: owner, ledger and lapse verdicts. */
import { assessLedger, type Assessment, type ContactOverride } from '../core/assess-contact';
import { addMessage, createLedger } from '../core/fold-messages';
import { inferOwner } from '../core/infer-owner';
import type { Ledger } from '../core/ledger';
import { canonicalLabel } from '../core/message-meta';
import { parseAddresses } from '../core/parse-addresses';
import { createFoldOptions, DEFAULT_POLICY, type FoldOptions, type PolicySettings } from '../core/settings';
import type { Progress } from './progress-bar';
import { readMbox, type MboxStats } from './read-mbox';
import { UserError } from './user-error';

export interface ScanMboxOptions {
  /** The owner's addresses, normalized; inferred from Sent mail when absent. */
  me?: string[];
  now: number;
  fold?: Partial<Omit<FoldOptions, 'owner'>>;
  policy?: PolicySettings;
  overrides?: Readonly<Record<string, ContactOverride>>;
  onProgress?: (progress: Progress) => void;
}

export interface MboxScan {
  ledger: Ledger;
  owner: string[];
  ownerInferred: boolean;
  assessments: Assessment[];
  stats: MboxStats;
}

export async function scanMbox(path: string, options: ScanMboxOptions): Promise<MboxScan> {
  const ownerInferred = options.me === undefined || options.me.length === 0;
  const owner = ownerInferred ? await inferMboxOwner(path, options) : options.me!;
  const fold = createFoldOptions(owner, options.fold);
  const ledger = createLedger();
  const reader = readMbox(path, { onProgress: options.onProgress });
  for await (const message of reader) addMessage(ledger, message, fold);
  const stats = reader.stats;
  const assessments = assessLedger(ledger, options.now, options.policy ?? DEFAULT_POLICY, options.overrides);
  return { ledger, owner, ownerInferred, assessments, stats };
}

/**
 * A first pass over the file that reads only who sent the mail labelled Sent.
 * Streaming twice keeps memory flat; the second pass mostly hits the page cache.
 */
async function inferMboxOwner(path: string, options: ScanMboxOptions): Promise<string[]> {
  const merge = options.fold?.mergeGmailVariants ?? true;
  const counts = new Map<string, number>();
  for await (const message of readMbox(path, { onProgress: options.onProgress })) {
    const labels = message.labels.map(canonicalLabel);
    if (!labels.includes('SENT') || labels.includes('DRAFT')) continue;
    const from = parseAddresses(message.from, merge)[0];
    if (from !== undefined) counts.set(from.email, (counts.get(from.email) ?? 0) + 1);
  }
  const owner = inferOwner(counts);
  if (owner.length === 0) {
    throw new UserError(
      `${path} has no mail labelled Sent, so Reconnect cannot tell whose mailbox it is; pass --me you@example.com`,
    );
  }
  return owner;
}
