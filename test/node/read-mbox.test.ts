import { parseAddresses } from '../../src/core/parse-addresses';
import fc from 'fast-check';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageMeta } from '../../src/core/message-meta';
import {
  MboxError,
  parseFromLineDate,
  readMbox,
  type MboxProgress,
  type MboxStats,
  type ReadMboxOptions,
} from '../../src/node/read-mbox';

let dir: string;
let fileCount = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reconnect-read-mbox-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeMbox(content: string | Buffer, name = `m${++fileCount}.mbox`): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  return path;
}

async function readAll(path: string, options?: ReadMboxOptions): Promise<{ messages: MessageMeta[]; stats: MboxStats }> {
  const reader = readMbox(path, options);
  const messages: MessageMeta[] = [];
  for await (const meta of reader) messages.push(meta);
  return { messages, stats: reader.stats };
}

const FROM_LINE = 'From 1690000000000000001@xxx Mon Jan 01 10:00:00 +0000 2024';
const JAN_1 = Date.UTC(2024, 0, 1, 10);

/** One Takeout-style message: "From " line, headers, empty line, body, empty line. */
function message(headers: string[], body = 'Hello.', eol = '\n', fromLine = FROM_LINE): string {
  return `${fromLine}\n${headers.join(eol)}${eol}${eol}${body}${eol}${eol}`;
}

const NO_WARNINGS = { truncated: 0, missingDate: 0, oversizedHeaders: 0, undated: 0 };

