/** The Gmail ledger on disk: atomic replacement, a kept backup, damaged files left alone, and the run lock. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMessage } from '../../src/core/fold-messages';
import { createFoldOptions } from '../../src/core/settings';
import { LEDGER_VERSION } from '../../src/core/ledger';
import { acquirePidLock } from '../../src/node/acquire-pid-lock';
import { FileLedgerStore } from '../../src/node/file-ledger-store';
import { FileTokenStore } from '../../src/node/file-token-store';
import { createGmailState, type GmailState } from '../../src/node/gmail-state';
import { createLedger } from '../../src/core/fold-messages';

function tempDir(): string {
  return fs.mkdtempSync(join(tmpdir(), 'reconnect-store-'));
}

function stateWith(subject: string): GmailState {
  const state = createGmailState('me@example.com');
  state.owner = ['me@example.com'];
  state.ledger = createLedger();
  addMessage(state.ledger, { id: subject, threadId: 't', date: Date.UTC(2025, 0, 1), from: 'Ann <ann@example.org>', to: 'me@example.com', cc: '', bcc: '', subject, labels: ['INBOX', 'CATEGORY_PERSONAL'] }, createFoldOptions(['me@example.com']));
  return state;
}

/** A good state's JSON, damaged by `edit` (which sees it untyped, as a hand edit or a bad disk would). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function damage(edit: (state: any) => void): string {
  const json = JSON.parse(JSON.stringify(stateWith('good')));
  edit(json);
  return JSON.stringify(json);
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('FileLedgerStore', () => {
  it('round-trips the state, readable by the user alone, and keeps the previous copy as .bak', () => {
    const store = new FileLedgerStore(join(tempDir(), 'nested', 'reconnect'));
    expect(store.load()).toBeNull();
    store.save(stateWith('first'));
    expect(fs.existsSync(store.backupFile)).toBe(false);
    store.save(stateWith('second'));
    expect(store.load()).toEqual(stateWith('second'));
    expect(JSON.parse(fs.readFileSync(store.backupFile, 'utf8'))).toEqual(stateWith('first'));
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(store.dir).mode & 0o777).toBe(0o700);
    // No temporary files left behind.
    expect(fs.readdirSync(store.dir).sort()).toEqual(['gmail-ledger.json', 'gmail-ledger.json.bak']);
  });

  it('a crash between writing the temporary file and renaming it leaves the old ledger', () => {
    const store = new FileLedgerStore(tempDir());
    store.save(stateWith('old'));
    const before = fs.readFileSync(store.file);
    const rename = fs.renameSync;
    jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (to === store.file) throw new Error('simulated crash before rename');
      rename(from, to);
    });
    expect(() => store.save(stateWith('new'))).toThrow('simulated crash before rename');
    jest.restoreAllMocks();
    expect(fs.readFileSync(store.file)).toEqual(before);
    expect(store.load()).toEqual(stateWith('old'));
  });

  it('the temporary file is fully written and synced before it replaces the ledger', () => {
    const store = new FileLedgerStore(tempDir());
    const order: string[] = [];
    const fsync = fs.fsyncSync;
    const rename = fs.renameSync;
    jest.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      order.push('fsync');
      fsync(fd);
    });
    jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      order.push(to === store.file ? 'rename' : 'backup');
      rename(from, to);
    });
    store.save(stateWith('x'));
    // fsync of the file, the rename, then fsync of the directory.
    expect(order).toEqual(['fsync', 'rename', 'fsync']);
  });

  it.each([
    ['not JSON', '{"format": "reconnect-gmail-ledger", "vers', /it is not valid JSON/],
    ['someone else\'s JSON', '{"hello": 1}', /it is not a Reconnect Gmail ledger/],
    ['a ledger of an unknown version', JSON.stringify({ ...stateWith('x'), ledger: { version: 'two', contacts: {} } }), /ledger\.version is a string \("two"\), not a number/],
    // Valid JSON, damaged inside: the whole shape is checked on load.
    ['a contact set to null', damage((s) => { s.ledger.contacts['ann@example.org'] = null; }), /ledger\.contacts\["ann@example\.org"\] is null, not an object/],
    ['contacts as a string', damage((s) => { s.ledger.contacts = 'oops'; }), /ledger\.contacts is a string \("oops"\), not a record/],
    ['a date as a string', damage((s) => { s.ledger.contacts['ann@example.org'].lastReceived = '2025-01-01'; }), /lastReceived is a string \("2025-01-01"\), not a number/],
    ['a thread reference without its subject', damage((s) => { delete s.ledger.contacts['ann@example.org'].lastReceivedThread.subject; }), /lastReceivedThread\.subject is missing, not a string/],
    ['labels set to null', damage((s) => { s.labels = null; }), /labels is null, not a record/],
    ['a draft record that is a number', damage((s) => { s.drafts = [7]; }), /drafts\[0\] is the number 7, not an object/],
    ['owner as a string', damage((s) => { s.owner = 'me@example.com'; }), /owner is a string/],
    ['a full scan whose ledger is damaged', damage((s) => { s.scan = { kind: 'full', reason: 'first', startedAt: 0, startHistoryId: '1', floor: 0, phase: 'sent', pageToken: null, doneIds: [], pageRecent: false, previousPageIds: [], ledger: { version: 2, contacts: [], coverage: null }, handled: 0, estimate: 0, tailIds: [] }; }), /scan\.ledger\.contacts is a list, not a record/],
  ])('a damaged file (%s) gives one line and is never overwritten', (_what, text, reason) => {
    const store = new FileLedgerStore(tempDir());
    store.save(stateWith('older'));
    store.save(stateWith('good'));
    fs.writeFileSync(store.file, text);
    let message = '';
    try {
      store.load();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(reason);
    expect(message).toMatch(/Reconnect left it untouched — restore the previous copy .*gmail-ledger\.json\.bak$/);
    expect(message.split('\n')).toHaveLength(1);
    expect(fs.readFileSync(store.file, 'utf8')).toBe(text);
    // The backup is the last good copy, untouched.
    expect(JSON.parse(fs.readFileSync(store.backupFile, 'utf8'))).toEqual(stateWith('older'));
  });

  it('keeps fields it does not know (written by a newer feature) through a load', () => {
    const store = new FileLedgerStore(tempDir());
    const state = stateWith('x') as GmailState & { extra?: unknown };
    const json = JSON.parse(JSON.stringify(state));
    json.extra = { kept: true };
    json.ledger.contacts['ann@example.org'].spellings = ['Ann'];
    json.drafts = [{ email: 'ann@example.org', kind: 'reconnect', template: 'reconnect', draftId: 'd', threadId: 't', createdAt: 1, state: 'pending', sentAt: null, marker: 'm' }];
    fs.mkdirSync(store.dir, { recursive: true });
    fs.writeFileSync(store.file, JSON.stringify(json));
    const loaded = store.load() as unknown as typeof json;
    expect(loaded.extra).toEqual({ kept: true });
    expect(loaded.ledger.contacts['ann@example.org'].spellings).toEqual(['Ann']);
    expect(loaded.drafts[0].marker).toBe('m');
  });

  it('a ledger from a newer Reconnect asks for an update', () => {
    const store = new FileLedgerStore(tempDir());
    fs.mkdirSync(store.dir, { recursive: true });
    fs.writeFileSync(store.file, JSON.stringify({ ...stateWith('x'), version: 99 }));
    expect(() => store.load()).toThrow(/written by a newer Reconnect \(format 99\); update Reconnect/);
  });

  it('reads a version 1 ledger inside the state through migrateLedger', () => {
    const store = new FileLedgerStore(tempDir());
    const state = stateWith('v1');
    const v1 = JSON.parse(JSON.stringify(state)) as { ledger: { version: number; contacts: Record<string, { lastReceivedThread: { id?: string } }> } };
    v1.ledger.version = 1;
    delete v1.ledger.contacts['ann@example.org']!.lastReceivedThread.id;
    fs.mkdirSync(store.dir, { recursive: true });
    fs.writeFileSync(store.file, JSON.stringify(v1));
    const loaded = store.load()!;
    expect(loaded.ledger!.version).toBe(LEDGER_VERSION);
    expect(loaded.ledger!.contacts['ann@example.org']!.lastReceivedThread!.id).toBe('');
  });
});

describe('FileTokenStore', () => {
  it('keeps the token with mode 0600 whatever the umask', () => {
    const tokens = new FileTokenStore(join(tempDir(), 'config'));
    const old = process.umask(0o000);
    try {
      tokens.save({ version: 1, account: 'me@example.com', scope: 's', client: { clientId: 'c', authUri: 'https://a', tokenUri: 'https://t' }, refreshToken: 'r', accessToken: null, expiryDate: null });
    } finally {
      process.umask(old);
    }
    expect(fs.statSync(tokens.file).mode & 0o777).toBe(0o600);
    expect(tokens.load()!.refreshToken).toBe('r');
    expect(tokens.remove()).toBe(true);
    expect(tokens.remove()).toBe(false);
  });
});

describe('acquirePidLock', () => {
  it('creates the lock with O_EXCL and this pid; a second run is refused until it is released', () => {
    const file = join(tempDir(), 'x.lock');
    const notices: string[] = [];
    const lock = acquirePidLock(file, (l) => notices.push(l));
    expect(fs.readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    expect(() => acquirePidLock(file, (l) => notices.push(l))).toThrow(
      `another reconnect run (process ${process.pid}) is using this ledger; wait for it to finish, or delete ${file} if no reconnect is running`,
    );
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
    acquirePidLock(file, (l) => notices.push(l)).release();
    expect(notices).toEqual([]);
  });

  it('a lock held by another live process is respected', async () => {
    const file = join(tempDir(), 'x.lock');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(file, `${child.pid}\n`);
      expect(() => acquirePidLock(file, () => undefined)).toThrow(`process ${child.pid}`);
      expect(fs.readFileSync(file, 'utf8')).toBe(`${child.pid}\n`);
    } finally {
      child.kill();
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('a stale lock whose process is gone is taken over, with a notice', () => {
    const file = join(tempDir(), 'x.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(file, `${dead.stdout}\n`);
    const notices: string[] = [];
    const lock = acquirePidLock(file, (l) => notices.push(l));
    expect(fs.readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    expect(notices).toEqual([`reconnect: took over the lock ${file}: process ${dead.stdout} that made it is no longer running`]);
    lock.release();
  });

  it('an old empty lock file is stale; a fresh one is still being written', () => {
    const file = join(tempDir(), 'x.lock');
    fs.writeFileSync(file, '');
    expect(() => acquirePidLock(file, () => undefined)).toThrow(/another reconnect run is using this ledger/);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    const notices: string[] = [];
    acquirePidLock(file, (l) => notices.push(l)).release();
    expect(notices[0]).toMatch(/it named no process/);
  });
});
