/**
 * The Apps Script scan on the fakes, as Google's contract allows them to be:
 * shuffled, short and duplicated list pages, due triggers, the daily
 * trigger-runtime cap, both Gmail unit regimes. Prints, for one mailbox
 * (60,000 messages unless told otherwise):
 * - service and Gmail calls per 1,000 messages, and quota units per message under each table;
 * - executions and days to a complete first scan, consumer and Workspace, each regime;
 * - when the first lapsed list exists (the sent phase read);
 * - how long the homepage and contextual cards take to open at 10,000 contacts.
 * Times are the fakes' latency model (test/fakes/fake-clock.ts: 100 ms a Gmail call,
 * Sheets and Properties from public measurements). Bundled and run by scripts/bench-gas.mjs.
 */
import { continueScanWith, resumeScanWith, runTrigger } from '../../src/gas/continue-scan';
import type { GoogleServices } from '../../src/gas/create-gas-runtime';
import { createLedger } from '../../src/core/fold-messages';
import { GMAIL_QUOTA_REGIMES, type GmailQuotaRegime } from '../../src/core/pace-gmail-quota';
import { CONTINUE_HANDLER, RESUME_HANDLER, scanMailbox } from '../../src/gas/scan-mailbox';
import { showAddonCard } from '../../src/gas/show-addon-card';
import { setGmailRegime } from '../../test/fakes/call-log';
import { FakeGoogle } from '../../test/fakes/fake-google';
import { TRIGGER_RUNTIME_CAP_MS } from '../../test/fakes/fake-runtime';
import { MailboxBuilder } from '../../test/fakes/mailbox-builder';
import { buildAddonEvent, createAddonDeps } from '../../test/gas/addon-harness';
import { copyGoogle, driveTriggers, runExecution } from '../../test/gas/gas-harness';

const NOW = Date.parse('2026-11-02T09:00:00Z');
const DAY = 86_400_000;
const wanted = Number(process.argv[2] ?? 60_000);

function buildMailbox(messages: number): FakeGoogle {
  const box = new MailboxBuilder({ owner: 'me@example.com' });
  // 2.5 messages a thread on average, over three years: the default lookback.
  box.generate({ seed: 11, people: 3000, threads: Math.round(messages / 2.5), from: NOW - 1080 * DAY, to: NOW - 2 * DAY, messagesPerThread: [1, 4] });
  const google = new FakeGoogle({ now: NOW, mailbox: box });
  google.Gmail.setListing({ order: 'shuffled', shortPages: true, duplicates: true, seed: 3 });
  return google;
}

interface Outcome {
  executions: number;
  failed: number;
  refused: number;
  days: number;
  firstListHours: number | null;
  calls: number;
  gmail: number;
  counts: Record<string, number>;
  done: boolean;
}

const handlers = {
  [CONTINUE_HANDLER]: (services: GoogleServices) => runTrigger(services, continueScanWith),
  [RESUME_HANDLER]: (services: GoogleServices) => runTrigger(services, resumeScanWith),
};

function firstScan(pristine: FakeGoogle, account: 'consumer' | 'workspace', regime: GmailQuotaRegime): Outcome {
  const google = copyGoogle(pristine, new Date(NOW).toISOString());
  google.Gmail.setListing({ order: 'shuffled', shortPages: true, duplicates: true, seed: 3 });
  google.runtime.setTriggerRuntimeCap(TRIGGER_RUNTIME_CAP_MS[account]);
  setGmailRegime(google.log, regime);
  const t0 = google.clock.now();
  // setup, from the editor: the hourly trigger, then the first slice.
  runExecution(google, (rt) => {
    rt.state.saveSettings({ ...rt.state.settings(), accountType: account });
    rt.triggers.scheduleHourly(RESUME_HANDLER);
    return scanMailbox(rt, { context: 'editor' });
  });
  let firstList: number | null = null;
  // Read from the raw store: the bench's own looking must not count as the scan's calls.
  const done = () => {
    const scan = JSON.parse(google.PropertiesService.userStore.get('reconnect.scan') ?? '{}') as { cursor?: { progress: { sentDone?: boolean } | null } };
    const progress = scan.cursor?.progress ?? null;
    if (firstList === null && (progress === null || progress.sentDone === true)) firstList = google.clock.now();
    return progress === null;
  };
  const runs = driveTriggers(google, handlers, t0 + 14 * DAY, 5000, done);
  const finished = done();
  if (process.env.BENCH_DEBUG) {
    for (const c of google.log.calls.filter((x) => x.outcome === 'quota')) {
      const exec = google.runtime.allExecutions.find((e) => e.id === c.executionId);
      console.log(`429 ${c.name} at +${((c.at - t0) / 60_000).toFixed(1)} min, ${((c.at - (exec?.startedAt ?? 0)) / 1000).toFixed(1)} s into ${c.executionId}`);
    }
  }
  return {
    executions: runs.length + 1,
    failed: runs.filter((r) => r.error !== undefined).length,
    refused: google.log.calls.filter((c) => c.outcome === 'quota').length,
    days: (google.clock.now() - t0) / DAY,
    firstListHours: firstList === null ? null : (firstList - t0) / 3_600_000,
    calls: google.log.count(),
    gmail: google.log.count('gmail'),
    counts: google.log.counts(),
    done: finished,
  };
}

