/** applyGmail over the real googleapis client and the Gmail emulator: plan, labels, drafts, idempotency, never a send. */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS } from '../../src/core/ledger';
import { applyGmail, type ApplyGmailOptions } from '../../src/node/apply-gmail';
import { createGmailCaller } from '../../src/node/create-gmail-caller';
import { createUnlimitedQuota } from '../../src/node/create-quota-limiter';
import { FileLedgerStore } from '../../src/node/file-ledger-store';
import { formatGmailPlan } from '../../src/node/format-gmail-plan';
import { GmailApiDrafter } from '../../src/node/gmail-api-drafter';
import { GmailApiLabeler } from '../../src/node/gmail-api-labeler';
import type { GmailState } from '../../src/node/gmail-state';
import { loadBundledTemplates } from '../../src/node/load-bundled-templates';
import type { LedgerStorePort } from '../../src/node/scan-gmail';
import { scanGmail } from '../../src/node/scan-gmail';
import { UserError } from '../../src/node/user-error';
import { findSendCalls, ROOT } from '../build/no-send-check';
import { GmailEmulator } from './gmail-emulator';
import { createTestGmail, createTestSource, FAST_RETRY, NOW, OWNER, seedMailbox } from './gmail-test-mailbox';

const WRITES = ['users.labels.create', 'users.messages.batchModify', 'users.drafts.create'];
const templates = loadBundledTemplates();

let emulator: GmailEmulator;
let store: FileLedgerStore;

beforeEach(async () => {
  emulator = await GmailEmulator.start({ emailAddress: OWNER, sendAs: [{ sendAsEmail: OWNER, displayName: 'Alex Me', isDefault: true, isPrimary: true }] });
  seedMailbox(emulator);
  store = new FileLedgerStore(mkdtempSync(join(tmpdir(), 'reconnect-apply-')));
  await scanGmail({ source: createTestSource(emulator), store, now: () => NOW, notice: () => undefined }, { pageSize: 100 });
  emulator.clearLog();
});

afterEach(async () => {
  // Whatever a test did, nothing ever asked Gmail to send.
  expect(emulator.log.filter((e) => /\/send\b/.test(e.url))).toEqual([]);
  await emulator.close();
});

function apply(options: Partial<ApplyGmailOptions> = {}, ledgerStore: LedgerStorePort = store, clock = NOW) {
  const gmail = createTestGmail(emulator);
  const call = createGmailCaller({ limiter: createUnlimitedQuota(), retry: FAST_RETRY });
  return applyGmail(
    { labeler: new GmailApiLabeler(gmail, call), drafter: new GmailApiDrafter(gmail, call), store: ledgerStore, templates, now: () => clock },
    { now: NOW, limit: 5, yes: false, ...options },
  );
}

function writes() {
  return emulator.log.filter((e) => WRITES.includes(e.api));
}

