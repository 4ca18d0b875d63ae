import { assessContact } from '../../src/core/assess-contact';
import { buildMimeMessage, composeDraft, replySubject, utf8Base64 } from '../../src/core/compose-draft';
import { foldMessages } from '../../src/core/fold-messages';
import { parseTemplate } from '../../src/core/parse-template';
import { DEFAULT_POLICY } from '../../src/core/settings';
import { DAY, options, received, sent, T0 } from './message-builder';

const template = parseTemplate('reconnect', 'subject: Catching up\n---\n{{greeting}}\n\nIt has been a while since {{lastSubject}}.\n');
const NOW = T0 + 400 * DAY;

function setup(name = 'Ann Smith <ann@example.org>', subject = 'Plans for Q3', messageId = '<m1@example.org>') {
  const ledger = foldMessages(
    [sent('ann@example.org', T0, { subject: 'Intro', threadId: 't0', messageId: '<m0@example.org>' }), received(name, T0 + DAY, { subject, threadId: 't1', id: 'g1', messageId })],
    options(),
  );
  const contact = ledger.contacts['ann@example.org']!;
  return { contact, assessment: assessContact(contact, NOW, DEFAULT_POLICY) };
}

const decodeBody = (mime: string) => {
  const b64 = mime.split('\r\n\r\n')[1]!.replace(/\r\n/g, '');
  return Buffer.from(b64, 'base64').toString('utf8');
};

describe('composeDraft', () => {
  it('replies in the latest thread with its subject and threading headers', () => {
    const plan = composeDraft({ ...setup(), owner: { name: 'Me', email: 'me@example.com' }, template, now: NOW, replyInThread: true });
    expect(plan).toMatchObject({ threadId: 't1', subject: 'Re: Plans for Q3', inReplyTo: '<m1@example.org>', references: '<m1@example.org>', to: { email: 'ann@example.org', name: 'Ann Smith' } });
    expect(plan.text).toBe('Hi Ann,\n\nIt has been a while since Plans for Q3.');
  });

  it('falls back to a new message when asked, or when the thread has no usable Message-ID', () => {
    const asked = composeDraft({ ...setup(), owner: { name: 'Me', email: 'me@example.com' }, template, now: NOW, replyInThread: false });
    expect(asked).toMatchObject({ threadId: null, subject: 'Catching up', inReplyTo: '' });
    const noId = composeDraft({ ...setup(undefined, undefined, ''), owner: { name: 'Me', email: 'me@example.com' }, template, now: NOW, replyInThread: true });
    expect(noId.threadId).toBeNull();
  });

  it('keeps one Re: and no line breaks in a reply subject', () => {
    expect(replySubject('RE: Plans')).toBe('RE: Plans');
    expect(replySubject('Plans\r\nBcc: victim@example.org')).toBe('Re: Plans Bcc: victim@example.org');
  });
});

describe('buildMimeMessage', () => {
  it('writes UTF-8 base64 bodies and RFC 2047 headers, with no header injection', () => {
    const plan = composeDraft({ ...setup('"Zoë\\r\\nBcc: x@evil.example" <ann@example.org>', 'Ünïcödé\r\nBcc: evil@example.org'), owner: { name: 'Ålex', email: 'me@example.com' }, template, now: NOW, replyInThread: true });
    const mime = buildMimeMessage(plan, { name: 'Ålex', email: 'me@example.com' }, 'seed');
    const headerLines = mime.split('\r\n\r\n')[0]!.split('\r\n');
    expect(headerLines.filter((l) => /^bcc:/i.test(l))).toEqual([]);
    expect(headerLines.find((l) => l.startsWith('From: '))).toBe(`From: =?UTF-8?B?${utf8Base64('Ålex')}?= <me@example.com>`);
    expect(headerLines.find((l) => l.startsWith('Subject: '))).toMatch(/^Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=( =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=)*$/);
    expect(headerLines).toContain('In-Reply-To: <m1@example.org>');
    expect(decodeBody(mime)).toBe(plan.text);
    expect(mime.split('\r\n').every((l) => l.length <= 998)).toBe(true);
  });

  it('matches Node for UTF-8 base64', () => {
    for (const s of ['', 'a', 'ab', 'abc', 'Zoë', '王小明', '🙂 emoji', 'x'.repeat(1000)]) {
      expect(utf8Base64(s)).toBe(Buffer.from(s, 'utf8').toString('base64'));
    }
  });

  it('adds an HTML alternative when the template has one', () => {
    const html = parseTemplate('x', 'subject: S\n---\n{{greeting}}\n', { html: '<p>{{greeting}}</p>' });
    const plan = composeDraft({ ...setup('<script>alert(1)</script> <ann@example.org>'), owner: { name: 'Me', email: 'me@example.com' }, template: html, now: NOW, replyInThread: false });
    const mime = buildMimeMessage(plan, { name: 'Me', email: 'me@example.com' }, 'b1');
    expect(mime).toContain('Content-Type: multipart/alternative; boundary="reconnect-b1"');
    expect(plan.html).not.toContain('<script>');
  });
});
