/** Hostile and broken headers, end to end through the mbox reader, the fold and the CLI. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'reconnect-hostile-'));
const NOW = Date.UTC(2025, 5, 1);

/** An mbox from header blocks given as byte buffers or text; each message gets a dated "From " line. */
function mbox(name: string, messages: Array<string | Buffer>): string {
  const path = join(dir, name);
  const parts: Buffer[] = [];
  messages.forEach((m, i) => {
    parts.push(Buffer.from(`From ${i + 1}@xxx Mon Jan 06 10:00:00 +0000 2025\n`));
    parts.push(typeof m === 'string' ? Buffer.from(m.trim()) : m);
    parts.push(Buffer.from('\n\nbody\n\n'));
  });
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

const run = (...args: string[]) => runCli(args, NOW);
const json = async (path: string) => {
  const { code, out, err } = await run('scan', '--mbox', path, '--me', 'me@example.com', '--format', 'json');
  expect(code).toBe(0);
  return { contacts: JSON.parse(out).contacts as Array<{ email: string; name: string; lastReceived: string | null; lastSent: string | null; lastSubject: string }>, err };
};

describe('a display name that decodes to another address', () => {
  const path = mbox('spoof.mbox', [
    'Date: Mon, 6 Jan 2025 10:00:00 +0000\nFrom: Boss <boss@corp.example>\nTo: me@example.com\nSubject: Budget\nMessage-ID: <real@corp.example>\nX-GM-THRID: 1\nX-Gmail-Labels: Inbox',
    'Date: Mon, 6 Jan 2025 11:00:00 +0000\nFrom: Me <me@example.com>\nTo: Boss <boss@corp.example>\nSubject: Re: Budget\nMessage-ID: <reply@example.com>\nX-GM-THRID: 1\nX-Gmail-Labels: Sent',
    // Later, from the attacker, with a From whose name decodes to the boss's name and address.
    'Date: Mon, 3 Mar 2025 10:00:00 +0000\nFrom: =?utf-8?B?Qm9zcyA8Ym9zc0Bjb3JwLmV4YW1wbGU+?= <attacker@evil.example>\nTo: me@example.com\nSubject: Urgent wire\nMessage-ID: <fake@evil.example>\nX-GM-THRID: 2\nX-Gmail-Labels: Inbox',
    // Sent mail too: the recipient's name decodes to the boss, the mail went to the attacker.
    'Date: Tue, 4 Mar 2025 10:00:00 +0000\nFrom: Me <me@example.com>\nTo: =?utf-8?Q?Boss_<boss@corp.example>?= <attacker@evil.example>\nSubject: Re: Urgent wire\nX-GM-THRID: 2\nX-Gmail-Labels: Sent',
  ]);

  it('counts the mail for the real sender and keeps the boss\'s latest thread', async () => {
    const { contacts } = await json(path);
    const boss = contacts.find((c) => c.email === 'boss@corp.example')!;
    expect(boss.lastReceived).toBe('2025-01-06T10:00:00Z');
    expect(boss.lastSent).toBe('2025-01-06T11:00:00Z');
    expect(boss.lastSubject).toBe('Re: Budget');
    const attacker = contacts.find((c) => c.email === 'attacker@evil.example')!;
    expect(attacker.name).toBe('Boss <boss@corp.example>');
    expect(attacker.lastSent).toBe('2025-03-04T10:00:00Z');
  });

  it('replies to the boss in the boss\'s own thread', async () => {
    const { code, out } = await run('draft', '--mbox', path, '--me', 'me@example.com', '--to', 'boss@corp.example');
    expect(code).toBe(0);
    expect(out).toContain('In-Reply-To: <reply@example.com>');
    expect(out).toContain('Subject: Re: Budget');
    expect(out).not.toContain('fake@evil.example');
  });
});

describe('names and addresses as people write them', () => {
  const latin1 = Buffer.concat([
    Buffer.from('Date: Mon, 6 Jan 2025 10:00:00 +0000\nFrom: =?iso-8859-1?Q?J'),
    Buffer.from([0xfc]),
    Buffer.from('rgen?= <juergen@example.de>\nTo: me@example.com\nX-Gmail-Labels: Inbox'),
  ]);
  const stray = Buffer.concat([
    Buffer.from('Date: Mon, 6 Jan 2025 10:00:00 +0000\nFrom: Zoë Müller'),
    Buffer.from([0xff]),
    Buffer.from(' <zoe@example.org>\nTo: me@example.com\nX-Gmail-Labels: Inbox'),
  ]);
  const path = mbox('names.mbox', [
    latin1,
    stray,
    'Date: Mon, 6 Jan 2025 10:00:00 +0000\nFrom: =?utf-8?Q?The=20Heretic=20=28Pascal=20Finette=29?= <pascal@example.org>\nTo: me@example.com\nX-Gmail-Labels: Inbox',
    'Date: Mon, 6 Jan 2025 10:00:00 +0000\nFrom: =?UTF-7?Q?Ren+AOk-?= <rene@example.fr>\nTo: me@example.com\nX-Gmail-Labels: Inbox',
    'Date: Mon, 6 Jan 2025 10:00:00 +0000\nFrom: J\u00f6 <jd\u00f6e@m\u00e4chine.example>\nTo: me@example.com\nX-Gmail-Labels: Inbox',
    // The same person in NFD: one contact.
    'Date: Tue, 7 Jan 2025 10:00:00 +0000\nFrom: J\u00f6 <jdo\u0308e@ma\u0308chine.example>\nTo: me@example.com\nX-Gmail-Labels: Inbox',
    // Repeated To and Cc: every recipient counts.
    'Date: Wed, 8 Jan 2025 10:00:00 +0000\nFrom: me@example.com\nTo: ann@example.org\nTo: bob@example.org\nCc: cat@example.org\nCc: dan@example.org\nX-Gmail-Labels: Sent',
  ]);

  it('reads every name right and keeps the international address as one contact', async () => {
    const { contacts } = await json(path);
    const name = (email: string) => contacts.find((c) => c.email === email)?.name;
    expect(name('juergen@example.de')).toBe('Jürgen');
    expect(name('zoe@example.org')).toBe('Zoë Müller\ufffd');
    expect(name('pascal@example.org')).toBe('The Heretic (Pascal Finette)');
    expect(name('rene@example.fr')).toBe('René');
    expect(contacts.filter((c) => c.email === 'jd\u00f6e@m\u00e4chine.example')).toHaveLength(1);
    expect(contacts.find((c) => c.email === 'jd\u00f6e@m\u00e4chine.example')?.lastReceived).toBe('2025-01-07T10:00:00Z');
  });

  it('joins repeated To and Cc fields', async () => {
    const { contacts } = await json(path);
    // Sent to four people at once: each is a contact.
    for (const email of ['ann@example.org', 'bob@example.org', 'cat@example.org', 'dan@example.org']) {
      expect(contacts.map((c) => c.email)).toContain(email);
    }
  });
});

describe('dates a sloppy mailer wrote', () => {
  it('counts a Date like "a+b", "EST+5" or "CET+1" as unusable and goes on', async () => {
    const path = mbox('dates.mbox', [
      'Date: Mon, 6 Jan 2025 10:00:00 EST+5\nFrom: ann@example.org\nTo: me@example.com\nX-Gmail-Labels: Inbox',
      'Date: a+b\nFrom: bob@example.org\nTo: me@example.com\nX-Gmail-Labels: Inbox',
      'Date: 6 Jan 2025 10:00 CET+1\nFrom: cat@example.org\nTo: me@example.com\nX-Gmail-Labels: Inbox',
      'Date: Mon, 6 Jan 2025 10:00:00 -600\nFrom: dan@example.org\nTo: me@example.com\nX-Gmail-Labels: Inbox',
    ]);
    const { contacts, err } = await json(path);
    expect(err).toContain('warning: 3 message(s) had no usable Date header');
    expect(contacts.find((c) => c.email === 'dan@example.org')?.lastReceived).toBe('2025-01-06T16:00:00Z');
    expect(contacts).toHaveLength(4);
  });
});
