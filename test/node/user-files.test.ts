/** The user's files: never overwritten by an output, never torn by a failed write, never hung on. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTextIfPresent, readWholeFile, writeFileAtomic } from '../../src/node/write-file-atomic';
import { runCli } from './run-cli';

const NOW = Date.UTC(2025, 5, 1);
const run = (...args: string[]) => runCli(args, NOW);

const MBOX_TEXT = [
  'From 1@xxx Mon Jan 06 10:00:00 +0000 2025',
  'Date: Mon, 6 Jan 2025 10:00:00 +0000',
  'From: Ann <ann@example.org>',
  'To: me@example.com',
  'Subject: Hi',
  'X-Gmail-Labels: Inbox',
  '',
  'body',
  '',
  'From 2@xxx Mon Jan 06 10:00:00 +0000 2025',
  'Date: Tue, 7 Jan 2025 10:00:00 +0000',
  'From: me@example.com',
  'To: Ann <ann@example.org>',
  'Subject: Re: Hi',
  'X-Gmail-Labels: Sent',
  '',
  'body',
  '',
].join('\n');

function tempDir(): string {
  return fs.mkdtempSync(join(tmpdir(), 'reconnect-files-'));
}

function mboxIn(dir: string, name = 'mail.mbox'): string {
  const file = join(dir, name);
  fs.writeFileSync(file, MBOX_TEXT);
  return file;
}

function expectOneLine(err: string, pattern: RegExp): void {
  const lines = err.trim().split('\n').filter((l) => !l.includes('inferred from Sent mail'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

afterEach(() => jest.restoreAllMocks());

describe('an output path that is an input', () => {
  it.each(['same path', 'symbolic link', 'hard link', 'relative path'])('--out as the mbox (%s) is refused and the mbox is untouched', async (how) => {
    const dir = tempDir();
    const mbox = mboxIn(dir);
    let out = mbox;
    if (how === 'symbolic link') fs.symlinkSync(mbox, (out = join(dir, 'link.txt')));
    if (how === 'hard link') fs.linkSync(mbox, (out = join(dir, 'hard.txt')));
    if (how === 'relative path') out = join(dir, '.', '..', dir.split('/').pop()!, 'mail.mbox');
    const { code, err } = await run('scan', '--mbox', mbox, '--me', 'me@example.com', '--out', out);
    expect(code).toBe(2);
    expectOneLine(err, /^reconnect: --out .* is .*mail\.mbox, which Reconnect reads: it would be overwritten; choose another output path$/);
    expect(fs.readFileSync(mbox, 'utf8')).toBe(MBOX_TEXT);
  });

  it('a --report folder whose contacts.csv is the mbox is refused', async () => {
    const dir = tempDir();
    const mbox = mboxIn(dir, 'contacts.csv');
    for (const args of [['scan', '--mbox', mbox, '--report', dir], ['report', '--mbox', mbox, '--out', dir]]) {
      const { code, err } = await run(...args, '--me', 'me@example.com');
      expect(code).toBe(2);
      expectOneLine(err, /contacts\.csv is .*, which Reconnect reads/);
      expect(fs.readFileSync(mbox, 'utf8')).toBe(MBOX_TEXT);
    }
  });

  it('a --drafts folder never replaces the mbox', async () => {
    const dir = tempDir();
    const drafts = join(dir, 'drafts');
    fs.mkdirSync(drafts);
    const mbox = mboxIn(drafts, '001-ann@example.org.eml');
    const { code, err } = await run('scan', '--mbox', mbox, '--me', 'me@example.com', '--now', '2026-06-01T00:00:00Z', '--drafts', drafts, '--format', 'json');
    expect(code).toBe(2);
    expect(err).toMatch(/the draft .*001-ann@example\.org\.eml is .*, which Reconnect reads/);
    expect(fs.readFileSync(mbox, 'utf8')).toBe(MBOX_TEXT);
  });
});

describe('files that are not regular files', () => {
  const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;
  const fifo = () => {
    const file = join(tempDir(), 'pipe');
    spawnSync('mkfifo', [file]);
    return file;
  };

  (hasMkfifo ? it : it.skip)('a FIFO as --mbox is refused in one line, without hanging', async () => {
    const { code, err } = await run('scan', '--mbox', fifo(), '--me', 'me@example.com');
    expect(code).toBe(1);
    expectOneLine(err, /^reconnect: .*pipe is a pipe \(such as \/dev\/stdin or <\(\.\.\.\)\), not a regular file; save the mbox to a file first/);
  });

  it('/dev/zero as --mbox is refused', async () => {
    const { code, err } = await run('scan', '--mbox', '/dev/zero', '--me', 'me@example.com');
    expect(code).toBe(1);
    expectOneLine(err, /^reconnect: \/dev\/zero is a device, not a regular file/);
  });

  it.each(['/dev/zero', 'fifo'])('auth --client %s is refused in one line, not read forever', async (which) => {
    if (which === 'fifo' && !hasMkfifo) return;
    const file = which === 'fifo' ? fifo() : which;
    const { code, err } = await run('auth', '--client', file);
    expect(code).toBe(2);
    expectOneLine(err, /^reconnect: --client .*: cannot read it \(it is a (device|pipe).*, not a regular file\)/);
  });

  it('caps every file read whole', () => {
    const dir = tempDir();
    const file = join(dir, 'big.json');
    fs.writeFileSync(file, 'x'.repeat(5000));
    expect(readWholeFile(file, 4096)).toMatchObject({ ok: false, code: 'EFBIG' });
    expect(readWholeFile(file, 5000)).toEqual({ ok: true, text: 'x'.repeat(5000) });
    expect(() => readTextIfPresent(file, 'move it aside', 4096)).toThrow(/^cannot read .*big\.json: it is 5 KiB, more than the 4 KiB such a file can be; move it aside$/);
    expect(readTextIfPresent(join(dir, 'absent.json'), 'x')).toBeNull();
  });
});

describe('a full disk', () => {
  function failWrites(code: string, match: (fd: unknown) => boolean = () => true): void {
    const write = fs.writeFileSync;
    jest.spyOn(fs, 'writeFileSync').mockImplementation((file, data, options) => {
      if (match(file)) throw Object.assign(new Error(`${code}: no space left on device, write`), { code, syscall: 'write' });
      return write(file, data, options);
    });
  }

  it('a failed --out write leaves the previous file whole and names it', async () => {
    const dir = tempDir();
    const mbox = mboxIn(dir);
    const out = join(dir, 'out.csv');
    fs.writeFileSync(out, 'previous\n');
    failWrites('ENOSPC');
    const { code, err } = await run('scan', '--mbox', mbox, '--me', 'me@example.com', '--out', out, '--format', 'csv');
    expect(code).toBe(1);
    expectOneLine(err, /^reconnect: cannot write --out .*out\.csv: the disk is full \(ENOSPC\); the previous copy, if any, is unchanged$/);
    jest.restoreAllMocks();
    expect(fs.readFileSync(out, 'utf8')).toBe('previous\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['mail.mbox', 'out.csv']);
  });

  it('a failed report write leaves the previous report whole', async () => {
    const dir = tempDir();
    const mbox = mboxIn(dir);
    const report = join(dir, 'report');
    fs.mkdirSync(report);
    fs.writeFileSync(join(report, 'report.html'), 'old html');
    failWrites('ENOSPC');
    const { code, err } = await run('report', '--mbox', mbox, '--me', 'me@example.com', '--out', report);
    expect(code).toBe(1);
    expectOneLine(err, /^reconnect: cannot write the report .*report\.html: the disk is full \(ENOSPC\)/);
    jest.restoreAllMocks();
    expect(fs.readdirSync(report)).toEqual(['report.html']);
    expect(fs.readFileSync(join(report, 'report.html'), 'utf8')).toBe('old html');
  });

  it('a failed --drafts write leaves no empty or torn .eml and names the file', async () => {
    const dir = tempDir();
    const mbox = mboxIn(dir);
    const drafts = join(dir, 'drafts');
    failWrites('ENOSPC');
    const { code, err } = await run('scan', '--mbox', mbox, '--me', 'me@example.com', '--now', '2026-06-01T00:00:00Z', '--drafts', drafts, '--format', 'json');
    expect(code).toBe(1);
    expect(err.trim().split('\n').pop()).toMatch(/^reconnect: cannot write the draft .*001-ann@example\.org\.eml: the disk is full \(ENOSPC\)/);
    jest.restoreAllMocks();
    expect(fs.readdirSync(drafts)).toEqual([]);
  });
});

describe('leftover temporary files', () => {
  it('removes its own stale temp files (a killed run\'s) on the next write, and keeps a live run\'s', () => {
    const dir = tempDir();
    const file = join(dir, 'gmail-ledger.json');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = [`.gmail-ledger.json.${dead}.0123abcd.tmp`, `gmail-ledger.json.bak.${dead}.tmp`];
    const live = `.gmail-ledger.json.${process.ppid}.89abcdef.tmp`;
    const foreign = ['.gmail-ledger.json.swp', 'notes.tmp', `.other.json.${dead}.0123abcd.tmp`];
    for (const name of [...stale, live, ...foreign]) fs.writeFileSync(join(dir, name), 'x');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two', { backupFile: `${file}.bak` });
    expect(fs.readdirSync(dir).sort()).toEqual([...foreign, live, 'gmail-ledger.json', 'gmail-ledger.json.bak'].sort());
  });
});

describe('file names that are not UTF-8', () => {
  it('says exactly what is wrong instead of "does not exist"', async () => {
    const dir = tempDir();
    const raw = Buffer.concat([Buffer.from(`${dir}/mail-`), Buffer.from([0xff]), Buffer.from('.mbox')]);
    fs.writeFileSync(raw, MBOX_TEXT);
    // What Node hands the CLI for that argument: the invalid byte is U+FFFD.
    const asArgv = raw.toString('utf8');
    const { code, err } = await run('scan', '--mbox', asArgv, '--me', 'me@example.com');
    expect(code).toBe(1);
    expectOneLine(err, /mail-\uFFFD\.mbox cannot be opened: its name is not valid UTF-8.*rename the file to a UTF-8 name or pass a symbolic link/);
    const auth = await run('auth', '--client', asArgv);
    expectOneLine(auth.err, /its name is not valid UTF-8/);
  });
});
