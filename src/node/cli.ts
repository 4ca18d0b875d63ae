/** The `reconnect` command line: one place that registers every command. */
import { writeFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { parseIso } from '../core/format-iso';
import { normalizeEmail } from '../core/normalize-email';
import { formatScan, OUTPUT_FORMATS, type OutputFormat } from './format-scan';
import { createProgressBar } from './progress-bar';
import { MboxError } from './read-mbox';
import { scanMbox } from './scan-mbox';
import { UserError } from './user-error';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The clock, read once per command, so tests can pin it. */
  now: () => number;
}

const DEFAULT_IO: CliIo = { stdout: process.stdout, stderr: process.stderr, now: () => Date.now() };

/** Runs the CLI and resolves to the process exit code; user mistakes print one line, never a stack. */
export async function main(argv: string[], io: CliIo = DEFAULT_IO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UserError || error instanceof MboxError) {
      io.stderr.write(`reconnect: ${error.message}\n`);
      return error instanceof UserError ? error.exitCode : 1;
    }
    throw error;
  }
}

function buildProgram(io: CliIo): Command {
  const program = new Command('reconnect')
    .description('Find the people you have lost touch with in your mail, and draft a note to them. Never sends.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`reconnect: ${s.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}\n`),
    })
    .showSuggestionAfterError(true);

  program
    .command('scan')
    .description('Scan a Google Takeout mbox and list who has lapsed')
    .requiredOption('--mbox <file>', 'a Google Takeout .mbox file')
    .option('--me <address>', 'your own address or send-as alias; repeat for each (default: inferred from Sent mail)', collect, [])
    .option('--now <iso-8601>', 'judge lapses as of this time instead of the clock, e.g. 2025-03-04T17:15:00Z')
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS as string[]).default('table'))
    .option('--out <file>', 'write the output to this file instead of standard output')
    .action(async (opts: { mbox: string; me: string[]; now?: string; format: OutputFormat; out?: string }) => {
      const me = parseOwnerOption(opts.me);
      const now = opts.now === undefined ? io.now() : parseNowOption(opts.now);
      const progress = createProgressBar(io.stderr, 'Scanning');
      const scan = await scanMbox(opts.mbox, { me, now, onProgress: progress.update }).finally(progress.stop);
      reportScanNotes(scan, io);
      const text = formatScan({ me: scan.owner, now, ledger: scan.ledger, assessments: scan.assessments }, opts.format);
      await writeOutput(text, opts.out, io);
    });

  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseOwnerOption(values: string[]): string[] | undefined {
  if (values.length === 0) return undefined;
  return values.map((value) => {
    const email = normalizeEmail(value);
    if (email === null) {
      throw new UserError(`--me "${value}" is not an email address; pass your own address, e.g. --me you@gmail.com`, 2);
    }
    return email;
  });
}

export function parseNowOption(value: string): number {
  const ms = parseIso(value);
  if (ms === null) {
    throw new UserError(`--now "${value}" is not an ISO-8601 date; write it like 2025-03-04 or 2025-03-04T17:15:00Z`, 2);
  }
  return ms;
}

function reportScanNotes(scan: Awaited<ReturnType<typeof scanMbox>>, io: CliIo): void {
  if (scan.ownerInferred) {
    io.stderr.write(
      `reconnect: your addresses, inferred from Sent mail: ${scan.owner.join(', ')} (pass --me to set them)\n`,
    );
  }
  const w = scan.stats.warnings;
  const notes: Array<[number, string]> = [
    [w.truncated, 'truncated message at the end of the file was skipped'],
    [w.missingDate, 'message(s) had no usable Date header; the mbox "From " line date was used'],
    [w.undated, 'message(s) had no date at all and were skipped'],
    [w.oversizedHeaders, 'message(s) had a header block too large to be mail and were skipped'],
  ];
  for (const [count, text] of notes) {
    if (count > 0) io.stderr.write(`reconnect: warning: ${count} ${text}\n`);
  }
}

async function writeOutput(text: string, out: string | undefined, io: CliIo): Promise<void> {
  if (out === undefined) {
    io.stdout.write(text);
    return;
  }
  try {
    await writeFile(out, text);
  } catch (error) {
    throw new UserError(`cannot write --out ${out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; check the folder exists and is writable`);
  }
}
