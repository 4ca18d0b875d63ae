/** `apply --gmail --yes` under lost answers and failed requests, over the real googleapis client. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DRAFT_MARKER_HEADER } from '../../src/core/plan-draft-run';
import { applyGmail, type ApplyGmailOptions } from '../../src/node/apply-gmail';
import { createGmailCaller } from '../../src/node/create-gmail-caller';
import { createUnlimitedQuota } from '../../src/node/create-quota-limiter';
import { FileLedgerStore } from '../../src/node/file-ledger-store';
import { GmailApiDrafter } from '../../src/node/gmail-api-drafter';
import { GmailApiLabeler } from '../../src/node/gmail-api-labeler';
import { loadBundledTemplates } from '../../src/node/load-bundled-templates';
import { scanGmail } from '../../src/node/scan-gmail';
import { parseWithPython } from '../support/parse-with-python';
import { GmailEmulator } from './gmail-emulator';
import { createTestGmail, createTestSource, FAST_RETRY, NOW, OWNER, seedMailbox } from './gmail-test-mailbox';

const templates = loadBundledTemplates();

async function setUp(people = 40, extra: (emulator: GmailEmulator) => void = () => undefined) {
  const emulator = await GmailEmulator.start({ emailAddress: OWNER, now: () => NOW, sendAs: [{ sendAsEmail: OWNER, displayName: 'Alex Me', isDefault: true, isPrimary: true }] });
  seedMailbox(emulator, { people });
  extra(emulator);
  const store = new FileLedgerStore(mkdtempSync(join(tmpdir(), 'reconnect-apply-faults-')));
  await scanGmail({ source: createTestSource(emulator), store, now: () => NOW, notice: () => undefined }, { pageSize: 100 });
  emulator.clearLog();
  return { emulator, store };
}

function apply(emulator: GmailEmulator, store: FileLedgerStore, options: Partial<ApplyGmailOptions> = {}) {
  const gmail = createTestGmail(emulator);
  const call = createGmailCaller({ limiter: createUnlimitedQuota(), retry: FAST_RETRY });
  return applyGmail(
    { labeler: new GmailApiLabeler(gmail, call), drafter: new GmailApiDrafter(gmail, call), store, templates, now: () => NOW },
    { now: NOW, limit: 5, yes: true, ...options },
  );
}

/** Reconnect's open drafts per recipient, as the user would count them in Drafts. */
function draftsByPerson(emulator: GmailEmulator): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of emulator.drafts.values()) {
    const m = emulator.messages.get(d.messageId)!;
    if (!m.headers.some((h) => h.name === DRAFT_MARKER_HEADER)) continue;
    const to = /<([^>]+)>/.exec(m.headers.find((h) => h.name === 'To')!.value)![1]!;
    out.set(to, (out.get(to) ?? 0) + 1);
  }
  return out;
}

function labelled(emulator: GmailEmulator, name: string): string[] {
  const id = emulator.labelIdByName(name);
  return id === undefined ? [] : emulator.messagesWithLabel(id).map((m) => m.id).sort();
}

function finalState(emulator: GmailEmulator, store: FileLedgerStore) {
  const state = store.load()!;
  return {
    people: [...draftsByPerson(emulator).keys()].sort(),
    lapsed: labelled(emulator, 'Reconnect/Lapsed'),
    drafted: labelled(emulator, 'Reconnect/Drafted'),
    open: state.drafts.filter((r) => r.state === 'open').map((r) => r.email).sort(),
    pending: state.drafts.filter((r) => r.state === 'pending').length,
    labels: Object.keys(state.labels).sort(),
  };
}

