/** scanGmail over the real googleapis client and a Gmail emulator on a loopback port. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS } from '../../src/core/ledger';
import { GmailDailyLimitError, type RetryPolicy } from '../../src/node/call-gmail-with-retry';
import { FileLedgerStore } from '../../src/node/file-ledger-store';
import type { GmailState } from '../../src/node/gmail-state';
import { scanGmail, type ScanGmailOptions } from '../../src/node/scan-gmail';
import { GmailEmulator } from './gmail-emulator';
import { createTestSource, expectedLedger, FAST_RETRY, LOOKBACK_DAYS, NOW, OWNER, seedMailbox } from './gmail-test-mailbox';

/** Small pages and frequent saves, so page boundaries and checkpoints are crossed many times. */
const OPTIONS: Partial<ScanGmailOptions> = { pageSize: 40, concurrency: 8, checkpointEvery: 15, lookbackDays: LOOKBACK_DAYS };

let emulator: GmailEmulator;

beforeEach(async () => {
  emulator = await GmailEmulator.start({ emailAddress: OWNER, sendAs: [{ sendAsEmail: OWNER, displayName: 'Me', isDefault: true, isPrimary: true }, { sendAsEmail: 'me.work@example.org' }] });
  seedMailbox(emulator);
});

afterEach(async () => {
  await emulator.close();
});

function newStore(): FileLedgerStore {
  return new FileLedgerStore(mkdtempSync(join(tmpdir(), 'reconnect-scan-')));
}

async function scan(store: FileLedgerStore, options: { retry?: RetryPolicy; now?: number; scan?: Partial<ScanGmailOptions> } = {}) {
  const notices: string[] = [];
  const result = await scanGmail(
    { source: createTestSource(emulator, options.retry), store, now: () => options.now ?? NOW, notice: (l) => notices.push(l) },
    { ...OPTIONS, ...options.scan },
  );
  return { ...result, notices };
}

function gets(): string[] {
  return emulator.calls('users.messages.get').filter((e) => e.status === 200).map((e) => e.url.split('?')[0]!.split('/').pop()!);
}

/**
 * A message fetched successfully is never fetched again: sent mail Gmail also
 * filed under Primary is listed in both phases, and read once.
 */
function expectEachFetchedOnce(): void {
  const counts = new Map<string, number>();
  for (const id of gets()) counts.set(id, (counts.get(id) ?? 0) + 1);
  expect(Math.max(...counts.values())).toBe(1);
}

describe('scan --gmail: full scan', () => {
  it('folds every covered message once, reading metadata only, by label, with bounded concurrency', async () => {
    const store = newStore();
    emulator.latencyMs = 3;
    const { state, ran, notices } = await scan(store);
    expect(ran).toEqual(['full']);
    expect(state.ledger).toEqual(expectedLedger(emulator));
    expect([...state.owner].sort()).toEqual(['me.work@example.org', OWNER]);
    expect(state.sender).toEqual({ name: 'Me', email: OWNER });
    expect(notices.join('\n')).toMatch(/first scan of me@example.com/);

    expectEachFetchedOnce();
    for (const e of emulator.calls('users.messages.get')) {
      expect(e.query['format']).toEqual(['metadata']);
      expect(e.query['metadataHeaders']).toContain('List-Unsubscribe');
      expect(e.query['fields']).toEqual(['id,threadId,labelIds,internalDate,payload/headers']);
    }
    const lists = emulator.calls('users.messages.list');
    expect(new Set(lists.map((e) => e.query['labelIds']!.join()))).toEqual(new Set(['SENT', 'CATEGORY_PERSONAL']));
    expect(emulator.log.every((e) => e.query['q'] === undefined)).toBe(true);
    expect(emulator.maxInFlight).toBeLessThanOrEqual(8);
    expect(emulator.maxInFlight).toBeGreaterThan(1);
    // Never a promotion, spam or a draft: they are not under SENT or CATEGORY_PERSONAL.
    const noise = [...emulator.messages.values()].filter((m) => !m.labelIds.includes('SENT') && !m.labelIds.includes('CATEGORY_PERSONAL'));
    expect(gets().filter((id) => noise.some((m) => m.id === id))).toEqual([]);
    expect(state.historyId).not.toBeNull();
    expect(state.scan).toBeNull();
    expect(store.load()).toEqual(state);
  });

  it('lists every page to the end, whatever the order, and folds only the lookback', async () => {
    const store = newStore();
    // A year of lookback leaves most of the mailbox behind the floor; Gmail promises no order, so
    // nothing is inferred from dates seen: every listed message is read, the old ones not folded.
    const { state } = await scan(store, { scan: { lookbackDays: 365 } });
    const floor = NOW - 365 * DAY_MS;
    expect(state.ledger).toEqual(expectedLedger(emulator, (m) => (m.labelIds.includes('SENT') || m.labelIds.includes('CATEGORY_PERSONAL')) && m.internalDate >= floor));
    const total = [...emulator.messages.values()].filter((m) => m.labelIds.includes('SENT') || m.labelIds.includes('CATEGORY_PERSONAL')).length;
    expect(gets().length).toBe(total);
  });
});

