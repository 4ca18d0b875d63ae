/**
 * Real messages from public mail-parser test suites (test/fixtures/corpus, see PROVENANCE.md there),
 * read by Reconnect's mbox reader and header parsers and, independently, by Python's `email`
 * package (test/support/python-email-oracle.py). Every field must agree, except where one side is
 * known to be wrong: KNOWN_DIFFERENCES below says which side and why, and a listed difference
 * that stops happening fails the test too, so the list stays true.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { MessageMeta } from '../../src/core/message-meta';
import { normalizeEmail } from '../../src/core/normalize-email';
import { parseAddresses } from '../../src/core/parse-addresses';
import { stripControls } from '../../src/core/strip-controls';
import { parseHeaderBlock } from '../../src/node/parse-header-block';
import { parseRfc5322Date } from '../../src/node/parse-rfc5322-date';
import { readMbox } from '../../src/node/read-mbox';

const CORPUS = join(__dirname, '../fixtures/corpus');
const ORACLE = join(__dirname, '../support/python-email-oracle.py');
const hasPython = spawnSync('python3', ['-c', 'import email, mailbox'], { stdio: 'ignore' }).status === 0;

type Field = 'from' | 'to' | 'cc' | 'bcc' | 'subject' | 'date' | 'messageId';
const FIELDS: Field[] = ['from', 'to', 'cc', 'bcc', 'subject', 'date', 'messageId'];
type Reading = Record<Field, unknown>;

/**
 * Fixture (path under the corpus, "#n" for the n-th message of an mbox) → field → who is wrong, and why.
 */
const COMMENT_NAME =
  'Reconnect: an old-style "addr (Full Name)" comment is the display name, as mail clients show it. ' +
  'Python: comments are not semantic in RFC 5322, so it reports no name.';
const KNOWN_DIFFERENCES: Record<string, Partial<Record<Field, string>>> = {
  'cpython/msg_06.txt': { from: COMMENT_NAME },
  'mime4j/german.eml': { from: COMMENT_NAME },
  'mime4j/not-mime.eml': { from: COMMENT_NAME },
  'spamassassin/nice_mime2.eml': { from: COMMENT_NAME },
  'spamassassin/nice_mime3.eml': { from: COMMENT_NAME },
  'spamassassin/nice_mime4.eml': { from: COMMENT_NAME },
  'spamassassin/nice_mime6.eml': { from: COMMENT_NAME },
  'spamassassin/nice_mime7.eml': { from: COMMENT_NAME },
  'mimekit/delivery-status.eml': {
    to: 'Python is wrong: "unlisted-recipients:; (comment)", an empty group, raises AttributeError (\'Group\' object has no attribute \'local_part\'); Reconnect reads no mailbox.',
  },
  'mimekit/disposition-notification.eml': {
    date: 'Python is wrong: in "Wed, 20 Sep 1995 00:19:00 (EDT) -0400" the comment before the zone makes it drop the -0400 and read the time as UTC, 4 hours off.',
  },
  'mimekit/feedback-report.eml': {
    to: 'Python is wrong: the file starts with a UTF-8 byte order mark, so Python reads its first line as no header and every header after it as body. Reconnect ignores the unreadable first line (its From) and reads the rest.',
    subject: 'Python is wrong: the byte order mark (see To).',
    date: 'Python is wrong: the byte order mark (see To).',
  },
  'mimekit/issue358.eml': {
    from: 'Python is wrong: "jang.abcdef@xyzlinu <jang.abcdef@xyzlinux12345678.it>", an unquoted @ in the display name, makes it drop the mailbox; Reconnect keeps the address in angle brackets and the name as written, as mail clients do.',
  },
  'spamassassin/spam_008.eml': {
    from: 'Python is wrong: "From  :<tst1@example.com>" has the obsolete white space before the colon that RFC 5322 section 4.5.6 says to accept; Python files it under a different name and takes the second From. Reconnect takes the first, as for any repeated From.',
  },
  'spamassassin/spam_bsmtp.eml': {
    from: 'Both are guesses: the file starts with SMTP commands (HELO, MAIL FROM), not headers. Python stops at the first line that is not a header and reads none; Reconnect skips lines that are not headers until the empty line.',
    to: 'See From: SMTP commands before the headers.',
    subject: 'See From: SMTP commands before the headers.',
    date: 'See From: SMTP commands before the headers.',
    messageId: 'See From: SMTP commands before the headers.',
  },
  'spamassassin/nice_unicode1.eml': {
    from: 'Python is wrong: its bytes parser reads raw UTF-8 in headers (RFC 6532) as surrogate escapes, so "marilù.gioffré@esempio-università.it" comes out as "maril\\udcc3\\udcb9...". Reconnect reads UTF-8.',
    to: 'Python is wrong: raw UTF-8 addresses (see From).',
    cc: 'Python is wrong: raw UTF-8 addresses (see From).',
  },
};