describe('a lost drafts.create answer', () => {
  it('is settled by the marker: one draft a person, the right count, no retry of the create', async () => {
    const { emulator, store } = await setUp();
    try {
      emulator.loseAnswerOn('users.drafts.create', 2);
      const result = await apply(emulator, store);
      expect(result.created).toHaveLength(5);
      expect(emulator.drafts.size).toBe(5);
      expect([...draftsByPerson(emulator).values()]).toEqual([1, 1, 1, 1, 1]);
      expect(emulator.calls('users.drafts.create')).toHaveLength(5);
      expect(store.load()!.drafts.filter((r) => r.state === 'open')).toHaveLength(5);
    } finally {
      await emulator.close();
    }
  });

  it('a 500 from drafts.create is not retried blindly either', async () => {
    const { emulator, store } = await setUp();
    try {
      // users.labels.list, users.messages.list... the failing request is the first drafts.create after the labels.
      const before = (await apply(emulator, store, { yes: false })).plan.drafts.length;
      emulator.clearLog();
      let k = 0;
      // Find the index of the first drafts.create in a dry copy of the run: fail exactly it.
      const probe = await setUp();
      await apply(probe.emulator, probe.store);
      k = probe.emulator.log.findIndex((e) => e.api === 'users.drafts.create') + 1;
      await probe.emulator.close();
      emulator.failRequest(k);
      await expect(apply(emulator, store)).rejects.toThrow();
      expect(emulator.calls('users.drafts.create')).toHaveLength(1);
      expect(emulator.drafts.size).toBe(0);
      const again = await apply(emulator, store);
      expect(again.created).toHaveLength(before);
      expect(emulator.drafts.size).toBe(before);
    } finally {
      await emulator.close();
    }
  });
});

