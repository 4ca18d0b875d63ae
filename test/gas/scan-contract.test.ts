/**
 * The scan under Google's real contract, each fake mode switched on in turn:
 * any listing order, short and empty pages, duplicate ids, triggers firing
 * while another run holds the lock, add-on trigger limits, the daily
 * trigger-runtime cap, both Gmail unit regimes, and 429s with a retry time.
 */
import { continueScanWith, resumeScanWith, runTrigger } from '../../src/gas/continue-scan';
import type { GoogleServices } from '../../src/gas/create-gas-runtime';
import { runCardAction } from '../../src/gas/card-actions';
import { CONTINUE_HANDLER, RESUME_HANDLER, scanMailbox } from '../../src/gas/scan-mailbox';
import { setGmailRegime } from '../fakes/call-log';
import { TRIGGER_RUNTIME_CAP_MS } from '../fakes/fake-runtime';
import type { ListingMode } from '../fakes/gmail-contract';
import { WORDING } from '../fakes/google-errors';
import { MailboxBuilder } from '../fakes/mailbox-builder';
import { buildAddonEvent, createAddonDeps, openHomepage, readText } from './addon-harness';
import { copyGoogle, driveTriggers, fakeServices, newGoogle, NOW, runExecution, scanUntilDone, storedLedger } from './gas-harness';
import { createGasRuntime } from '../../src/gas/create-gas-runtime';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** About 1,200 messages over two years: several runs at a 30-second budget. */
function buildMailbox(): MailboxBuilder {
  const box = new MailboxBuilder({ owner: 'me@example.com', aliases: ['me@alias.example'] });
  box.generate({ seed: 21, people: 80, threads: 480, from: Date.parse(NOW) - 700 * DAY, to: Date.parse(NOW) - 20 * DAY, messagesPerThread: [1, 4] });
  for (let i = 0; i < 20; i += 1) box.newsletter(`news${i % 4}@shop.example`, Date.parse(NOW) - (i * 9 + 2) * DAY);
  return box;
}

const pristine = newGoogle(buildMailbox());
const reference = (() => {
  const google = copyGoogle(pristine);
  scanUntilDone(google);
  return JSON.stringify(storedLedger(google));
})();

const handlers = {
  [CONTINUE_HANDLER]: (services: GoogleServices) => runTrigger(services, continueScanWith),
  [RESUME_HANDLER]: (services: GoogleServices) => runTrigger(services, resumeScanWith),
};
const scanDone = (google: ReturnType<typeof copyGoogle>) => () => {
  // The raw store: reading it is the test's, not a service call that could use up an injected fault.
  const last = google.PropertiesService.userStore.get('reconnect.lastRun') ?? null;
  return last !== null && (JSON.parse(last) as { outcome: string }).outcome === 'done';
};

describe('whatever order and pages Gmail lists in', () => {
  const modes: [string, ListingMode][] = [
    ['shuffled', { order: 'shuffled', seed: 4 }],
    ['short and empty pages', { shortPages: true, seed: 9 }],
    ['duplicate ids across pages', { duplicates: true }],
    ['all at once', { order: 'shuffled', shortPages: true, duplicates: true, seed: 2 }],
  ];
  it.each(modes)('%s: the ledger of a newest-first listing', (_name, mode) => {
    const google = copyGoogle(pristine);
    google.Gmail.setListing(mode);
    const runs = scanUntilDone(google, { budgetMs: 20_000 });
    expect(runs.length).toBeGreaterThan(1);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });

  it('one swapped pair in a ten-message sent folder still gives ten contacts', () => {
    const box = new MailboxBuilder({ owner: 'me@example.com' });
    for (let i = 0; i < 10; i += 1) box.sent(`p${i}@example.org`, new Date(Date.parse(NOW) - (i + 1) * DAY).toISOString());
    const google = newGoogle(box);
    google.Gmail.setListing({ order: 'shuffled', seed: 1 });
    const runs = scanUntilDone(google, { pageSize: 3 });
    expect(runs[runs.length - 1]!.outcome).toBe('done');
    expect(Object.keys(storedLedger(google).contacts)).toHaveLength(10);
  });
});