describe('scan --gmail: whatever order Gmail lists in', () => {
  it('folds the same ledger from a scrambled listing, each message read once', async () => {
    emulator.setListing({ order: 'shuffled' });
    const { state } = await scan(newStore(), { scan: { lookbackDays: 365 } });
    const floor = NOW - 365 * DAY_MS;
    expect(state.ledger).toEqual(expectedLedger(emulator, (m) => (m.labelIds.includes('SENT') || m.labelIds.includes('CATEGORY_PERSONAL')) && m.internalDate >= floor));
    expectEachFetchedOnce();
  });

  it('folds the same ledger from short, empty and overlapping pages (the contract modes the Apps Script fake uses too)', async () => {
    emulator.setListing({ order: 'shuffled', shortPages: true, duplicates: true, seed: 7 });
    const { state } = await scan(newStore(), { scan: { lookbackDays: 365 } });
    const floor = NOW - 365 * DAY_MS;
    expect(state.ledger).toEqual(expectedLedger(emulator, (m) => (m.labelIds.includes('SENT') || m.labelIds.includes('CATEGORY_PERSONAL')) && m.internalDate >= floor));
    expectEachFetchedOnce();
    // The modes were on: short and empty pages take more list calls than full pages do.
    const unkindLists = emulator.calls('users.messages.list').length;
    emulator.setListing({});
    emulator.clearLog();
    await scan(newStore(), { scan: { lookbackDays: 365 } });
    expect(unkindLists).toBeGreaterThan(emulator.calls('users.messages.list').length);
  });
});

