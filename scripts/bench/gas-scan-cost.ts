/**
 * Service calls per 1,000 messages for the Apps Script scan, full and
 * incremental, measured on the fakes, and the projected wall time per run from
 * a per-call latency table. Bundled and run by scripts/bench-gas.mjs.
 */
import { createGasRuntime } from '../../src/gas/create-gas-runtime';
import { DEFAULT_SCAN_OPTIONS, scanMailbox } from '../../src/gas/scan-mailbox';
import { FakeGoogle } from '../../test/fakes/fake-google';
import { MailboxBuilder } from '../../test/fakes/mailbox-builder';
import { fakeServices } from '../../test/gas/gas-harness';

const NOW = Date.parse('2026-11-02T09:00:00Z');
const DAY = 86_400_000;

/**
 * Per-call wall time in ms, for the projection. Gmail API metadata reads from
 * Apps Script: about 100 ms a call (the figure the fakes use; `diagnose`
 * measures the real one on your account). Sheets writes and Properties are
 * small next to 1,000 Gmail calls; their figures are in test/fakes/fake-clock.ts
 * with sources.
 */
function runScan(google: FakeGoogle) {
  google.startExecution();
  try {
    return scanMailbox(createGasRuntime(fakeServices(google)));
  } finally {
    google.endExecution();
  }
}

function measure(messagesWanted: number) {
  const box = new MailboxBuilder({ owner: 'me@example.com' });
  box.generate({ seed: 11, people: 300, threads: Math.round(messagesWanted / 2.5), from: NOW - 900 * DAY, to: NOW - 20 * DAY, messagesPerThread: [1, 4] });
  const google = new FakeGoogle({ now: NOW, mailbox: box });
  const messages = google.Gmail.messageIds().length;
  const start = google.log.count();
  const t0 = google.clock.now();
  let runs = 0;
  for (;;) {
    runs += 1;
    const result = runScan(google);
    if (result.outcome === 'done') break;
    google.clock.advance(DEFAULT_SCAN_OPTIONS.continueAfterMs);
  }
  const full = { calls: google.log.count() - start, gmail: google.log.count('gmail') - 0, runs, ms: google.clock.now() - t0 - (runs - 1) * DEFAULT_SCAN_OPTIONS.continueAfterMs };
  const counts = google.log.counts();

  google.clock.advance(7 * DAY);
  for (let i = 0; i < 50; i += 1) google.Gmail.deliver({ from: `Person ${i + 1} <person${i + 1}@example.com>`, to: 'me@example.com', date: google.clock.now() - (i + 1) * 60_000, subject: `New ${i}` });
  const before = google.log.count();
  const gBefore = google.log.count('gmail');
  const t1 = google.clock.now();
  runScan(google);
  const incremental = { calls: google.log.count() - before, gmail: google.log.count('gmail') - gBefore, ms: google.clock.now() - t1 };
  return { messages, full, incremental, counts };
}

const r = measure(Number(process.argv[2] ?? 5000));
const per1000 = (n: number, m: number) => ((n / m) * 1000).toFixed(0);
console.log(`Apps Script scan on the fakes (${r.messages} messages, ${DEFAULT_SCAN_OPTIONS.pageSize} a page, ${DEFAULT_SCAN_OPTIONS.budgetMs / 60_000}-minute budget a run)`);
console.log('');
console.log('| scan | messages read | service calls | per 1,000 messages | Gmail calls | projected time | runs |');
console.log('|---|---|---|---|---|---|---|');
console.log(`| full | ${r.messages} | ${r.full.calls} | ${per1000(r.full.calls, r.messages)} | ${r.full.gmail} | ${(r.full.ms / 60_000).toFixed(1)} min | ${r.full.runs} |`);
console.log(`| incremental, 50 new | 50 | ${r.incremental.calls} | ${per1000(r.incremental.calls, 50)} | ${r.incremental.gmail} | ${(r.incremental.ms / 1000).toFixed(1)} s | 1 |`);
console.log('');
console.log(`Projected time uses the fakes' latency table: 100 ms per Gmail API call, Sheets writes ~100 ms, Properties 30-62 ms (test/fakes/fake-clock.ts). At 100 ms a read, one 4.5-minute run reads about ${Math.floor(DEFAULT_SCAN_OPTIONS.budgetMs / 100)} messages.`);
console.log(`Gmail quota units for the full scan: ${r.full.gmail * 5} (5 a call; the per-user limit is 15,000 a minute).`);