describe('triggers that fire while another run holds the lock', () => {
  it('the chain continues until the scan is done, without waiting for the weekly trigger', () => {
    const google = copyGoogle(pristine);
    Object.assign(google.runtime.latency as Record<string, number>, { 'gmail.*': 500 });
    google.ScriptApp.fireConcurrently((t) => {
      if (t.handlerFunction === CONTINUE_HANDLER) continueScanWith(createGasRuntime(fakeServices(google)));
    });
    // A run longer than a minute: a continuation it armed for +60 s would fire while it holds the lock.
    const first = runExecution(google, (rt) => scanMailbox(rt, { budgetMs: 2 * 60_000 }));
    expect(first.result!.outcome).toBe('partial');
    expect(google.ScriptApp.triggers.filter((t) => t.handlerFunction === CONTINUE_HANDLER && t.firedAt.length === 0)).toHaveLength(1);
    driveTriggers(google, handlers, google.clock.now() + 6 * HOUR, 100, scanDone(google));
    expect(scanDone(google)()).toBe(true);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });

  it('the hourly trigger firing mid-run gives way and leaves the chain to the run that holds the lock', () => {
    const google = copyGoogle(pristine);
    // 500 ms a Gmail call: the scan takes several runs.
    Object.assign(google.runtime.latency as Record<string, number>, { 'gmail.*': 500 });
    runExecution(google, (rt) => rt.triggers.scheduleHourly(RESUME_HANDLER));
    google.ScriptApp.fireConcurrently((t) => {
      return t.handlerFunction === RESUME_HANDLER ? resumeScanWith(createGasRuntime(fakeServices(google))) : undefined;
    });
    google.clock.advance(59 * 60_000);
    const manual = runExecution(google, (rt) => scanMailbox(rt, { budgetMs: 2 * 60_000, context: 'editor' }));
    expect(manual.result!.outcome).toBe('partial');
    expect(google.ScriptApp.concurrentRuns.map((r) => r.result)).toEqual(['Another Reconnect run is in progress.']);
    expect(google.ScriptApp.triggers.filter((t) => t.handlerFunction === CONTINUE_HANDLER && t.firedAt.length === 0)).toHaveLength(1);
    driveTriggers(google, handlers, google.clock.now() + 6 * HOUR, 100, scanDone(google));
    expect(scanDone(google)()).toBe(true);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });

  it('"Scan now" pressed during a scan leaves the chain intact', () => {
    const google = copyGoogle(pristine);
    Object.assign(google.runtime.latency as Record<string, number>, { 'gmail.*': 500 });
    let pressed = false;
    google.log.failWhen((call) => {
      if (!pressed && (call.name === 'gmail.users.threads.get' || call.name === 'gmail.users.messages.get')) {
        pressed = true;
        google.runtime.runConcurrently({ kind: 'cardAction' }, () => runCardAction(buildAddonEvent({ parameters: { action: 'scanNow' } }), createAddonDeps(google)));
      }
      return false;
    }, new Error('unused'));
    runExecution(google, (rt) => scanMailbox(rt, { budgetMs: 2 * 60_000 }));
    expect(pressed).toBe(true);
    expect(google.ScriptApp.triggers.filter((t) => t.handlerFunction === CONTINUE_HANDLER && t.firedAt.length === 0)).toHaveLength(1);
    driveTriggers(google, handlers, google.clock.now() + 6 * HOUR, 100, scanDone(google));
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });
});