/** Opens a card at 10,000 contacts, in an add-on execution: ms on the fakes' clock, and ms of real CPU here. */
function cardOpenTimes(): { homepage: number; contact: number; cpuHomepage: number; cpuContact: number } {
  const box = new MailboxBuilder({ owner: 'me@example.com' });
  const ann = box.person('Ann Smith', 'ann@example.org');
  box.received(ann, new Date(NOW - 3 * DAY).toISOString(), { subject: 'Hello' });
  const google = new FakeGoogle({ now: NOW, mailbox: box });
  const messageId = google.Gmail.messageIds()[0]!;
  runExecution(google, (rt) => {
    const ledger = createLedger();
    for (let i = 0; i < 10_000; i += 1) {
      const email = `person${i}@example.com`;
      const date = NOW - ((i * 37) % 900) * DAY;
      ledger.contacts[email] = {
        email, name: `Person ${i}`, nameDate: date, firstSeen: date - 400 * DAY, lastSent: date, lastReceived: date - DAY,
        sentCount: 3, receivedCount: 2, weakCount: 0, lastWeak: null,
        lastSentThread: { id: `m${i}`, threadId: `t${i}`, subject: 'Catching up', date, messageId: '' }, lastReceivedThread: null, history: [],
      } as unknown as (typeof ledger.contacts)[string];
    }
    rt.store.commit(ledger, { cursor: { watermark: { second: Math.floor(NOW / 1000), ids: [] }, progress: null }, owner: ['me@example.com'] }, null);
  });
  const time = (open: () => unknown) => {
    google.startExecution({ kind: 'cardAction' });
    const t = google.clock.now();
    const cpu = performance.now();
    open();
    const out = { fake: google.clock.now() - t, cpu: performance.now() - cpu };
    google.endExecution();
    return out;
  };
  const homepage = time(() => showAddonCard(buildAddonEvent(), 'homepage', createAddonDeps(google)));
  const contact = time(() => showAddonCard(buildAddonEvent({ messageId }), 'contact', createAddonDeps(google)));
  return { homepage: homepage.fake, contact: contact.fake, cpuHomepage: homepage.cpu, cpuContact: contact.cpu };
}

const pristine = buildMailbox(wanted);
const messages = pristine.Gmail.messageIds().length;
const per1000 = (n: number) => ((n / messages) * 1000).toFixed(0);
console.log(`Apps Script first scan on the fakes: ${messages} messages in ${Math.round(wanted / 2.5)} threads over three years, listed shuffled, in short and empty pages, with repeats.`);
console.log('');
const scenarios: Array<['consumer' | 'workspace', GmailQuotaRegime]> = [
  ['consumer', 'legacy'],
  ['consumer', '2026'],
  ['workspace', 'legacy'],
  ['workspace', '2026'],
];
const results = scenarios.map(([account, regime]) => ({ account, regime, r: firstScan(pristine, account, regime) }));
const base = results[0]!.r;
const scanGmail = (r: Outcome) => r.gmail;
console.log('| calls per 1,000 messages | service calls | Gmail calls | threads.get | threads.list |');
console.log('|---|---|---|---|---|');
console.log(`| first scan (consumer, legacy table) | ${per1000(base.calls)} | ${per1000(scanGmail(base))} | ${per1000(base.counts['gmail.users.threads.get'] ?? 0)} | ${per1000(base.counts['gmail.users.threads.list'] ?? 0)} |`);
console.log('');
const unitsPerMessage = (regime: GmailQuotaRegime, r: Outcome) => {
  let units = 0;
  for (const [name, n] of Object.entries(r.counts)) if (name.startsWith('gmail.users.')) units += GMAIL_QUOTA_REGIMES[regime].units(name.slice('gmail.'.length)) * n;
  return (units / messages).toFixed(1);
};
console.log(`Quota units per message: ${unitsPerMessage('legacy', base)} under the legacy table (threads.get 10), ${unitsPerMessage('2026', base)} under the 2026 table (threads.get 40).`);
console.log('');
console.log('| account | regime | done | executions | failed | 429s | days to a complete first scan | first lapsed list after |');
console.log('|---|---|---|---|---|---|---|---|');
for (const { account, regime, r } of results) {
  const first = r.firstListHours === null ? 'n/a' : `${r.firstListHours.toFixed(1)} h`;
  console.log(`| ${account} | ${regime} | ${r.done ? 'yes' : 'NO'} | ${r.executions} | ${r.failed} | ${r.refused} | ${r.days.toFixed(2)} | ${first} |`);
}
console.log('');
const cards = cardOpenTimes();
console.log(`Card open time at 10,000 contacts (fakes' latency model; target 2 s): homepage ${(cards.homepage / 1000).toFixed(2)} s, contextual ${(cards.contact / 1000).toFixed(2)} s; CPU on this machine ${cards.cpuHomepage.toFixed(0)} ms and ${cards.cpuContact.toFixed(0)} ms.`);
