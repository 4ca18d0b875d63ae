/** The `reconnect` command line: one place that registers every command. */
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { parseIso } from '../core/format-iso';
import { normalizeEmail } from '../core/normalize-email';
import { DEFAULT_MIN_GAP_DAYS, DEFAULT_POLICY, type PolicySettings } from '../core/settings';
import { SETTINGS_LIMITS } from '../core/validate-settings';
import { formatScan, OUTPUT_FORMATS, type OutputFormat, type ScanReport } from './format-scan';
import { createProgressBar } from './progress-bar';
import { MboxError } from './read-mbox';
import { runGmailApply } from './run-gmail-apply';
import { runGmailAuth, runGmailRevoke } from './run-gmail-auth';
import { runGmailScan } from './run-gmail-scan';
import { describeSourceWarnings } from './read-people-sources';
import { scanMbox } from './scan-mbox';
import { writeHtmlReport } from './write-html-report';
import { formatDraft, planDraftFromScan, writeLapsedDrafts } from './write-drafts';
import { UserError } from './user-error';
import { refuseInputAsOutput, writeUserFile } from './write-file-atomic';
import { resolveUserDirs } from './resolve-user-dirs';

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
    .description('Scan a Google Takeout mbox, or Gmail itself, and list who has lapsed')
    .option('--mbox <file>', 'a Google Takeout .mbox file; repeat for each when Takeout split your mail', collect, [])
    .option('--calendar <file>', 'a Google Takeout Calendar .ics file: meetings count as contact; repeat for each calendar', collect, [])
    .option('--contacts <file>', 'a Google Takeout Contacts .vcf file: one person per card, labels as groups')
    .option('--gmail', 'scan your Gmail account through the Gmail API (sign in first with reconnect auth)')
    .option('--me <address>', 'your own address or send-as alias; repeat for each (default: inferred from Sent mail, or Gmail\'s send-as settings)', collect, [])
    .option('--now <iso-8601>', 'judge lapses as of this time instead of the clock, e.g. 2025-03-04T17:15:00Z')
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS as string[]).default('table'))
    .option('--out <file>', 'write the output to this file instead of standard output')
    .option('--drafts <dir>', 'also write a reconnect draft (.eml) for each lapsed person into this folder')
    .option('--report <dir>', 'also write report.html and contacts.csv into this folder, as the report command does')
    .option('--name <your-name>', 'your name, to sign the drafts with', '')
    .option(MIN_GAP_FLAGS, MIN_GAP_HELP)
    .action(async (opts: { mbox: string[]; calendar: string[]; contacts?: string; gmail?: boolean; me: string[]; now?: string; format: OutputFormat; out?: string; drafts?: string; report?: string; name: string; minGap?: string }) => {
      if (opts.mbox.length > 0 && opts.gmail === true) throw new UserError('--mbox and --gmail cannot be used together; pick one source', 2);
      if (opts.mbox.length === 0 && opts.gmail !== true) throw new UserError("one of --mbox FILE or --gmail is required (required option '--mbox <file>' not specified)", 2);
      const me = parseOwnerOption(opts.me);
      const meShown = opts.me.map((m) => m.trim());
      const now = opts.now === undefined ? io.now() : parseNowOption(opts.now);
      const policy = parseMinGapOption(opts.minGap);
      if (opts.gmail === true) {
        if (opts.drafts !== undefined) throw new UserError('--drafts writes .eml files from an mbox; for Gmail, run reconnect apply --gmail to write drafts in your account', 2);
        const inputs = gmailInputs();
        checkOutputs(opts, inputs);
        const report = await runGmailScan({ me, now, policy }, io);
        // Your addresses as you typed them, like the mbox scan; Gmail's send-as list otherwise.
        if (me !== undefined) report.me = meShown;
        await writeOutput(formatScan(report, opts.format), opts.out, io, inputs);
        if (opts.report !== undefined) await writeReportFiles(opts.report, report, io, inputs);
        return;
      }
      const mboxInputs = [...opts.mbox, ...opts.calendar, ...(opts.contacts === undefined ? [] : [opts.contacts])];
      // Checked before the scan too, so a mistake costs no waiting.
      checkOutputs(opts, mboxInputs);
      const progress = createProgressBar(io.stderr, 'Scanning');
      const scan = await scanMbox(opts.mbox, { me, meShown, now, policy, onProgress: progress.update, calendars: opts.calendar, contacts: opts.contacts }).finally(progress.stop);
      reportScanNotes(scan, io);
      const text = formatScan({ me: scan.ownerShown, now, ledger: scan.ledger, assessments: scan.assessments }, opts.format);
      await writeOutput(text, opts.out, io, mboxInputs);
      if (opts.report !== undefined) {
        await writeReportFiles(opts.report, { me: scan.ownerShown, now, ledger: scan.ledger, assessments: scan.assessments }, io, mboxInputs);
      }
      if (opts.drafts !== undefined) {
        const files = await writeLapsedDrafts(scan, opts.drafts, { now, ownerName: opts.name, replyInThread: true, inputs: mboxInputs });
        io.stderr.write(`reconnect: wrote ${files.length} draft(s) to ${opts.drafts}; open them in your mail program to edit and send\n`);
      }
    });

  program
    .command('report')
    .description('Scan a Google Takeout mbox and write report.html (one self-contained page) and contacts.csv')
    .requiredOption('--mbox <file>', 'a Google Takeout .mbox file; repeat for each', collect, [])
    .option('--calendar <file>', 'a Google Takeout Calendar .ics file; repeat for each calendar', collect, [])
    .option('--contacts <file>', 'a Google Takeout Contacts .vcf file')
    .option('--me <address>', 'your own address or send-as alias; repeat for each (default: inferred from Sent mail)', collect, [])
    .option('--now <iso-8601>', 'judge lapses as of this time instead of the clock, e.g. 2025-03-04T17:15:00Z')
    .option('--out <dir>', 'the folder to write report.html and contacts.csv into', '.')
    .option(MIN_GAP_FLAGS, MIN_GAP_HELP)
    .action(async (opts: { mbox: string[]; calendar: string[]; contacts?: string; me: string[]; now?: string; out: string; minGap?: string }) => {
      const me = parseOwnerOption(opts.me);
      const now = opts.now === undefined ? io.now() : parseNowOption(opts.now);
      const policy = parseMinGapOption(opts.minGap);
      requireMbox(opts.mbox);
      const inputs = [...opts.mbox, ...opts.calendar, ...(opts.contacts === undefined ? [] : [opts.contacts])];
      checkOutputs({ report: opts.out }, inputs);
      const progress = createProgressBar(io.stderr, 'Scanning');
      const scan = await scanMbox(opts.mbox, { me, meShown: opts.me.map((m) => m.trim()), now, policy, onProgress: progress.update, calendars: opts.calendar, contacts: opts.contacts }).finally(progress.stop);
      reportScanNotes(scan, io);
      const written = await writeHtmlReport(opts.out, { me: scan.ownerShown, now, ledger: scan.ledger, assessments: scan.assessments }, { inputs });
      io.stdout.write(`Report: ${written.html}\nContacts: ${written.csv}\n`);
    });

  program
    .command('draft')
    .description('Print a reconnect draft for one person in a Google Takeout mbox. Never sends.')
    .requiredOption('--mbox <file>', 'a Google Takeout .mbox file; repeat for each', collect, [])
    .option('--calendar <file>', 'a Google Takeout Calendar .ics file; repeat for each calendar', collect, [])
    .option('--contacts <file>', 'a Google Takeout Contacts .vcf file')
    .requiredOption('--to <address>', 'the person to write to')
    .option('--template <name>', 'reconnect, interest, ask, thank-you or keep-in-touch', 'reconnect')
    .option('--me <address>', 'your own address or send-as alias; repeat for each (default: inferred from Sent mail)', collect, [])
    .option('--now <iso-8601>', 'write as of this time instead of the clock')
    .option('--name <your-name>', 'your name, to sign the draft with', '')
    .option('--new-message', 'start a new message instead of replying in their latest thread')
    .option(MIN_GAP_FLAGS, MIN_GAP_HELP)
    .action(async (opts: { mbox: string[]; calendar: string[]; contacts?: string; to: string; template: string; me: string[]; now?: string; name: string; newMessage?: boolean; minGap?: string }) => {
      const me = parseOwnerOption(opts.me);
      const now = opts.now === undefined ? io.now() : parseNowOption(opts.now);
      const policy = parseMinGapOption(opts.minGap);
      requireMbox(opts.mbox);
      const scan = await scanMbox(opts.mbox, { me, meShown: opts.me.map((m) => m.trim()), now, policy, calendars: opts.calendar, contacts: opts.contacts });
      reportScanNotes(scan, io);
      const plan = planDraftFromScan(scan, opts.to, { templateName: opts.template, now, ownerName: opts.name, replyInThread: opts.newMessage !== true });
      io.stdout.write(formatDraft(plan));
    });

  program
    .command('auth')
    .description('Sign in to Gmail for scan --gmail and apply --gmail with your own OAuth client (see docs/gmail-cli.md)')
    .option('--client <file>', 'the OAuth client JSON downloaded from Google Cloud console')
    .option('--read-only', 'ask only for gmail.metadata: enough to scan, not to label or draft')
    .option('--no-calendar', 'do not ask for calendar.events.readonly (read-only: meetings count as contact)')
    .option('--no-contacts', 'do not ask for contacts.readonly (read-only: one person per contact, labels as groups)')
    .option('--revoke', 'sign out: delete the stored token and revoke it with Google')
    .action(async (opts: { client?: string; readOnly?: boolean; revoke?: boolean; calendar?: boolean; contacts?: boolean }) => {
      if (opts.revoke === true) await runGmailRevoke({}, io);
      else await runGmailAuth({ client: opts.client, readOnly: opts.readOnly === true, calendar: opts.calendar !== false, contacts: opts.contacts !== false }, io);
    });

  program
    .command('apply')
    .description('Label lapsed people\'s latest threads and write reconnect drafts in Gmail; only a plan unless --yes. Never sends.')
    .option('--gmail', 'apply to your Gmail account (the only target so far)')
    .option('--yes', 'make the changes; without it nothing in Gmail changes')
    .option('--now <iso-8601>', 'judge lapses as of this time instead of the clock, e.g. 2025-03-04T17:15:00Z')
    .option('--limit <n>', 'write at most this many reconnect drafts (default 5)')
    .option(MIN_GAP_FLAGS, MIN_GAP_HELP)
    .action(async (opts: { gmail?: boolean; yes?: boolean; now?: string; limit?: string; minGap?: string }) => {
      if (opts.gmail !== true) throw new UserError('apply needs --gmail: reconnect apply --gmail [--yes]', 2);
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new UserError(`--limit "${opts.limit}" is not a whole number; pass e.g. --limit 5`, 2);
      const now = opts.now === undefined ? io.now() : parseNowOption(opts.now);
      const policy = parseMinGapOption(opts.minGap);
      io.stdout.write(await runGmailApply({ yes: opts.yes === true, now, limit, policy }, io));
    });

  return program;
}