describe('readMbox', () => {
  it('yields one record per message with every field Reconnect reads', async () => {
    const path = writeMbox(
      message([
        'X-GM-THRID: 1690000000000000000',
        'X-Gmail-Labels: Inbox,Important,"Work, Clients",Category Personal',
        'Delivered-To: owner@example.com',
        'Received: from mail.example.net',
        '\tby mx.google.com; Mon, 01 Jan 2024 02:00:01 -0800 (PST)',
        'Message-ID: <first@example.net>',
        'Date: Mon, 1 Jan 2024 02:00:00 -0800 (PST)',
        'From: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.net>',
        'To: owner@example.com',
        'Cc: "Doe, Jane" <jane@example.org>',
        'Subject: Coffee next week?',
        'List-Id: <team.example.org>',
        'List-Unsubscribe: <mailto:u@example.org>',
        'Precedence: list',
        'Auto-Submitted: no',
      ]),
    );
    const { messages, stats } = await readAll(path);
    expect(messages).toEqual<MessageMeta[]>([
      {
        id: '<first@example.net>',
        threadId: '1690000000000000000',
        date: JAN_1,
        // Address fields keep their encoded words: parseAddresses decodes each name after the structure.
        from: '=?UTF-8?Q?Ren=C3=A9e?= <renee@example.net>',
        to: 'owner@example.com',
        cc: '"Doe, Jane" <jane@example.org>',
        bcc: '',
        subject: 'Coffee next week?',
        labels: ['Inbox', 'Important', 'Work, Clients', 'Category Personal'],
        messageId: '<first@example.net>',
        listId: '<team.example.org>',
        listUnsubscribe: '<mailto:u@example.org>',
        precedence: 'list',
        autoSubmitted: 'no',
      },
    ]);
    expect(stats).toEqual({ messages: 1, bytes: readFileSync(path).length, warnings: NO_WARNINGS });
  });

  it('returns the statistics as the generator result too', async () => {
    const path = writeMbox(message(['Date: Mon, 1 Jan 2024 10:00:00 +0000']));
    const reader = readMbox(path);
    let step = await reader.next();
    while (step.done !== true) step = await reader.next();
    expect(step.value).toBe(reader.stats);
    expect(step.value.messages).toBe(1);
  });

  it('uses a synthetic id from the byte offset when there is no Message-ID', async () => {
    const first = message(['Message-ID: <a@example.net>', 'Date: Mon, 1 Jan 2024 10:00:00 +0000']);
    const second = message(['Date: Mon, 1 Jan 2024 10:00:00 +0000', 'Message-ID:   ']);
    const path = writeMbox(first + second);
    const { messages } = await readAll(path);
    expect(messages.map((m) => [m.id, m.messageId, m.threadId])).toEqual([
      ['<a@example.net>', '<a@example.net>', ''],
      [`mbox-${Buffer.byteLength(first)}`, undefined, ''],
    ]);
  });

  it('dates a message from its "From " line when the Date header is missing or unusable, and counts it', async () => {
    const path = writeMbox(
      message(['Subject: no date']) +
        message(['Subject: bad date', 'Date: sometime last week'], 'x', '\n', 'From MAILER-DAEMON Fri Apr 20 23:35:02 2001') +
        message(['Subject: fine', 'Date: Tue, 2 Jan 2024 10:00:00 +0000']),
    );
    const { messages, stats } = await readAll(path);
    expect(messages.map((m) => [m.subject, m.date])).toEqual([
      ['no date', JAN_1],
      ['bad date', Date.UTC(2001, 3, 20, 23, 35, 2)],
      ['fine', Date.UTC(2024, 0, 2, 10)],
    ]);
    expect(stats.warnings).toEqual({ ...NO_WARNINGS, missingDate: 2 });
  });

  it('skips and counts a message with no date anywhere', async () => {
    const path = writeMbox(
      message(['Subject: undated'], 'x', '\n', 'From someone') + message(['Subject: dated', 'Date: 1 Jan 2024 10:00 GMT']),
    );
    const { messages, stats } = await readAll(path);
    expect(messages.map((m) => m.subject)).toEqual(['dated']);
    expect(stats.warnings).toEqual({ ...NO_WARNINGS, undated: 1 });
    expect(stats.messages).toBe(1);
  });

  it('never starts a message at ">From " or at "From" without the space, but does at any "From " line', async () => {
    const body = ['>From the desk of the editor:', '>>From quoted twice', 'Fromage is cheese.', 'x From y', ''].join('\n');
    const path = writeMbox(message(['Subject: one', 'Date: 1 Jan 2024 10:00 GMT'], body) + message(['Subject: two', 'Date: 1 Jan 2024 10:00 GMT']));
    const { messages } = await readAll(path);
    expect(messages.map((m) => m.subject)).toEqual(['one', 'two']);
  });

  it('reads CRLF, LF and mixed line endings alike', async () => {
    const headers = ['Subject: same', 'Date: 1 Jan 2024 10:00 GMT', 'To: a@example.org,', ' b@example.org'];
    const lf = message(headers, 'body\nmore', '\n');
    const crlf = message(headers, 'body\r\nmore', '\r\n');
    const mixed = `${FROM_LINE}\r\n${headers[0]}\n${headers[1]}\r\n${headers[2]}\r\n${headers[3]}\n\r\nbody\n\n`;
    const { messages } = await readAll(writeMbox(lf + crlf + mixed));
    expect(messages).toHaveLength(3);
    for (const m of messages) {
      expect([m.subject, m.to, m.date]).toEqual(['same', 'a@example.org, b@example.org', JAN_1]);
    }
  });

  it('follows a message with an empty body straight into the next "From " line', async () => {
    const path = writeMbox(
      `${FROM_LINE}\nSubject: empty\n\n${FROM_LINE}\r\nSubject: also empty\r\n\r\n${FROM_LINE}\nSubject: last\n\nbody\n`,
    );
    const { messages, stats } = await readAll(path);
    expect(messages.map((m) => m.subject)).toEqual(['empty', 'also empty', 'last']);
    expect(stats.warnings.missingDate).toBe(3);
  });

  it('skips multi-megabyte bodies, including base64 attachments, without reading them as headers', async () => {
    const base64Line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n';
    const attachment = base64Line.repeat(Math.ceil((3 * 1024 * 1024) / base64Line.length));
    const path = writeMbox(
      message(['Subject: big', 'Date: 1 Jan 2024 10:00 GMT'], attachment, '\r\n') +
        message(['Subject: after', 'Date: 1 Jan 2024 10:00 GMT']),
    );
    const { messages } = await readAll(path, { chunkSize: 64 * 1024 });
    expect(messages.map((m) => m.subject)).toEqual(['big', 'after']);
  });

  it('counts a file that ends inside a header block as truncated and keeps the messages before it', async () => {
    for (const tail of [`${FROM_LINE}\nSubject: cut`, `${FROM_LINE}\nSubject: cut\n`, 'From ', `${FROM_LINE}\r\nSubject: x\r\n\r`]) {
      const path = writeMbox(message(['Subject: whole', 'Date: 1 Jan 2024 10:00 GMT']) + tail);
      const { messages, stats } = await readAll(path, { chunkSize: 5 });
      expect(messages.map((m) => m.subject)).toEqual(['whole']);
      expect(stats.warnings).toEqual({ ...NO_WARNINGS, truncated: 1 });
    }
  });

  it('skips and counts a header block over the cap, then reads on', async () => {
    const huge = `X-Filler: ${'y'.repeat(5000)}`;
    const path = writeMbox(
      message(['Subject: first', 'Date: 1 Jan 2024 10:00 GMT']) +
        message(['Subject: oversized', huge, 'Date: 1 Jan 2024 10:00 GMT']) +
        message(['Subject: third', 'Date: 1 Jan 2024 10:00 GMT']),
    );
    for (const chunkSize of [3, 1000, 1 << 20]) {
      const { messages, stats } = await readAll(path, { maxHeaderBytes: 4096, chunkSize });
      expect(messages.map((m) => m.subject)).toEqual(['first', 'third']);
      expect(stats.warnings).toEqual({ ...NO_WARNINGS, oversizedHeaders: 1 });
    }
  });

  it('finds the next message right after a header block cut at the cap', async () => {
    // The oversized block has no empty line at all, so the next "From " line ends it.
    const noBlankLine = `${FROM_LINE}\n${'X-Filler: z\n'.repeat(40)}`;
    const path = writeMbox(noBlankLine + message(['Subject: next', 'Date: 1 Jan 2024 10:00 GMT']));
    for (let cap = 200; cap <= 220; cap++) {
      const { messages, stats } = await readAll(path, { maxHeaderBytes: cap, chunkSize: 16 });
      expect(messages.map((m) => m.subject)).toEqual(['next']);
      expect(stats.warnings.oversizedHeaders).toBe(1);
    }
    // Caps up to the exact length, where the cut falls between the LF and the next "From ".
    for (let cap = noBlankLine.length - 12; cap <= noBlankLine.length; cap++) {
      for (const chunkSize of [7, 16, cap, 1 << 20]) {
        const { messages, stats } = await readAll(path, { maxHeaderBytes: cap, chunkSize });
        expect([cap, chunkSize, messages.map((m) => m.subject)]).toEqual([cap, chunkSize, ['next']]);
        expect(stats.warnings.oversizedHeaders).toBe(1);
      }
    }
  });

  it('accepts blank lines and a byte order mark before the first message, and an empty file', async () => {
    const path = writeMbox(`\uFEFF\r\n\n${message(['Subject: ok', 'Date: 1 Jan 2024 10:00 GMT'])}`);
    expect((await readAll(path)).messages.map((m) => m.subject)).toEqual(['ok']);
    const empty = await readAll(writeMbox(''));
    expect(empty.messages).toEqual([]);
    expect(empty.stats).toEqual({ messages: 0, bytes: 0, warnings: NO_WARNINGS });
  });

  it('rejects a file that is not an mbox with one line naming the file', async () => {
    for (const content of ['Subject: hello\n\nbody\n', 'from lowercase\n\n', 'Fro', '\n\n  x', '%PDF-1.7\n' + 'x'.repeat(300_000)]) {
      const path = writeMbox(content, 'x.txt');
      const error = await readAll(path, { chunkSize: 4 }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(MboxError);
      expect((error as Error).message).toBe(
        `${path} is not an mbox file (it does not start with a "From " line); ` +
          'export your mail with Google Takeout and pass the .mbox file',
      );
    }
  });

  it('reports a missing file, a directory and an unreadable file as one-line MboxErrors', async () => {
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'missing.mbox'), /missing\.mbox does not exist; check the path/],
      [join(dir, 'missing-dir', 'x.mbox'), /x\.mbox does not exist/],
    ];
    const folder = join(dir, 'Takeout');
    mkdirSync(folder);
    cases.push([folder, /Takeout is a directory, not an mbox file/]);
    // root reads anything, so permissions can only be tested as another user.
    if (process.getuid?.() !== 0) {
      const locked = writeMbox(message(['Subject: x']), 'locked.mbox');
      chmodSync(locked, 0o000);
      cases.push([locked, /locked\.mbox cannot be read \(permission denied\)/]);
    }
    for (const [path, pattern] of cases) {
      const error = await readAll(path).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(MboxError);
      expect((error as Error).message).toMatch(pattern);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reports progress, last with every byte read', async () => {
    const content = message(['Subject: a', 'Date: 1 Jan 2024 10:00 GMT']).repeat(20);
    const path = writeMbox(content);
    const calls: MboxProgress[] = [];
    await readAll(path, { chunkSize: 64, progressIntervalMs: 0, onProgress: (p) => calls.push(p) });
    expect(calls.length).toBeGreaterThan(5);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]!.bytes).toBeGreaterThanOrEqual(calls[i - 1]!.bytes);
      expect(calls[i]!.messages).toBeGreaterThanOrEqual(calls[i - 1]!.messages);
    }
    expect(calls[calls.length - 1]).toEqual({ bytes: content.length, totalBytes: content.length, messages: 20 });

    const throttled: MboxProgress[] = [];
    await readAll(path, { chunkSize: 64, onProgress: (p) => throttled.push(p) });
    expect(throttled).toEqual([{ bytes: content.length, totalBytes: content.length, messages: 20 }]);
  });

  it('stops cleanly when the consumer breaks out early', async () => {
    const path = writeMbox(message(['Subject: a', 'Date: 1 Jan 2024 10:00 GMT']).repeat(50));
    const reader = readMbox(path, { chunkSize: 100 });
    let seen = 0;
    for await (const meta of reader) {
      expect(meta.subject).toBe('a');
      if (++seen === 3) break;
    }
    expect(seen).toBe(3);
    expect(reader.stats.messages).toBe(3);
  });

  it('reads a set of odd real-world headers', async () => {
    const odd = [
      // Classic mbox "From " line without a zone, obsolete Date with a two-digit year and a named zone.
      message(
        [
          'Return-Path: <bounce@lists.example.org>',
          'Message-Id: <20010420193502.A1234@mail.example.org>',
          'Date: 20 Apr 01 19:35 EDT',
          'From: =?iso-8859-1?q?Andr=E9?= Pirard <pirard@example.be>',
          'To: Dingus Lovers: jim@example.com,',
          '\t"Doe, Jane" <jane@example.com>;, undisclosed-recipients:;',
          'Subject: =?ISO-2022-JP?B?GyRCJEskWyRzJDQbKEI=?=',
          'X-Gmail-Labels: =?UTF-8?Q?Caf=C3=A9?=,"Clients, 2001",',
          ' Archived',
        ],
        'body',
        '\n',
        'From MAILER-DAEMON Fri Apr 20 23:35:02 2001',
      ),
      // Header names in odd case, a comment in the Date, encoded words in Cc and Subject in other charsets.
      message(
        [
          'MESSAGE-ID: <ABC@EXAMPLE.NET>',
          'DATE: Thu, 13 Feb 1997 09:00:00 -0600 (CST)',
          'FROM: "=?koi8-r?B?8NLJ18XU?=" <ivan@example.ru>',
          'CC: =?gb2312?B?1tDOxA==?= <zh@example.cn>',
          'SUBJECT: =?utf-8?b?8J+OiSBQYXJ0eQ==?= tonight',
          'X-GM-THRID: 1000000000000000001',
        ],
        'body',
        '\r\n',
      ),
      // A list message: a header folded right after the colon, Precedence and List-Id with a phrase.
      message(
        [
          'Date: Sun, 5 Mar 2023 8:05:09 +0100',
          'From:',
          '  Team Updates <updates@example.org>',
          'List-Id: "Team updates" <updates.example.org>',
          'Precedence: bulk',
          'Auto-Submitted: auto-generated',
          'Subject: Weekly digest',
        ],
        'body',
      ),
    ];
    const { messages, stats } = await readAll(writeMbox(odd.join('')));
    expect(stats.warnings).toEqual(NO_WARNINGS);
    expect(messages[0]).toMatchObject({
      id: '<20010420193502.A1234@mail.example.org>',
      date: Date.UTC(2001, 3, 20, 23, 35),
      from: '=?iso-8859-1?q?Andr=E9?= Pirard <pirard@example.be>',
      to: 'Dingus Lovers: jim@example.com,\t"Doe, Jane" <jane@example.com>;, undisclosed-recipients:;',
      subject: 'にほんご',
      labels: ['Café', 'Clients, 2001', 'Archived'],
    });
    expect(messages[1]).toMatchObject({
      id: '<ABC@EXAMPLE.NET>',
      threadId: '1000000000000000001',
      date: Date.UTC(1997, 1, 13, 15),
      from: '"=?koi8-r?B?8NLJ18XU?=" <ivan@example.ru>',
      cc: '=?gb2312?B?1tDOxA==?= <zh@example.cn>',
      subject: '🎉 Party tonight',
    });
    expect(parseAddresses(messages[0]!.from)).toEqual([{ email: 'pirard@example.be', name: 'André Pirard', address: 'pirard@example.be' }]);
    expect(parseAddresses(messages[1]!.from)).toEqual([{ email: 'ivan@example.ru', name: 'Привет', address: 'ivan@example.ru' }]);
    expect(parseAddresses(messages[1]!.cc)).toEqual([{ email: 'zh@example.cn', name: '中文', address: 'zh@example.cn' }]);
    expect(messages[2]).toMatchObject({
      date: Date.UTC(2023, 2, 5, 7, 5, 9),
      from: 'Team Updates <updates@example.org>',
      listId: '"Team updates" <updates.example.org>',
      precedence: 'bulk',
      autoSubmitted: 'auto-generated',
    });
  });

  it('yields the same records whatever the chunk size, for every cut of a sample mbox', async () => {
    const sample =
      message(['Subject: a', 'Date: 1 Jan 2024 10:00 GMT', 'X-Gmail-Labels: "x, y",z'], '>From body\n\nFrom-ish', '\r\n') +
      `${FROM_LINE}\nSubject: empty body\n\n` +
      message(['Subject: b', 'To: a@example.org,', '\tb@example.org'], 'line\n'.repeat(10), '\n');
    const path = writeMbox(sample);
    const expected = await readAll(path);
    expect(expected.messages.map((m) => m.subject)).toEqual(['a', 'empty body', 'b']);
    for (let chunkSize = 1; chunkSize <= 48; chunkSize++) {
      expect(await readAll(path, { chunkSize })).toEqual(expected);
    }
  });

  it('finds separators and header ends across arbitrary chunk boundaries (property)', async () => {
    const text = fc.stringMatching(/^[A-Za-z0-9 ,.!?'"<>@-]{0,30}$/);
    const eol = fc.constantFrom('\n', '\r\n');
    const msg = fc.record({
      subject: text,
      to: fc.array(fc.stringMatching(/^[a-z]{1,8}@example\.org$/), { minLength: 1, maxLength: 3 }),
      fold: fc.boolean(),
      hasDate: fc.boolean(),
      labels: fc.array(fc.stringMatching(/^[A-Za-z ,]{1,10}$/), { maxLength: 3 }),
      bodyLines: fc.array(fc.oneof(text, fc.constant('>From me'), fc.constant(''), fc.constant('From')), { maxLength: 6 }),
      eol,
      fromEol: eol,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(msg, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 40 }), async (msgs, chunkSize) => {
        let mbox = '';
        const expected: Array<Partial<MessageMeta>> = [];
        msgs.forEach((m, i) => {
          const e = m.eol;
          const subject = m.subject.trim();
          const labels = m.labels.map((l) => l.trim()).filter((l) => l !== '');
          const headers = [
            `Message-ID: <${i}@example.org>`,
            `Subject: ${m.subject}`,
            m.fold ? `To: ${m.to.join(`,${e}\t`)}` : `To: ${m.to.join(', ')}`,
            `X-Gmail-Labels: ${labels.map((l) => `"${l}"`).join(',')}`,
          ];
          if (m.hasDate) headers.push(`Date: Mon, ${i + 1} Jan 2024 10:00:00 +0000`);
          mbox += `${FROM_LINE}${m.fromEol}${headers.join(e)}${e}${e}${m.bodyLines.join(e)}${e}`;
          expected.push({
            id: `<${i}@example.org>`,
            subject,
            to: m.fold ? m.to.join(',\t') : m.to.join(', '),
            labels,
            date: m.hasDate ? Date.UTC(2024, 0, i + 1, 10) : JAN_1,
          });
        });
        const path = writeMbox(mbox, 'property.mbox');
        const small = await readAll(path, { chunkSize });
        const whole = await readAll(path);
        expect(small).toEqual(whole);
        expect(small.messages.map((m) => ({ id: m.id, subject: m.subject, to: m.to, labels: m.labels, date: m.date }))).toEqual(expected);
        expect(small.stats.warnings.missingDate).toBe(msgs.filter((m) => !m.hasDate).length);
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseFromLineDate', () => {
  it.each<[string, number | null]>([
    ['From 1690000000000000001@xxx Mon Jan 01 10:00:00 +0000 2024', JAN_1],
    ['From 1690000000000000001@xxx Mon Jan 01 02:00:00 -0800 2024', JAN_1],
    ['From MAILER-DAEMON Mon Jan  1 10:00:00 2024', JAN_1],
    ['From - Mon Jan 1 10:00:00 2024', JAN_1],
    ['From someone@example.org', null],
    ['From ', null],
  ])('reads %j', (line, expected) => {
    expect(parseFromLineDate(line)).toBe(expected);
  });
});