describe('add-on context', () => {
  it('"Scan now" from a card makes no sub-hourly trigger, reads mail within 30 seconds, and says what it waits for', () => {
    const google = copyGoogle(pristine);
    google.startExecution({ kind: 'cardAction' });
    let error: unknown;
    try {
      runCardAction(buildAddonEvent({ parameters: { action: 'scanNow' } }), createAddonDeps(google));
    } catch (e) {
      error = e;
    }
    const exec = google.runtime.currentExecution!;
    google.endExecution();
    expect(error).toBeUndefined();
    expect(exec.died).toBe(false);
    expect(google.log.calls.some((c) => c.outcome === 'threw' && c.name === 'script.TriggerBuilder.create')).toBe(false);
    expect(storedLedger(google).coverage.messages).toBeGreaterThan(0);
  });
});

describe('when Apps Script will not make the one-minute trigger', () => {
  it('(the add-on limit in every execution, say) the scan still commits, and the hourly trigger finishes it', () => {
    const google = copyGoogle(pristine);
    Object.assign(google.runtime.latency as Record<string, number>, { 'gmail.*': 500 });
    runExecution(google, (rt) => rt.triggers.scheduleHourly(RESUME_HANDLER));
    google.log.failWhen((c) => c.name === 'script.TriggerBuilder.create', new Error(WORDING.addonTriggerTooFrequent));
    const first = runExecution(google, (rt) => scanMailbox(rt, { budgetMs: 60_000 }));
    expect(first.error).toBeUndefined();
    expect(first.result!.outcome).toBe('partial');
    const runs = driveTriggers(google, handlers, google.clock.now() + 2 * DAY, 100, scanDone(google));
    expect(runs.filter((r) => r.error !== undefined)).toHaveLength(0);
    expect(scanDone(google)()).toBe(true);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });
});

describe('the daily trigger-runtime cap', () => {
  it('a scan that needs more than 90 minutes of runtime stops before the cap and finishes on a later day', () => {
    // 15 s a Gmail call: the scan needs far more than a consumer account's 90 minutes a day.
    const google = copyGoogle(pristine);
    Object.assign(google.runtime.latency as Record<string, number>, { 'gmail.*': 15_000 });
    google.runtime.setTriggerRuntimeCap(TRIGGER_RUNTIME_CAP_MS.consumer);
    // A personal account (the address alone says Workspace): 90 minutes a day.
    runExecution(google, (rt) => rt.state.saveSettings({ ...rt.state.settings(), accountType: 'consumer' }));
    runExecution(google, (rt) => scanMailbox(rt));
    const runs = driveTriggers(google, handlers, google.clock.now() + 5 * DAY, 500, scanDone(google));
    expect(scanDone(google)()).toBe(true);
    expect(google.log.calls.filter((c) => c.outcome === 'quota')).toHaveLength(0);
    expect(runs.filter((r) => r.error !== undefined)).toHaveLength(0);
    expect(runs[runs.length - 1]!.at - runs[0]!.at).toBeGreaterThan(DAY);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });

  it('"too much computer time" is a pause until tomorrow, not a failure', () => {
    const google = copyGoogle(pristine);
    Object.assign(google.runtime.latency as Record<string, number>, { 'gmail.*': 500 });
    // As setup does: the hourly trigger that picks a stalled scan up.
    runExecution(google, (rt) => rt.triggers.scheduleHourly(RESUME_HANDLER));
    // Other scripts of the user already used all but a minute of today's 90.
    google.runtime.setTriggerRuntimeCap(TRIGGER_RUNTIME_CAP_MS.consumer, 89 * 60_000);
    runExecution(google, (rt) => scanMailbox(rt, { budgetMs: 30_000 }));
    const runs = driveTriggers(google, handlers, google.clock.now() + 3 * DAY, 500, scanDone(google));
    expect(scanDone(google)()).toBe(true);
    const failedPerDay = new Map<number, number>();
    for (const r of runs) if (r.error !== undefined) failedPerDay.set(Math.floor(r.at / DAY), (failedPerDay.get(Math.floor(r.at / DAY)) ?? 0) + 1);
    expect(Math.max(0, ...failedPerDay.values())).toBeLessThan(5);
    expect(google.log.calls.some((c) => c.outcome === 'quota')).toBe(true);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
    expect(WORDING.tooMuchComputerTime).toBe('Service using too much computer time for one day');
  });
});