/** Mboxes the two sides split differently, with the counts each side reads and why. */
const MBOX_SPLIT_DIFFERENCES: Record<string, { counts: { ours: number; undated: number; python: number }; reason: string }> = {
  'mimekit/unmunged.mbox': {
    counts: { ours: 0, undated: 4, python: 3 },
    reason:
      'A body line starting "From " is not escaped. Python\'s mailbox splits only at a "From " line after an empty ' +
      'line; Reconnect splits at every one (RFC 4155 leaves it open; Takeout escapes body lines as ">From "), and the ' +
      'messages carry neither a Date nor a dated "From " line, so Reconnect skips all four as undated, by design.',
  },
};

function listFixtures(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFixtures(path));
    else if (!/\.md$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/** The header block of one message file: up to the first empty line, without a leading "From " envelope line. */
function headerBlock(bytes: Buffer): Buffer {
  let start = 0;
  if (bytes.subarray(0, 5).toString('latin1') === 'From ') start = bytes.indexOf(0x0a) + 1;
  const text = bytes.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text.slice(start));
  return bytes.subarray(start, m === null ? bytes.length : start + m.index + m[0].length);
}

/** One message file as an mbox entry: an envelope line, and body lines starting "From " escaped (mboxrd). */
function asMboxEntry(bytes: Buffer): Buffer {
  let text = bytes.toString('latin1');
  if (!text.startsWith('From ')) text = `From corpus@reconnect.example Mon Jan  1 00:00:00 2001\n${text}`;
  const firstLine = text.indexOf('\n') + 1;
  const blank = /\r?\n\r?\n/.exec(text.slice(firstLine));
  const bodyAt = blank === null ? text.length : firstLine + blank.index + blank[0].length;
  const body = text.slice(bodyAt).replace(/^(>*From )/gm, '>$1');
  text = `${text.slice(0, bodyAt)}${body}`;
  if (!text.endsWith('\n')) text += '\n';
  return Buffer.from(`${text}\n`, 'latin1');
}

