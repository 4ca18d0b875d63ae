/**
 * Property-based fuzzing of the header layer: the header-block parser, the address parser, the
 * date parser and the MIME builder take anything a sender can write without throwing, and what
 * they produce is well-formed.
 */
import fc from 'fast-check';
import { buildMimeMessage, replySubject } from '../../src/core/compose-draft';
import { normalizeEmail } from '../../src/core/normalize-email';
import { parseAddresses } from '../../src/core/parse-addresses';
import { parseHeaderBlock, splitGmailLabels } from '../../src/node/parse-header-block';
import { parseRfc5322Date } from '../../src/node/parse-rfc5322-date';

/** Header text built from the pieces that make parsers trip, plus arbitrary text. */
const headerText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(
    fc.constantFrom('"', '\\', '<', '>', '@', ',', ';', ':', '(', ')', '[', ']', ' ', '\t', '\r\n ', '=?', '?=', '?Q?', '?B?',
      'utf-8', 'utf-7', 'iso-8859-1', '=C3=BC', 'w7w=', '+AOQ-', 'ann', 'example.org', 'Boss', '\u202e', '\ufffd', 'ö', '日本', '\u0000'),
    { maxLength: 30 },
  ).map((parts) => parts.join('')),
);

describe('header fuzzing', () => {
  it('parseHeaderBlock takes any bytes and returns unfolded string values', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.constantFrom('From: ', 'To: ', 'Cc: ', 'Subject: ', 'Date: ', 'X-Gmail-Labels: ', ' ', '\r\n', '\n'), { maxLength: 12 }), (bytes, prefix) => {
        const block = Buffer.concat([Buffer.from(prefix.join('')), Buffer.from(bytes)]);
        const fields = parseHeaderBlock(block);
        for (const [key, value] of Object.entries(fields)) {
          expect(typeof value).toBe('string');
          // Unfolded: no line feed is left, except one an encoded word in the Subject decodes to
          // ("=0A"), which every display point strips (stripControls).
          if (key !== 'subject') expect(value).not.toMatch(/\n/);
        }
        expect(() => splitGmailLabels(fields.gmailLabels ?? '')).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });

  it('parseAddresses takes any header value and returns only normalized, usable mailboxes', () => {
    fc.assert(
      fc.property(headerText, fc.boolean(), (header, merge) => {
        for (const m of parseAddresses(header, merge)) {
          expect(normalizeEmail(m.email, merge)).toBe(m.email);
          expect(m.email).not.toMatch(/[\s<>"\u202a-\u202e\u2066-\u2069\ufffd]/);
          expect(typeof m.name).toBe('string');
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('a display name never decides the address, whatever it decodes to', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom('B', 'Q'), (name, enc) => {
        const bytes = Buffer.from(name, 'utf8');
        const word = enc === 'B'
          ? `=?utf-8?B?${bytes.toString('base64')}?=`
          : `=?utf-8?Q?${[...bytes].map((b) => `=${b.toString(16).padStart(2, '0').toUpperCase()}`).join('')}?=`;
        const parsed = parseAddresses(`${word} <real@sender.example>`);
        expect(parsed.map((m) => m.email)).toEqual(['real@sender.example']);
      }),
      { numRuns: 2000 },
    );
  });

  it('parseRfc5322Date takes any text', () => {
    fc.assert(
      fc.property(headerText, (text) => {
        const ms = parseRfc5322Date(text);
        expect(ms === null || Number.isFinite(ms)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('the MIME builder writes well-formed headers for any name and subject, never an extra header', () => {
    fc.assert(
      fc.property(headerText, headerText, headerText, (name, subject, ownerName) => {
        const mime = buildMimeMessage(
          { template: 'reconnect', to: { email: 'ann@example.org', name }, subject: replySubject(subject), text: 'Hi', html: null, threadId: null, inReplyTo: '', references: '' },
          { email: 'me@example.com', name: ownerName },
          'seed',
        );
        const head = mime.slice(0, mime.indexOf('\r\n\r\n'));
        // A long header is folded (RFC 5322 section 2.2.3): a line that starts with a space
        // continues the field above it, so fields are counted after unfolding.
        const fields = head.split(/\r\n(?![ \t])/);
        expect(fields.map((f) => f.split(':')[0])).toEqual(['From', 'To', 'Subject', 'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding']);
        for (const line of head.split('\r\n')) {
          expect(line).not.toMatch(/[\r\n\u0000]/);
          expect(line).toMatch(/^[\x20-\x7e]*$/);
          expect(line.length).toBeLessThanOrEqual(998);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