async function writeReportFiles(dir: string, report: ScanReport, io: CliIo, inputs: readonly string[]): Promise<void> {
  const written = await writeHtmlReport(dir, report, { inputs });
  io.stderr.write(`Report: ${written.html}\nContacts: ${written.csv}\n`);
}

/** A repeatable option's default is [], which commander counts as given. */
function requireMbox(files: readonly string[]): void {
  if (files.length === 0) throw new UserError("required option '--mbox <file>' not specified", 2);
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

const MIN_GAP_FLAGS = '--min-gap <days>';
const MIN_GAP_HELP = `nobody is due or lapsed until this many days after your last exchange, unless you set their cadence (default ${DEFAULT_MIN_GAP_DAYS}; 0 to 365)`;

/** The policy with --min-gap applied; the default policy when it is absent. */
export function parseMinGapOption(value: string | undefined): PolicySettings {
  if (value === undefined) return { ...DEFAULT_POLICY };
  const { min, max } = SETTINGS_LIMITS.minGapDays;
  const days = /^\s*\d{1,4}\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(days >= min && days <= max)) {
    throw new UserError(`--min-gap "${value}" is not a whole number of days from ${min} to ${max}; pass e.g. --min-gap 30`, 2);
  }
  return { ...DEFAULT_POLICY, minGapDays: days };
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
      `reconnect: your addresses, inferred from Sent mail: ${scan.ownerShown.join(', ')} (pass --me to set them)\n`,
    );
  }
  for (const warning of describeSourceWarnings(scan.sources)) io.stderr.write(`reconnect: warning: ${warning}\n`);
  for (const refused of scan.refusedLinks) io.stderr.write(`reconnect: warning: ${refused.message}\n`);
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

async function writeOutput(text: string, out: string | undefined, io: CliIo, inputs: readonly string[]): Promise<void> {
  if (out === undefined) {
    io.stdout.write(text);
    return;
  }
  writeUserFile(out, text, '--out', inputs);
}

/** Refuses, before any work, an output path that is a file Reconnect reads (the mbox, or the Gmail ledger and token). */
function checkOutputs(opts: { out?: string; report?: string }, inputs: readonly string[]): void {
  if (opts.out !== undefined) refuseInputAsOutput(opts.out, '--out', inputs);
  if (opts.report !== undefined) {
    for (const name of ['report.html', 'contacts.csv']) refuseInputAsOutput(path.join(opts.report, name), '--report', inputs);
  }
}

/** What scan --gmail reads and keeps: an output must never replace one of them. */
function gmailInputs(): string[] {
  const dirs = resolveUserDirs(process.env);
  const ledger = path.join(dirs.data, 'gmail-ledger.json');
  return [ledger, `${ledger}.bak`, path.join(dirs.config, 'gmail-token.json')];
}