describe('apply --gmail', () => {
  it('dry run: prints the plan and changes nothing, in Gmail or on disk', async () => {
    const before = readFileSync(store.file);
    const result = await apply();
    expect(result.applied).toBe(false);
    expect(result.plan.add.length).toBeGreaterThan(5);
    expect(result.plan.drafts).toHaveLength(5);
    expect(writes()).toEqual([]);
    expect(readFileSync(store.file)).toEqual(before);
    expect(emulator.userLabels.size).toBe(0);
    expect(emulator.drafts.size).toBe(0);
    const text = formatGmailPlan(result);
    expect(text).toMatch(/Label "Reconnect\/Lapsed": \d+ to add, 0 to remove \(the label will be created\)/);
    expect(text).toMatch(/Drafts to write: 5 — saved in Drafts for you to review, never sent/);
    expect(text).toMatch(/reconnect  .+ <p\d+@example\.org>  "Re: Topic \d+\.\d+"  \(reply in thread [0-9a-f]+\)/);
    expect(text).toMatch(/Dry run: nothing was changed\. Run again with --yes/);
  });

  it('--yes labels lapsed threads and writes reply-in-thread drafts; a second run creates nothing', async () => {
    const first = await apply({ yes: true });
    expect(first.applied).toBe(true);
    const lapsedId = emulator.labelIdByName('Reconnect/Lapsed')!;
    const draftedId = emulator.labelIdByName('Reconnect/Drafted')!;
    expect(lapsedId).toBeDefined();
    expect(draftedId).toBeDefined();
    const labelled = emulator.messagesWithLabel(lapsedId);
    expect(labelled.map((m) => m.id).sort()).toEqual(first.plan.add.map((m) => m.id).sort());
    expect(emulator.drafts.size).toBe(5);

    const state = store.load()!;
    expect(state.labels).toEqual({ 'Reconnect/Lapsed': lapsedId, 'Reconnect/Drafted': draftedId });
    expect(state.drafts).toHaveLength(5);
    expect(state.pendingDrafts).toEqual([]);
    for (const record of state.drafts) {
      const draft = emulator.drafts.get(record.draftId)!;
      const message = emulator.messages.get(draft.messageId)!;
      const contact = state.ledger!.contacts[record.email]!;
      const latest = [contact.lastSentThread, contact.lastReceivedThread].filter((t) => t !== null).sort((a, b) => b!.date - a!.date)[0]!;
      // The same draft the Apps Script side makes: a reply in the person's latest thread.
      expect(message.threadId).toBe(latest.threadId);
      expect(record.threadId).toBe(latest.threadId);
      expect(message.raw).toMatch(new RegExp(`^In-Reply-To: ${latest.messageId}\r$`, 'm'));
      expect(message.raw).toMatch(/^From: "Alex Me" <me@example\.com>\r$/m);
      expect(message.raw).toMatch(new RegExp(`^To: .*<${record.email}>\r$`, 'm'));
      expect(message.raw).toMatch(/^Subject: Re: Topic /m);
      expect(message.labelIds).toEqual(['DRAFT']);
      // The Drafted label sits on the message replied to.
      expect(emulator.messages.get(latest.id)!.labelIds).toContain(draftedId);
    }

    emulator.clearLog();
    const second = await apply({ yes: true });
    expect(writes()).toEqual([]);
    expect(second.created).toEqual([]);
    expect(second.plan.add).toEqual([]);
    expect(second.plan.skipped.filter((s) => s.reason === 'open draft')).toHaveLength(5);
    expect(emulator.drafts.size).toBe(5);
    expect(formatGmailPlan(second)).toMatch(/Done: labelled 0 thread\(s\), unlabelled 0, wrote 0 draft\(s\)\. Nothing was sent\./);
  });

  it('moves the label off people who are no longer lapsed, and reconciles sent and deleted drafts', async () => {
    await apply({ yes: true });
    const state = store.load()!;
    const [sent, deleted] = state.drafts;
    emulator.userSendsDraft(sent!.draftId, NOW + DAY_MS);
    emulator.userDeletesDraft(deleted!.draftId);
    // Someone lapsed writes back: their thread is no longer a lapsed person's.
    const lapsedId = emulator.labelIdByName('Reconnect/Lapsed')!;
    const revived = emulator.messagesWithLabel(lapsedId)[0]!;
    const email = /<([^>]+)>/.exec(revived.headers.find((h) => h.name === (revived.labelIds.includes('SENT') ? 'To' : 'From'))!.value)![1]!;
    const ledger = state.ledger!;
    ledger.contacts[email]!.lastReceived = NOW;
    store.save(state);

    emulator.clearLog();
    const result = await apply({ yes: true }, store, NOW + 2 * DAY_MS);
    expect(result.plan.closed).toEqual({ sent: 1, deleted: 1 });
    expect(result.plan.remove.map((m) => m.threadId)).toEqual([revived.threadId]);
    expect(emulator.messages.get(revived.id)!.labelIds).not.toContain(lapsedId);
    // Neither person is drafted again within their cadence.
    expect(result.created.map((r) => r.email)).not.toContain(sent!.email);
    expect(result.created.map((r) => r.email)).not.toContain(deleted!.email);
    const records = store.load()!.drafts;
    expect(records.find((r) => r.draftId === sent!.draftId)).toMatchObject({ state: 'sent', sentAt: NOW + DAY_MS });
    expect(records.find((r) => r.draftId === deleted!.draftId)).toMatchObject({ state: 'deleted' });
  });

  it('refuses a label of the same name that Reconnect did not create, and changes nothing', async () => {
    emulator.createUserLabel('reconnect/lapsed');
    await expect(apply({ yes: true })).rejects.toThrow(
      new UserError('a Gmail label named "reconnect/lapsed" already exists and Reconnect did not create it; rename that label in Gmail, then run reconnect apply again'),
    );
    expect(writes()).toEqual([]);
  });

  it('a run that dies after drafts.create is not repeated: the next run finds the draft', async () => {
    let saves = 0;
    let died = false;
    const dying: LedgerStorePort = {
      file: store.file,
      load: () => store.load(),
      save: (state: GmailState) => {
        // The save that would record the first draft's id never happens.
        if (state.drafts.some((r) => r.state === 'open') && !died) {
          died = true;
          throw new Error('simulated crash');
        }
        saves += 1;
        store.save(state);
      },
    };
    await expect(apply({ yes: true }, dying)).rejects.toThrow('simulated crash');
    expect(saves).toBeGreaterThan(0);
    expect(emulator.drafts.size).toBe(1);
    const pending = store.load()!.drafts.filter((r) => r.state === 'pending');
    expect(pending).toHaveLength(1);
    expect(pending[0]!.marker).toMatch(/^[a-z0-9.]+$/);

    const result = await apply({ yes: true });
    expect(result.plan.recovered).toBe(1);
    expect(emulator.drafts.size).toBe(5);
    const recipients = [...emulator.drafts.values()].map((d) => /^To: .*<([^>]+)>/m.exec(emulator.messages.get(d.messageId)!.raw!)![1]);
    expect(new Set(recipients).size).toBe(5);
    expect(recipients).toContain(pending[0]!.email);
    expect(store.load()!.drafts.filter((r) => r.state !== 'open')).toEqual([]);
  });

  it('asks for a scan first when there is no ledger', async () => {
    const empty = new FileLedgerStore(mkdtempSync(join(tmpdir(), 'reconnect-empty-')));
    await expect(apply({}, empty)).rejects.toThrow('there is no Gmail ledger yet; run reconnect scan --gmail first');
  });
});

describe('never a send', () => {
  it('no source file of the Node CLI, nor the benchmark, can call a send', () => {
    const dir = join(ROOT, 'src/node');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(dir, f))
      .concat(join(ROOT, 'scripts/bench-gmail-api.mjs'))
      .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile() === true);
    expect(files.length).toBeGreaterThan(10);
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    const hits = findSendCalls(texts).flatMap((found, i) => found.map((h) => `${files[i]}:${h.line} ${h.rule}: ${h.excerpt}`));
    expect(hits).toEqual([]);
    // Reconnect never sends, spelled out: no `.send(` anywhere.
    expect(texts.filter((t) => /\.\s*send\s*\(/.test(t))).toEqual([]);
  });
});