describe('per-user Gmail units a minute', () => {
  it.each(['legacy', '2026'] as const)('%s table: the scan paces itself, meets at most one 429, and finishes', (regime) => {
    const google = copyGoogle(pristine);
    setGmailRegime(google.log, regime);
    runExecution(google, (rt) => scanMailbox(rt));
    const runs = driveTriggers(google, handlers, google.clock.now() + DAY, 500, scanDone(google));
    expect(scanDone(google)()).toBe(true);
    expect(google.log.calls.filter((c) => c.outcome === 'quota').length).toBeLessThanOrEqual(1);
    expect(runs.filter((r) => r.error !== undefined)).toHaveLength(0);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });
});

describe('429 with a retry time', () => {
  it('makes no Gmail call before the retry time and starts no storm of executions while waiting', () => {
    const google = copyGoogle(pristine);
    const until = Date.parse(NOW) + 40 * 60_000;
    google.log.setRetryAfterOutage('gmail', until);
    runExecution(google, (rt) => scanMailbox(rt));
    // The homepage says what the scan is waiting for.
    expect(readText(openHomepage(google))).toContain('Waiting for the retry time Gmail gave after a rate limit');
    const runs = driveTriggers(google, handlers, google.clock.now() + DAY, 500, scanDone(google));
    expect(scanDone(google)()).toBe(true);
    const refused = google.log.calls.filter((c) => c.outcome === 'quota');
    expect(refused.length).toBeLessThanOrEqual(1);
    const waiting = google.runtime.allExecutions.filter((e) => e.startedAt < until);
    expect(waiting.length).toBeLessThanOrEqual(3);
    expect(runs.filter((r) => r.error !== undefined)).toHaveLength(0);
    expect(JSON.stringify(storedLedger(google))).toBe(reference);
  });
});

describe('the chain never ends while work remains', () => {
  it('whichever call of the trigger runs fails, the triggers alone finish the scan with the same ledger', () => {
    const box = new MailboxBuilder({ owner: 'me@example.com' });
    box.generate({ seed: 5, people: 20, threads: 60, from: Date.parse(NOW) - 300 * DAY, to: Date.parse(NOW) - 5 * DAY, messagesPerThread: [1, 4] });
    const seeded = newGoogle(box);
    const start = (google: ReturnType<typeof copyGoogle>) => {
      google.Gmail.setListing({ order: 'shuffled', shortPages: true, seed: 8 });
      // As setup does: the hourly trigger, then a first slice from the editor.
      runExecution(google, (rt) => {
        rt.triggers.scheduleHourly(RESUME_HANDLER);
        return scanMailbox(rt, { budgetMs: 1_000, context: 'editor' });
      });
    };
    const clean = copyGoogle(seeded);
    start(clean);
    const before = clean.log.count();
    driveTriggers(clean, handlers, clean.clock.now() + 2 * DAY, 200, scanDone(clean));
    const want = JSON.stringify(storedLedger(clean));
    const calls = clean.log.count() - before;
    expect(calls).toBeGreaterThan(100);
    const stalled: string[] = [];
    for (let k = 1; k <= calls; k += 3) {
      const google = copyGoogle(seeded);
      start(google);
      google.log.failOnCall(k, new Error("We're sorry, a server error occurred. Please wait a bit and try again."));
      driveTriggers(google, handlers, google.clock.now() + 2 * DAY, 200, scanDone(google));
      google.log.clearFaults();
      if (!scanDone(google)() || JSON.stringify(storedLedger(google)) !== want) {
        stalled.push(`k=${k} (${google.log.calls.find((c) => c.outcome === 'fault')?.name ?? '?'})`);
      }
    }
    expect(stalled).toEqual([]);
  }, 120_000);
});