describe('a lost labels.create answer', () => {
  it('does not lock apply out: the label under the pending name is known to be Reconnect\'s', async () => {
    const { emulator, store } = await setUp();
    try {
      emulator.loseAnswerOn('users.labels.create', 1);
      await apply(emulator, store);
      const lapsed = emulator.labelIdByName('Reconnect/Lapsed')!;
      expect(store.load()!.labels['Reconnect/Lapsed']).toBe(lapsed);
      const again = await apply(emulator, store, { now: NOW + 1000 });
      expect(again.applied).toBe(true);
    } finally {
      await emulator.close();
    }
  });

  it('nor does a run that dies after labels.create, before it saved the id', async () => {
    const { emulator, store } = await setUp();
    try {
      const dying = {
        file: store.file,
        load: () => store.load(),
        save: (state: Parameters<FileLedgerStore['save']>[0]) => {
          if (Object.values(state.labels).some((id) => id !== '')) throw new Error('simulated crash');
          store.save(state);
        },
      };
      await expect(
        applyGmail(
          {
            labeler: new GmailApiLabeler(createTestGmail(emulator), createGmailCaller({ limiter: createUnlimitedQuota(), retry: FAST_RETRY })),
            drafter: new GmailApiDrafter(createTestGmail(emulator), createGmailCaller({ limiter: createUnlimitedQuota(), retry: FAST_RETRY })),
            store: dying,
            templates,
            now: () => NOW,
          },
          { now: NOW, limit: 5, yes: true },
        ),
      ).rejects.toThrow('simulated crash');
      expect(emulator.labelIdByName('Reconnect/Lapsed')).toBeDefined();
      expect(store.load()!.labels['Reconnect/Lapsed']).toBe('');
      const result = await apply(emulator, store);
      expect(result.applied).toBe(true);
      expect(store.load()!.labels['Reconnect/Lapsed']).toBe(emulator.labelIdByName('Reconnect/Lapsed'));
    } finally {
      await emulator.close();
    }
  });

  it('a stored id that is not a user label of that name is not trusted', async () => {
    const { emulator, store } = await setUp();
    try {
      const state = store.load()!;
      state.labels = { 'Reconnect/Lapsed': 'INBOX' };
      store.save(state);
      await apply(emulator, store);
      expect(store.load()!.labels['Reconnect/Lapsed']).toMatch(/^Label_/);
      // Sent mail never gains INBOX: the tampered id was not used as the Lapsed label.
      expect([...emulator.messages.values()].filter((m) => m.labelIds.includes('INBOX') && m.labelIds.includes('SENT'))).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});

describe('the Drafted label from the CLI', () => {
  it('sits on the person\'s latest mail, never on a draft, new message or reply alike', async () => {
    // Zoe's only thread has no Message-ID, so hers is a new message, not a reply: its draft is alone in its thread.
    const zoe = (emulator: GmailEmulator) => {
      const date = NOW - 500 * 86_400_000;
      emulator.addMessage({ labelIds: ['SENT'], internalDate: date - 1000, headers: { From: `Me <${OWNER}>`, To: 'Zoe Old <zoe@example.org>', Subject: 'Long ago', Date: new Date(date - 1000).toUTCString() } });
    };
    const { emulator, store } = await setUp(40, zoe);
    try {
      const result = await apply(emulator, store, { limit: 40 });
      expect(result.plan.drafts.some((d) => d.planned.email === 'zoe@example.org' && d.draft.threadId === null)).toBe(true);
      const drafted = labelled(emulator, 'Reconnect/Drafted');
      expect(drafted).toHaveLength(result.created.length);
      expect(drafted.some((id) => emulator.messages.get(id)!.labelIds.includes('DRAFT'))).toBe(false);
    } finally {
      await emulator.close();
    }
  });
});

describe('the drafts apply writes', () => {
  it('read back whole in Python: no defects, folded lines, To and Subject as composed, the References chain', async () => {
    const { emulator, store } = await setUp();
    try {
      const result = await apply(emulator, store);
      const raws = result.created.map((r) => emulator.messages.get(emulator.drafts.get(r.draftId)!.messageId)!.raw!);
      const views = parseWithPython(raws);
      for (const [i, v] of views.entries()) {
        const step = result.plan.drafts[i]!;
        expect(v.defects).toEqual([]);
        expect(v.longestLine).toBeLessThanOrEqual(998);
        expect(v.headers['Subject']).toBe(step.draft.subject);
        expect(v.addresses['To']).toEqual([[step.draft.to.name, step.draft.to.email]]);
        expect(v.headers['References']).toBe(step.draft.references);
        expect(v.headers['X-Reconnect-Draft']).toBe(result.created[i]!.marker);
      }
    } finally {
      await emulator.close();
    }
  });
});

describe('a fault at every request of apply --gmail --yes', () => {
  jest.setTimeout(240_000);

  it.each([
    ['fails with a 500 (not carried out)', 'fail'],
    ['loses its answer (carried out)', 'lose'],
  ] as const)('each request that %s: one draft a person at most, and the fault-free final state', async (_name, mode) => {
    const clean = await setUp(16);
    await apply(clean.emulator, clean.store);
    const requests = clean.emulator.log.length;
    const expected = finalState(clean.emulator, clean.store);
    await clean.emulator.close();
    expect(requests).toBeGreaterThan(10);
    expect(expected.people.length).toBeGreaterThan(0);

    const problems: string[] = [];
    for (let k = 1; k <= requests; k += 1) {
      const { emulator, store } = await setUp(16);
      try {
        if (mode === 'fail') emulator.failRequest(k);
        else emulator.loseAnswerOn(null, k);
        // The user runs the command again after an error, as its message says.
        for (let attempt = 0; attempt < 3; attempt += 1) {
          try {
            await apply(emulator, store);
            break;
          } catch {
            // Run again.
          }
        }
        const doubled = [...draftsByPerson(emulator)].filter(([, n]) => n > 1);
        if (doubled.length > 0) problems.push(`request ${k}: two drafts for ${doubled.map(([p]) => p).join(', ')}`);
        const got = finalState(emulator, store);
        if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`request ${k}: ${JSON.stringify(got)}`);
        expect(emulator.log.filter((e) => /\/send\b/.test(e.url))).toEqual([]);
      } finally {
        await emulator.close();
      }
    }
    expect(problems).toEqual([]);
  });
});
