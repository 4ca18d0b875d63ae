/**
 * A small, seeded Gmail mailbox for the emulator, and the ledger a correct
 * scan of it must produce: the core's fold over exactly the messages the scan
 * covers (sent mail, plus received mail in Primary, within the lookback).
 */
import { foldMessages } from '../../src/core/fold-messages';
import { DAY_MS, type Ledger } from '../../src/core/ledger';
import { createFoldOptions } from '../../src/core/settings';
import { DEFAULT_RETRY, type RetryPolicy } from '../../src/node/call-gmail-with-retry';
import { createGmailCaller } from '../../src/node/create-gmail-caller';
import { createUnlimitedQuota } from '../../src/node/create-quota-limiter';
import { createGmailClient, createOAuthClient } from '../../src/node/create-gmail-session';
import { toMessageMeta } from '../../src/core/message-meta';
import { GmailApiMailSource } from '../../src/node/gmail-api-mail-source';
import type { GmailEmulator, SeedMessage, StoredMessage } from './gmail-emulator';

export const OWNER = 'me@example.com';
export const ALIAS = 'me.work@example.org';
export const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
export const LOOKBACK_DAYS = 3 * 365;
export const ACCESS_TOKEN = 'emulator-access-token';

const FIRST = ['Ann', 'Bob', 'Chen', 'Dana', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jo', 'Kai', 'Lea', 'Mo', 'Nia', 'Oto', 'Pia'];
const LAST = ['Lee', 'Ng', 'Ortiz', 'Park', 'Quinn', 'Roy', 'Sato', 'Tran'];

/** A tiny LCG: the same mailbox every run. */
function createRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface SeedOptions {
  people?: number;
  seed?: number;
}

/** Seeds the emulator; returns the ids in the order added. */
export function seedMailbox(emulator: GmailEmulator, options: SeedOptions = {}): string[] {
  const random = createRandom(options.seed ?? 7);
  const people = options.people ?? 40;
  const ids: string[] = [];
  const add = (m: SeedMessage) => ids.push(emulator.addMessage(m));
  const me = `Me <${OWNER}>`;
  let serial = 0;
  const header = (from: string, to: string, subject: string, date: number, extra: Record<string, string> = {}) => ({
    From: from,
    To: to,
    Subject: subject,
    Date: new Date(date).toUTCString(),
    'Message-ID': `<m${serial++}@mail.example.com>`,
    ...extra,
  });

  for (let i = 0; i < people; i += 1) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    const email = `p${i}@example.org`;
    // A third are recent, the rest last heard from months or years ago.
    const lastDaysAgo = i % 3 === 0 ? 5 + Math.floor(random() * 20) : 120 + Math.floor(random() * 600);
    const threads = 1 + (i % 4);
    for (let t = 0; t < threads; t += 1) {
      const start = NOW - (lastDaysAgo + t * (30 + Math.floor(random() * 60))) * DAY_MS - Math.floor(random() * DAY_MS);
      const length = 1 + Math.floor(random() * 4);
      let threadId: string | undefined;
      for (let k = 0; k < length; k += 1) {
        const date = start - (length - 1 - k) * (DAY_MS / 2);
        const sent = (k + i) % 2 === 0;
        const subject = `${k === 0 ? '' : 'Re: '}Topic ${i}.${t}`;
        const labelIds = sent ? (random() < 0.2 ? ['SENT', 'CATEGORY_PERSONAL'] : ['SENT']) : ['INBOX', 'CATEGORY_PERSONAL'];
        const headers = sent ? header(me, `${name} <${email}>`, subject, date) : header(`${name} <${email}>`, i % 5 === 0 ? ALIAS : OWNER, subject, date);
        const id = emulator.addMessage({ threadId, labelIds, internalDate: date, headers });
        threadId ??= id;
        ids.push(id);
      }
    }
  }
  // Noise the scan must list or skip but never count.
  for (let n = 0; n < 12; n += 1) {
    const date = NOW - (1 + n * 9) * DAY_MS;
    add({ labelIds: ['INBOX', 'CATEGORY_PROMOTIONS'], internalDate: date, headers: header('Shop <deals@shop.example>', OWNER, `Sale ${n}`, date, { 'List-Unsubscribe': '<mailto:u@shop.example>' }) });
  }
  for (let n = 0; n < 6; n += 1) {
    const date = NOW - (2 + n * 11) * DAY_MS;
    add({ labelIds: ['INBOX', 'CATEGORY_UPDATES'], internalDate: date, headers: header('Service <noreply@service.example>', OWNER, `Receipt ${n}`, date) });
  }
  for (let n = 0; n < 3; n += 1) {
    const date = NOW - (3 + n * 13) * DAY_MS;
    add({ labelIds: ['INBOX', 'CATEGORY_PERSONAL'], internalDate: date, headers: header('Robot <robot@example.net>', OWNER, `Auto ${n}`, date, { 'Auto-Submitted': 'auto-generated' }) });
  }
  add({ labelIds: ['SPAM'], internalDate: NOW - 4 * DAY_MS, headers: header('Spam <spam@bad.example>', OWNER, 'Win', NOW - 4 * DAY_MS) });
  add({ labelIds: ['DRAFT'], internalDate: NOW - DAY_MS, headers: header(me, 'p1@example.org', 'Unsent', NOW - DAY_MS) });
  // Older than the lookback: listed at the end of each phase, never folded.
  for (let n = 0; n < 4; n += 1) {
    const date = NOW - (LOOKBACK_DAYS + 30 + n * 40) * DAY_MS;
    add({ labelIds: ['SENT'], internalDate: date, headers: header(me, `Old ${n} <old${n}@example.org>`, `Ancient ${n}`, date) });
    add({ labelIds: ['INBOX', 'CATEGORY_PERSONAL'], internalDate: date + 1000, headers: header(`Old ${n} <old${n}@example.org>`, OWNER, `Re: Ancient ${n}`, date + 1000) });
  }
  return ids;
}

