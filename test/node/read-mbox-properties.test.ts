/**
 * Property tests of the mbox reader on generated hostile mboxes: it never throws except its
 * one-line MboxError, any read size gives the same records, and any two-part split chosen by
 * findMessageStart gives what one serial read gives.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageMeta } from '../../src/core/message-meta';
import { findMessageStart, MboxError, readMbox, type MboxStats } from '../../src/node/read-mbox';

const dir = fs.mkdtempSync(join(tmpdir(), 'reconnect-mbox-props-'));
let counter = 0;

function write(bytes: Buffer): string {
  const file = join(dir, `m${counter++}.mbox`);
  fs.writeFileSync(file, bytes);
  return file;
}

interface Read {
  messages: MessageMeta[];
  stats: MboxStats | null;
  error: string | null;
}

async function read(file: string, options: Parameters<typeof readMbox>[1] = {}): Promise<Read> {
  const messages: MessageMeta[] = [];
  const reader = readMbox(file, options);
  try {
    for await (const m of reader) messages.push(m);
  } catch (error) {
    // The only throw allowed: a one-line MboxError.
    if (!(error instanceof MboxError)) throw error;
    expect(error.message).not.toContain('\n');
    return { messages, stats: null, error: error.message };
  }
  return { messages, stats: reader.stats, error: null };
}

/** Lines an mbox holds, the awkward ones over-represented: "From " inside header blocks, blank lines, CRLF. */
const line = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(
    'From 1@xxx Mon Jan 06 10:00:00 +0000 2025',
    'From MAILER-DAEMON Fri Apr 20 23:35:02 2001',
    'From someone', 'From ', '>From quoted', 'From: Ann <ann@example.org>',
    'From: =?utf-8?B?Qm9zcyA8Ym9zc0Bjb3JwLmV4YW1wbGU+?= <attacker@evil.example>',
    'To: me@example.com', 'To: bob@example.org', 'Cc: =?utf-8?Q?Zo=C3=AB?= <zoe@example.org>',
    'Date: Mon, 6 Jan 2025 10:00:00 +0000', 'Date: a+b', 'Date: 1 Jan 2024 10:00 EST+5', 'Date: Fri, 31 Dec 9999 23:00:00 -0200',
    'Subject: =?utf-7?Q?+AOQ-?=', 'X-Gmail-Labels: Sent', 'X-Gmail-Labels: Inbox,"a, b"', 'X-GM-THRID: 17',
    'Message-ID: <a@b>', ' folded continuation', '\tFrom folded', '', '', '', 'body text',
  ) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('latin1').replace(/[\r\n]/g, '')) },
);

const mboxBytes = fc
  .record({
    lines: fc.array(line, { maxLength: 60 }),
    crlf: fc.array(fc.boolean(), { maxLength: 60 }),
    startWithFrom: fc.boolean(),
  })
  .map(({ lines, crlf, startWithFrom }) => {
    const all = startWithFrom ? ['From 0@xxx Mon Jan 06 10:00:00 +0000 2025', ...lines] : lines;
    return Buffer.from(all.map((l, i) => l + (crlf[i] ? '\r\n' : '\n')).join(''), 'latin1');
  });

describe('readMbox properties', () => {
  it('gives the same records and counts for any read size, and never throws anything but MboxError', async () => {
    await fc.assert(
      fc.asyncProperty(mboxBytes, fc.integer({ min: 1, max: 97 }), async (bytes, chunkSize) => {
        const file = write(bytes);
        const whole = await read(file);
        const chunked = await read(file, { chunkSize });
        expect(chunked).toEqual(whole);
        // A small header limit exercises the oversized path the same way at any read size.
        expect(await read(file, { chunkSize, maxHeaderBytes: 64 })).toEqual(await read(file, { maxHeaderBytes: 64 }));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads any two-part split at a findMessageStart cut exactly as one serial read', async () => {
    await fc.assert(
      fc.asyncProperty(mboxBytes, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 }), async (bytes, where, searchChunk) => {
        const file = write(bytes);
        const serial = await read(file);
        if (serial.error !== null) return;
        const split = await findMessageStart(file, Math.floor(where * bytes.length), searchChunk);
        const first = await read(file, { end: split });
        const second = await read(file, { start: split });
        expect(second.error).toBeNull();
        expect([...first.messages, ...second.messages]).toEqual(serial.messages);
        const warnings = { ...first.stats!.warnings };
        for (const [k, v] of Object.entries(second.stats!.warnings)) warnings[k as keyof typeof warnings] += v;
        expect(warnings).toEqual(serial.stats!.warnings);
      }),
      { numRuns: 2000 },
    );
  });

  it('does not cut inside a header block at a line starting "From "', async () => {
    const text = [
      'From 1@xxx Mon Jan 06 10:00:00 +0000 2025',
      'Date: Mon, 6 Jan 2025 10:00:00 +0000',
      'From: ann@example.org',
      'X-Filler: ' + 'x'.repeat(200),
      'From a broken mailer\'s header line',
      'Subject: kept',
      '',
      'body',
      '',
    ].join('\n');
    const file = write(Buffer.from(text));
    const cut = await findMessageStart(file, text.indexOf('X-Filler'));
    expect(cut).toBe(text.length);
    const { messages } = await read(file);
    expect(messages.map((m) => m.subject)).toEqual(['kept']);
  });
});
