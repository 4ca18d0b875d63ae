#!/usr/bin/env node
// Benchmarks `reconnect scan --gmail` against the Gmail REST emulator with 50 ms added to
// every request, and prints messages/s and quota units next to Google's per-user limit.
//
//   npx tsc -p tsconfig.build.json && node scripts/bench-gmail-api.mjs [--messages N] [--latency MS]
//
// The scan is the compiled one in lib/ driving the real @googleapis/gmail client over HTTP;
// the emulator is test code (test/node/gmail-emulator.ts), bundled on the fly with esbuild into
// a temporary file. Three runs:
//   full, unthrottled   the client with no quota limiter: what 10 requests in flight can do
//   full, default       the CLI's own settings: 13,500 units a minute after a 1,500-unit burst
//   incremental         100 new messages read through users.history.list, then none
// Timings on a shared machine are evidence, not a test: it never fails on a number.

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** developers.google.com/workspace/gmail/api/reference/quota: per user, per minute. */
const USER_UNITS_PER_MINUTE = 15_000;

function readArgument(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const MESSAGES = readArgument('--messages', 1000);
const LATENCY_MS = readArgument('--latency', 50);
const NEW_MESSAGES = 100;
const NOW = Date.UTC(2025, 5, 1, 12);
const DAY = 86_400_000;
const OWNER = 'me@example.com';

async function loadEmulator(dir) {
  const esbuild = await import('esbuild');
  const outfile = join(dir, 'gmail-emulator.mjs');
  await esbuild.build({
    entryPoints: [join(ROOT, 'test/node/gmail-emulator.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}

/** Sent mail and mail from people, one message in four sent, spread over two years. */
function seedMailbox(emulator, count, start = 0, at = NOW) {
  for (let i = start; i < start + count; i += 1) {
    const sent = i % 4 === 0;
    const person = `Person ${i % 300} <p${i % 300}@example.org>`;
    const date = at - ((i * 7919) % (730 * DAY)) - (i % 1000);
    emulator.addMessage({
      labelIds: sent ? ['SENT'] : ['INBOX', 'CATEGORY_PERSONAL'],
      internalDate: date,
      headers: { From: sent ? `Me <${OWNER}>` : person, To: sent ? person : OWNER, Subject: `Subject ${i}`, Date: new Date(date).toUTCString(), 'Message-ID': `<b${i}@bench.example>` },
    });
  }
}

function requireLib(name) {
  return require(join(ROOT, 'lib/node', `${name}.js`));
}

async function scanOnce(emulator, store, limiter, now) {
  const { scanGmail } = requireLib('scan-gmail');
  const { createGmailCaller } = requireLib('create-gmail-caller');
  const { createOAuthClient, createGmailClient } = requireLib('create-gmail-session');
  const { GmailApiMailSource } = requireLib('gmail-api-mail-source');
  const oauth = createOAuthClient({ clientId: 'bench', authUri: emulator.authUri, tokenUri: emulator.tokenUri });
  oauth.setCredentials({ access_token: 'emulator-access-token', expiry_date: Date.now() + 3_600_000 });
  const source = new GmailApiMailSource(createGmailClient(oauth, emulator.rootUrl), createGmailCaller({ limiter }));
  emulator.clearLog();
  const started = performance.now();
  const result = await scanGmail({ source, store, now: () => now, notice: () => undefined });
  const seconds = (performance.now() - started) / 1000;
  const log = [...emulator.log];
  return { seconds, fetched: result.fetched, units: emulator.unitsUsed(log), log, started };
}

/**
 * Units a minute over the second half of a run: by then the limiter's initial burst (1,500
 * units, refilled while it is spent) is long gone, so this is the rate a long scan holds.
 */
function measureSteadyUnitsPerMinute(emulator, log, started) {
  const end = log[log.length - 1]?.at ?? started;
  if (end - started < 4000) return null;
  const from = started + (end - started) / 2;
  const units = emulator.unitsUsed(log.filter((e) => e.at >= from));
  return (units / (end - from)) * 60_000;
}

function formatNumber(n, digits = 0) {
  return n === null ? '-' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'reconnect-bench-gmail-'));
  try {
    const { GmailEmulator } = await loadEmulator(dir);
    const { FileLedgerStore } = requireLib('file-ledger-store');
    const { createQuotaLimiter, createUnlimitedQuota, DEFAULT_QUOTA } = requireLib('create-quota-limiter');
    const emulator = await GmailEmulator.start({ emailAddress: OWNER, latencyMs: LATENCY_MS });
    seedMailbox(emulator, MESSAGES);

    const rows = [];
    const unthrottled = await scanOnce(emulator, new FileLedgerStore(join(dir, 'a')), createUnlimitedQuota(), NOW);
    rows.push(['full, unthrottled', MESSAGES, unthrottled, measureSteadyUnitsPerMinute(emulator, unthrottled.log, unthrottled.started)]);

    const storeB = new FileLedgerStore(join(dir, 'b'));
    const limited = await scanOnce(emulator, storeB, createQuotaLimiter(DEFAULT_QUOTA), NOW);
    rows.push(['full, default limiter', MESSAGES, limited, measureSteadyUnitsPerMinute(emulator, limited.log, limited.started)]);

    seedMailbox(emulator, NEW_MESSAGES, MESSAGES, NOW + DAY);
    const incremental = await scanOnce(emulator, storeB, createQuotaLimiter(DEFAULT_QUOTA), NOW + 2 * DAY);
    rows.push(['incremental, 100 new', NEW_MESSAGES, incremental, measureSteadyUnitsPerMinute(emulator, incremental.log, incremental.started)]);
    const idle = await scanOnce(emulator, storeB, createQuotaLimiter(DEFAULT_QUOTA), NOW + 3 * DAY);
    rows.push(['incremental, nothing new', 0, idle, null]);
    await emulator.close();

    const out = [];
    out.push(`Gmail API scan: ${formatNumber(MESSAGES)} messages on the Gmail emulator at 127.0.0.1, ${LATENCY_MS} ms per request, 10 in flight`);
    out.push(`Google's per-user limit: ${formatNumber(USER_UNITS_PER_MINUTE)} quota units a minute; messages.get 5, messages.list 5, history.list 2`);
    out.push('(developers.google.com/workspace/gmail/api/reference/quota)');
    out.push('');
    const header = ['run', 'messages', 'seconds', 'msg/s', 'units', 'units/1k msgs', 'steady units/min', 'of the limit'];
    const table = rows.map(([name, count, r, steady]) => [
      name,
      formatNumber(count),
      formatNumber(r.seconds, 1),
      count === 0 ? '-' : formatNumber(count / r.seconds, 1),
      formatNumber(r.units),
      count === 0 ? '-' : formatNumber((r.units / count) * 1000),
      formatNumber(steady),
      steady === null ? '-' : `${formatNumber((steady / USER_UNITS_PER_MINUTE) * 100)}%`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
    const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    out.push(line(header), ...table.map(line));
    out.push('');
    out.push('steady: over the second half of the run, after the limiter\'s 1,500-unit burst; "-" for runs under 4 s.');
    // The pace and the price of a read come from the CLI's own tables, not from numbers typed here.
    const { GMAIL_QUOTA_REGIMES } = require(join(ROOT, 'lib/core', 'pace-gmail-quota.js'));
    const perRead = GMAIL_QUOTA_REGIMES.legacy.units('users.messages.get');
    out.push(`At the default limiter's ${formatNumber(DEFAULT_QUOTA.unitsPerMinute)} units a minute a full scan reads about ${formatNumber(DEFAULT_QUOTA.unitsPerMinute / perRead)} messages a minute.`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
