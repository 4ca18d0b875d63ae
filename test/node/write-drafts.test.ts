import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample } from '../../src/node/generate-sample';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'reconnect-drafts-'));
const sample = generateSample();
const mbox = join(dir, 'sample.mbox');
writeFileSync(mbox, sample.mbox);
const lapsed = sample.truth.contacts.filter((c) => c.expectedState === 'lapsed');

const run = (...args: string[]) => runCli(args, Date.parse(sample.truth.now));

describe('reconnect draft', () => {
  it('prints a reply-in-thread reconnect draft for one person', async () => {
    const person = lapsed[0]!;
    const { code, out } = await run('draft', '--mbox', mbox, '--to', person.email, '--name', 'Alex Rivera');
    expect(code).toBe(0);
    // Written to the spelling they use, which the truth records as the generator wrote it.
    expect(out).toMatch(new RegExp(`^To: .*<${person.shownAddress.replace(/\./g, '\\.')}>\nSubject: Re: .+\nIn-Reply-To: <.+>\n\nHi `));
    expect(out).toMatch(/that's on me/i);
    expect(out).toMatch(/\nAlex\n$/);
  });

  it('uses the template asked for, or a new message', async () => {
    const { out } = await run('draft', '--mbox', mbox, '--to', lapsed[0]!.email, '--template', 'interest', '--new-message');
    expect(out).not.toContain('In-Reply-To');
    expect(out).not.toMatch(/^Subject: Re:/m);
  });

  it.each([
    [['--to', 'nobody@nowhere.example'], /nobody@nowhere\.example is not among the people in this mailbox/],
    [['--to', 'not an address'], /--to "not an address" is not an email address/],
    [['--to', 'x@y.example', '--template', 'nope'], /there is no template "nope"|is not among/],
    ...['constructor', '__proto__', 'toString', 'hasOwnProperty'].map((name) =>
      [['--to', lapsed[0]!.email, '--template', name], new RegExp(`there is no template "${name}"; choose one of`)] as [string[], RegExp]),
  ])('refuses %p with one line', async (extra, pattern) => {
    const { code, err } = await run('draft', '--mbox', mbox, ...extra);
    expect(code).not.toBe(0);
    expect(err.trim().split('\n').pop()).toMatch(pattern);
  });
});

describe('reconnect scan --drafts', () => {
  it('writes one .eml draft per lapsed person, marked unsent', async () => {
    const out = join(dir, 'drafts');
    const { code, err } = await run('scan', '--mbox', mbox, '--drafts', out, '--format', 'json');
    expect(code).toBe(0);
    const files = readdirSync(out);
    expect(err).toContain(`wrote ${files.length} draft(s)`);
    expect(files.length).toBeGreaterThanOrEqual(lapsed.length);
    const eml = readFileSync(join(out, files[0]!), 'utf8');
    expect(eml.startsWith('X-Unsent: 1\r\nFrom: ')).toBe(true);
    expect(eml).toMatch(/\r\nIn-Reply-To: <.+>\r\n/);
  });
});

describe('reconnect scan --report', () => {
  it('writes report.html and contacts.csv beside the table', async () => {
    const out = join(dir, 'report');
    const { code, err } = await run('scan', '--mbox', mbox, '--report', out);
    expect(code).toBe(0);
    expect(err).toContain(`Report: ${join(out, 'report.html')}`);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<svg');
    expect(readFileSync(join(out, 'contacts.csv'), 'utf8').split('\r\n').length).toBeGreaterThan(100);
  });
});