const name = (text: string) => stripControls(text).replace(/\s+/g, ' ').trim().replace(/^(['"])(.*)\1$/, '$2').trim();

function ours(meta: MessageMeta, header: Buffer | null): Reading {
  const fields = header === null ? null : parseHeaderBlock(header);
  const addrs = (value: string) => parseAddresses(value, false).map((m) => [m.email, m.name]);
  const date = fields === null ? meta.date : fields.date === undefined ? null : parseRfc5322Date(fields.date);
  return {
    from: addrs(meta.from),
    to: addrs(meta.to),
    cc: addrs(meta.cc),
    bcc: addrs(meta.bcc),
    subject: meta.subject.replace(/\s+/g, ' ').trim(),
    date,
    messageId: meta.messageId ?? null,
  };
}

function python(reading: Record<string, unknown>): Reading {
  const addrs = (value: unknown) => {
    if (!Array.isArray(value)) return value;
    const out: string[][] = [];
    for (const [spec, display] of value as Array<[string, string]>) {
      const email = normalizeEmail(spec, false);
      if (email !== null) out.push([email, name(display) === email ? '' : name(display)]);
    }
    return out;
  };
  const subject = reading['subject'];
  return {
    from: addrs(reading['from']),
    to: addrs(reading['to']),
    cc: addrs(reading['cc']),
    bcc: addrs(reading['bcc']),
    subject: typeof subject === 'string' ? subject.replace(/\s+/g, ' ').trim() : subject === null ? '' : subject,
    date: reading['date'],
    messageId: typeof reading['messageId'] === 'string' ? (reading['messageId'] as string).trim() : reading['messageId'] ?? null,
  };
}

(hasPython ? describe : describe.skip)('the corpus, read by Reconnect and by Python\'s email package', () => {
  const fixtures = listFixtures(CORPUS);
  const messages = fixtures.filter((f) => !f.endsWith('.mbox'));
  const mboxes = fixtures.filter((f) => f.endsWith('.mbox'));
  const python_ = JSON.parse(execFileSync('python3', [ORACLE], {
    input: JSON.stringify(fixtures.map((path) => ({ path, kind: path.endsWith('.mbox') ? 'mbox' : 'message' }))),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })) as Record<string, Array<Record<string, unknown>>>;

  const compared = new Map<string, { ours: Reading; python: Reading }>();

  beforeAll(async () => {
    const dir = fs.mkdtempSync(join(tmpdir(), 'reconnect-corpus-'));
    const all = join(dir, 'corpus.mbox');
    fs.writeFileSync(all, Buffer.concat(messages.map((f) => asMboxEntry(fs.readFileSync(f)))));
    const records: MessageMeta[] = [];
    for await (const m of readMbox(all)) records.push(m);
    expect(records).toHaveLength(messages.length);
    messages.forEach((file, i) => {
      compared.set(relative(CORPUS, file), { ours: ours(records[i]!, headerBlock(fs.readFileSync(file))), python: python(python_[file]![0]!) });
    });
    for (const file of mboxes) {
      const got: MessageMeta[] = [];
      const reader = readMbox(file);
      for await (const m of reader) got.push(m);
      const split = MBOX_SPLIT_DIFFERENCES[relative(CORPUS, file)];
      if (split !== undefined) {
        expect({ ours: got.length, undated: reader.stats.warnings.undated, python: python_[file]!.length }).toEqual(split.counts);
        continue;
      }
      expect(got).toHaveLength(python_[file]!.length);
      got.forEach((m, i) => compared.set(`${relative(CORPUS, file)}#${i}`, { ours: ours(m, null), python: python(python_[file]![i]!) }));
    }
  });

  it('has a manageable corpus of real messages from each suite', () => {
    const suites = new Set(fixtures.map((f) => relative(CORPUS, f).split('/')[0]));
    expect([...suites].sort()).toEqual(['cpython', 'mailparser', 'mime4j', 'mimekit', 'notmuch', 'spamassassin']);
    expect(fixtures.length).toBeGreaterThan(150);
  });

  it('agrees with Python on every field of every message, apart from the known differences', () => {
    const unexpected: string[] = [];
    const stale: string[] = [];
    for (const [key, { ours: o, python: p }] of compared) {
      for (const field of FIELDS) {
        const differs = JSON.stringify(o[field]) !== JSON.stringify(p[field]);
        const known = KNOWN_DIFFERENCES[key]?.[field];
        if (differs && known === undefined) unexpected.push(`${key} ${field}: reconnect ${JSON.stringify(o[field])} python ${JSON.stringify(p[field])}`);
        if (!differs && known !== undefined) stale.push(`${key} ${field}: listed as known but both agree`);
      }
    }
    expect(unexpected).toEqual([]);
    expect(stale).toEqual([]);
  });
});
