/** `reconnect scan --gmail`: sign-in, lock, scan, and the same report as the mbox scan. */
import { assessLedger } from '../core/assess-contact';
import { DEFAULT_POLICY, type PolicySettings } from '../core/settings';
import { createGmailCaller } from './create-gmail-caller';
import { explainGmailError } from './explain-gmail-error';
import type { ScanReport } from './format-scan';
import { GmailApiMailSource } from './gmail-api-mail-source';
import { createMessageProgressBar } from './message-progress-bar';
import { openGmailCommand } from './open-gmail-command';
import { scanGmail, type ScanGmailOptions } from './scan-gmail';

export interface GmailCommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  now: () => number;
}

export interface RunGmailScanOptions {
  me?: string[];
  /** Judge lapses as of this time (ms). */
  now: number;
  /** Tuning for tests and the benchmark. */
  scan?: Partial<ScanGmailOptions>;
  env?: NodeJS.ProcessEnv;
  /** Default DEFAULT_POLICY; the CLI's --min-gap lands here. */
  policy?: PolicySettings;
}

export async function runGmailScan(options: RunGmailScanOptions, io: GmailCommandIo): Promise<ScanReport> {
  const { session, store, notice, lock } = openGmailCommand(options.env ?? process.env, 'read', io);
  const progress = createMessageProgressBar(io.stderr, 'Scanning Gmail');
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    const source = new GmailApiMailSource(session.gmail, createGmailCaller());
    const result = await scanGmail(
      { source, store, now: io.now, notice, onProgress: progress.update, signal: controller.signal },
      { ...options.scan, ...(options.me === undefined ? {} : { me: options.me }) },
    );
    const ledger = result.state.ledger!;
    return { me: result.state.owner, now: options.now, ledger, assessments: assessLedger(ledger, options.now, options.policy ?? DEFAULT_POLICY) };
  } catch (error) {
    throw explainGmailError(error, 'reconnect scan --gmail');
  } finally {
    progress.stop();
    process.off('SIGINT', stop);
    lock.release();
  }
}