describe('scan --gmail: a 429 that names its retry time', () => {
  it('waits it out rather than hammering, and folds the same ledger', async () => {
    const until = Date.now() + 1200;
    emulator.retryAfterOutage(until);
    const { state } = await scan(newStore(), { scan: { lookbackDays: 365 } });
    const floor = NOW - 365 * DAY_MS;
    expect(state.ledger).toEqual(expectedLedger(emulator, (m) => (m.labelIds.includes('SENT') || m.labelIds.includes('CATEGORY_PERSONAL')) && m.internalDate >= floor));
    const refused = emulator.log.filter((e) => e.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    // Nothing was asked again before the named time, beyond the request that learnt it.
    expect(refused.filter((e) => e.at > refused[0]!.at).length).toBe(0);
  });
});

describe('scan --gmail: incremental', () => {
  it('reads only what history says was added, and fetches nothing else', async () => {
    const store = newStore();
    await scan(store);
    emulator.clearLog();
    const day = NOW + DAY_MS;
    const reply = emulator.addMessage({ labelIds: ['INBOX', 'CATEGORY_PERSONAL'], internalDate: day, headers: { From: 'New Person <new@example.org>', To: OWNER, Subject: 'Hello', 'Message-ID': '<new1@x.example>' } });
    const sent = emulator.addMessage({ labelIds: ['SENT'], internalDate: day + 1000, headers: { From: OWNER, To: 'p3@example.org', Subject: 'Catching up', 'Message-ID': '<new2@x.example>' } });
    emulator.addMessage({ labelIds: ['INBOX', 'CATEGORY_PROMOTIONS'], internalDate: day + 2000, headers: { From: 'deals@shop.example', To: OWNER, Subject: 'Sale' } });

    const { state, ran, fetched } = await scan(store, { now: day + DAY_MS });
    expect(ran).toEqual(['incremental']);
    expect(fetched).toBe(2);
    expect(gets().sort()).toEqual([reply, sent].sort());
    expect(emulator.calls('users.messages.list')).toEqual([]);
    expect(emulator.calls('users.history.list').every((e) => e.query['historyTypes']?.[0] === 'messageAdded')).toBe(true);
    expect(state.ledger).toEqual(expectedLedger(emulator));
    expect(state.ledger!.contacts['new@example.org']!.receivedCount).toBe(1);
    expect(state.historyId).toBe(emulator.currentHistoryId);

    emulator.clearLog();
    const again = await scan(store, { now: day + DAY_MS });
    expect(again.fetched).toBe(0);
    expect(emulator.unitsUsed()).toBe(1 + 2);
  });

  it('does not count twice the mail that arrived while the full scan ran', async () => {
    const store = newStore();
    const source = createTestSource(emulator);
    let added = '';
    const original = source.listPage.bind(source);
    // Mail arrives after the scan took its starting historyId and before it listed the received phase.
    source.listPage = async (label, token, size) => {
      if (label === 'CATEGORY_PERSONAL' && token === null && added === '') {
        added = emulator.addMessage({ labelIds: ['INBOX', 'CATEGORY_PERSONAL'], internalDate: NOW, headers: { From: 'Mid Scan <mid@example.org>', To: OWNER, Subject: 'During' } });
      }
      return original(label, token, size);
    };
    await scanGmail({ source, store, now: () => NOW, notice: () => undefined }, OPTIONS);
    const { state } = await scan(store);
    expect(added).not.toBe('');
    expect(state.ledger!.contacts['mid@example.org']!.receivedCount).toBe(1);
    expect(state.ledger).toEqual(expectedLedger(emulator));
  });

  it('falls back to a full rescan when Gmail no longer has the history, and says so', async () => {
    const store = newStore();
    await scan(store);
    emulator.addMessage({ labelIds: ['SENT'], internalDate: NOW + 1000, headers: { From: OWNER, To: 'late@example.org', Subject: 'Late' } });
    emulator.expireHistory();
    emulator.clearLog();
    const { state, ran, notices } = await scan(store, { now: NOW + 2000 });
    expect(emulator.calls('users.history.list').map((e) => e.status)).toEqual([404]);
    expect(ran).toEqual(['full']);
    expect(notices.join('\n')).toMatch(/no longer has the history since your last scan .* full rescan/);
    // Rebuilt from nothing: the messages of the first scan are not counted twice.
    expect(state.ledger).toEqual(expectedLedger(emulator, (m) => (m.labelIds.includes('SENT') || m.labelIds.includes('CATEGORY_PERSONAL')) && m.internalDate >= NOW + 2000 - LOOKBACK_DAYS * DAY_MS));
    expect(state.historyId).toBe(emulator.currentHistoryId);
  });
});

describe('scan --gmail: quota', () => {
  it('backs off and retries 429 and 403 rate limits, and still folds each message once', async () => {
    const retries: string[] = [];
    emulator.failNext(4, 'tooManyRequests');
    emulator.failNext(3, 'userRateLimitExceeded');
    emulator.failNext(2, 'rateLimitExceeded');
    // Nine faults in a row would exhaust the default seven tries on the first, sequential calls.
    const { state } = await scan(newStore(), { retry: { ...FAST_RETRY, attempts: 12, onRetry: (info) => retries.push(`${info.status} ${info.reason}`) } });
    expect(retries.sort()).toEqual([
      ...Array(4).fill('429 rateLimitExceeded'),
      ...Array(2).fill('403 rateLimitExceeded'),
      ...Array(3).fill('403 userRateLimitExceeded'),
    ].sort());
    expect(emulator.log.filter((e) => e.status === 429 || e.status === 403)).toHaveLength(9);
    expect(state.ledger).toEqual(expectedLedger(emulator));
  });

  it('stops at the daily limit keeping its progress, and the resumed scan equals an uninterrupted one', async () => {
    const store = newStore();
    emulator.dailyLimitAfter(137);
    await expect(scan(store)).rejects.toBeInstanceOf(GmailDailyLimitError);
    const saved = store.load()!;
    expect(saved.ledger).toBeNull();
    expect(saved.scan?.kind).toBe('full');
    expect(saved.scan!.handled).toBeGreaterThan(50);

    emulator.clearDailyLimit();
    const { state, notices } = await scan(store);
    expect(notices.join('\n')).toMatch(/resuming the full Gmail scan: \d+ of about \d+ messages done/);
    expect(state.ledger).toEqual(expectedLedger(emulator));
    expectEachFetchedOnce();
  });

  it('starts the full scan over when Gmail no longer accepts the saved page token', async () => {
    const store = newStore();
    emulator.dailyLimitAfter(100);
    await expect(scan(store)).rejects.toBeInstanceOf(GmailDailyLimitError);
    const saved = store.load()!;
    if (saved.scan?.kind !== 'full') throw new Error('expected a full scan in progress');
    saved.scan.plan.segments[0]!.pageToken = 'expired-token';
    saved.scan.plan.segments[0]!.listed = false;
    store.save(saved);
    emulator.clearDailyLimit();
    const { state, notices } = await scan(store);
    expect(notices.join('\n')).toMatch(/no longer accepts the saved position of the full scan, so it lists that part again/);
    expect(state.ledger).toEqual(expectedLedger(emulator));
  });

  it('resumes from the last checkpoint after a crash without counting anything twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reconnect-crash-'));
    const real = new FileLedgerStore(dir);
    let saves = 0;
    const crashing = {
      file: real.file,
      load: () => real.load(),
      save: (state: GmailState) => {
        saves += 1;
        if (saves > 6) throw new Error('simulated crash');
        real.save(state);
      },
    };
    await expect(
      scanGmail({ source: createTestSource(emulator), store: crashing, now: () => NOW, notice: () => undefined }, OPTIONS),
    ).rejects.toThrow('simulated crash');
    const checkpoint = real.load()!;
    expect(checkpoint.scan?.kind).toBe('full');
    const { state } = await scan(new FileLedgerStore(dir));
    expect(state.ledger).toEqual(expectedLedger(emulator));
  });
});