/** Whether a full scan as of NOW covers the message. */
export function isCovered(m: StoredMessage, now = NOW): boolean {
  const inScope = m.labelIds.includes('SENT') || m.labelIds.includes('CATEGORY_PERSONAL');
  const excluded = m.labelIds.includes('SPAM') || m.labelIds.includes('TRASH');
  return inScope && !excluded && m.internalDate >= now - LOOKBACK_DAYS * DAY_MS;
}

export function convertStored(m: StoredMessage) {
  return toMessageMeta({ id: m.id, threadId: m.threadId, labelIds: m.labelIds, internalDate: String(m.internalDate), payload: { headers: m.headers } });
}

/** The ledger a correct scan must produce: the fold of the covered messages, each once. */
export function expectedLedger(emulator: GmailEmulator, covered: (m: StoredMessage) => boolean = (m) => isCovered(m)): Ledger {
  const messages = [...emulator.messages.values()].filter(covered).map(convertStored);
  return foldMessages(messages, createFoldOptions([OWNER, ALIAS]));
}

/** Retries in milliseconds, not seconds. */
export const FAST_RETRY: RetryPolicy = { ...DEFAULT_RETRY, baseMs: 1, capMs: 4, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** The real googleapis client, authorised with the emulator's token, pointed at the emulator. */
export function createTestGmail(emulator: GmailEmulator, token = ACCESS_TOKEN) {
  const oauth = createOAuthClient({ clientId: 'test-client', authUri: emulator.authUri, tokenUri: emulator.tokenUri });
  oauth.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return createGmailClient(oauth, emulator.rootUrl);
}

export function createTestSource(emulator: GmailEmulator, retry: RetryPolicy = FAST_RETRY): GmailApiMailSource {
  return new GmailApiMailSource(createTestGmail(emulator), createGmailCaller({ limiter: createUnlimitedQuota(), retry }));
}

