import { decodeEncodedWords } from '../../src/core/decode-encoded-words';
import { parseAddresses } from '../../src/core/parse-addresses';
import {
  decodeBytes,
  parseHeaderBlock,
  splitGmailLabels,
} from '../../src/node/parse-header-block';

/** A header block from lines joined with `eol`, ending in the empty line. */
function block(lines: string[], eol = '\r\n'): Buffer {
  return Buffer.from(lines.join(eol) + eol + eol, 'utf8');
}

describe('parseHeaderBlock', () => {
  it('reads the wanted fields with CRLF or LF line ends', () => {
    for (const eol of ['\r\n', '\n']) {
      const fields = parseHeaderBlock(block([
        'Received: from mx.example.net by mx.google.com',
        'X-GM-THRID: 1690000000000000001',
        'X-Gmail-Labels: Inbox,Important',
        'Message-ID: <m1@example.net>',
        'Date: Mon, 1 Jan 2024 10:00:00 +0000',
        'From: Ana <ana@example.net>',
        'To: owner@example.com',
        'Cc: bob@example.org',
        'Bcc: carol@example.org',
        'Subject: Lunch?',
        'List-Id: Team <team.example.org>',
        'List-Unsubscribe: <mailto:leave@example.org>',
        'Precedence: bulk',
        'Auto-Submitted: auto-replied',
        'Content-Type: text/plain',
      ], eol));
      expect(fields).toEqual({
        gmailThreadId: '1690000000000000001',
        gmailLabels: 'Inbox,Important',
        messageId: '<m1@example.net>',
        date: 'Mon, 1 Jan 2024 10:00:00 +0000',
        from: 'Ana <ana@example.net>',
        to: 'owner@example.com',
        cc: 'bob@example.org',
        bcc: 'carol@example.org',
        subject: 'Lunch?',
        listId: 'Team <team.example.org>',
        listUnsubscribe: '<mailto:leave@example.org>',
        precedence: 'bulk',
        autoSubmitted: 'auto-replied',
      });
    }
  });

  it('matches names in any case and allows the obsolete space before the colon (RFC 5322 section 4.5)', () => {
    const fields = parseHeaderBlock(block([
      'SUBJECT : shouting',
      'message-id:<lower@example.net>',
      'x-gm-thrid:\t42',
      'CC:  a@example.org  ',
    ]));
    expect(fields).toEqual({ subject: 'shouting', messageId: '<lower@example.net>', gmailThreadId: '42', cc: 'a@example.org' });
  });

  it('unfolds continuation lines, keeping the whitespace and dropping the line breaks (RFC 5322 section 2.2.3)', () => {
    const fields = parseHeaderBlock(block([
      'To: Friends: ana@example.net,',
      '\t"Doe, Jane" <jane@example.org>;,',
      '  undisclosed-recipients:;',
      'Subject:',
      ' starts on the next line',
      '\tand goes on ',
      'X-Gmail-Labels: Inbox,',
      ' "Work, Clients"',
    ], '\n'));
    expect(fields.to).toBe('Friends: ana@example.net,\t"Doe, Jane" <jane@example.org>;,  undisclosed-recipients:;');
    expect(fields.subject).toBe('starts on the next line\tand goes on');
    expect(splitGmailLabels(fields.gmailLabels ?? '')).toEqual(['Inbox', 'Work, Clients']);
  });

  it('keeps the first occurrence, values containing colons, and empty values', () => {
    const fields = parseHeaderBlock(block([
      'Subject: Re: Re: first',
      'Subject: second',
      'From: a@example.org',
      'From: b@example.org',
      'List-Unsubscribe: <https://example.org/u?a=1>',
      'Cc:',
    ]));
    expect(fields).toEqual({ subject: 'Re: Re: first', from: 'a@example.org', listUnsubscribe: '<https://example.org/u?a=1>', cc: '' });
  });

  it('joins repeated To, Cc and Bcc fields, as the Gmail API path does', () => {
    const fields = parseHeaderBlock(block([
      'To: Ann <ann@example.org>',
      'Cc:',
      'To: bob@example.org,',
      '  cat@example.org',
      'Cc: dan@example.org',
      'Bcc: e@example.org',
      'Bcc: f@example.org',
    ]));
    expect(fields.to).toBe('Ann <ann@example.org>, bob@example.org,  cat@example.org');
    expect(fields.cc).toBe('dan@example.org');
    expect(fields.bcc).toBe('e@example.org, f@example.org');
    expect(parseAddresses(fields.to!).map((m) => m.email)).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org']);
  });

  it('stops at the empty line, ignores lines without a name, and honours start and end', () => {
    const bytes = Buffer.from(
      'From 1@xxx Mon Jan 01 00:00:00 +0000 2024\n' +
      ' orphan continuation\n' +
      'not a header line\n' +
      'Subject: real\n' +
      '\n' +
      'From: someone in the body <x@example.net>\n',
      'latin1',
    );
    const start = bytes.indexOf('\n') + 1;
    expect(parseHeaderBlock(bytes, start)).toEqual({ subject: 'real' });
    const cut = bytes.indexOf('Subject');
    expect(parseHeaderBlock(bytes, start, cut)).toEqual({});
  });

  it('ignores names that only start like a wanted one', () => {
    const fields = parseHeaderBlock(block([
      'From-Address: not@example.net',
      'Tox: no',
      'X-Gmail-Labels-Old: no',
      'Dated: no',
      'X-Original-From: no@example.net',
      'Resent-From: no@example.net',
    ]));
    expect(fields).toEqual({});
  });

  it('reads raw UTF-8 and falls back to latin1 for other 8-bit bytes', () => {
    const bytes = Buffer.concat([
      Buffer.from('Subject: caf\u00e9 \u2615\r\nX-Gmail-Labels: Cat\u00e9gorie,\u65e5\u672c\r\nFrom: ', 'utf8'),
      Buffer.from('Andr\u00e9 <andre@example.be>', 'latin1'),
      Buffer.from('\r\n\r\n', 'latin1'),
    ]);
    const fields = parseHeaderBlock(bytes);
    expect(fields.subject).toBe('caf\u00e9 \u2615');
    expect(splitGmailLabels(fields.gmailLabels ?? '')).toEqual(['Cat\u00e9gorie', '\u65e5\u672c']);
    expect(fields.from).toBe('Andr\u00e9 <andre@example.be>');
  });

  it('decodes RFC 2047 words in Subject only; address fields keep them for parseAddresses to decode per name', () => {
    const fields = parseHeaderBlock(block([
      'From: =?iso-8859-1?q?Andr=E9?= Pirard <pirard@example.be>',
      'To: =?koi8-r?B?8NLJ18XU?= <ivan@example.ru>, =?UTF-8?Q?Fran=C3=A7ois?= <f@example.fr>',
      'Cc: "=?utf-8?B?SsO2cmc=?=" <jorg@example.de>',
      'Bcc: =?windows-1252?Q?=93Quoted=94?= <q@example.com>',
      'Subject: =?ISO-2022-JP?B?GyRCJEskWyRzJDQbKEI=?= and =?gb2312?B?1tDOxA==?=',
      'List-Id: =?utf-8?Q?not_decoded?= <list.example.org>',
    ]));
    expect(fields.from).toBe('=?iso-8859-1?q?Andr=E9?= Pirard <pirard@example.be>');
    const names = (value: string | undefined) => parseAddresses(value ?? '').map((m) => m.name);
    expect(names(fields.from)).toEqual(['Andr\u00e9 Pirard']);
    expect(names(fields.to)).toEqual(['\u041f\u0440\u0438\u0432\u0435\u0442', 'Fran\u00e7ois']);
    expect(names(fields.cc)).toEqual(['J\u00f6rg']);
    expect(names(fields.bcc)).toEqual(['\u201cQuoted\u201d']);
    expect(fields.subject).toBe('\u306b\u307b\u3093\u3054 and \u4e2d\u6587');
    expect(fields.listId).toBe('=?utf-8?Q?not_decoded?= <list.example.org>');
  });

  it('decodes a folded Subject whose encoded words split a multi-byte character', () => {
    // "日本語のテスト" in UTF-8, cut mid-character between the two words (RFC 2047 section 6.2 joins them).
    const utf8 = Buffer.from('\u65e5\u672c\u8a9e\u306e\u30c6\u30b9\u30c8', 'utf8');
    const first = utf8.subarray(0, 10).toString('base64');
    const second = utf8.subarray(10).toString('base64');
    const fields = parseHeaderBlock(block([`Subject: =?UTF-8?B?${first}?=`, ` =?UTF-8?B?${second}?= !`]));
    expect(fields.subject).toBe('\u65e5\u672c\u8a9e\u306e\u30c6\u30b9\u30c8 !');
  });
});

describe('decodeEncodedWords', () => {
  it('joins adjacent words and keeps the text between separated ones', () => {
    expect(decodeEncodedWords('=?utf-8?Q?caf=C3=A9?= =?utf-8?Q?_noir?=')).toBe('caf\u00e9 noir');
    expect(decodeEncodedWords('=?utf-8?Q?a?= - =?utf-8?Q?b?=')).toBe('a - b');
    expect(decodeEncodedWords('plain')).toBe('plain');
    expect(decodeEncodedWords('1 =? 2')).toBe('1 =? 2');
  });

  it('gives the same answer the second time (memoized runs)', () => {
    const raw = '=?UTF-8?B?TGVuYSBNw7xsbGVy?= <lena@example.org>, =?UTF-8?B?TGVuYSBNw7xsbGVy?= <l2@example.org>';
    const first = decodeEncodedWords(raw);
    expect(first).toBe('Lena M\u00fcller <lena@example.org>, Lena M\u00fcller <l2@example.org>');
    expect(decodeEncodedWords(raw)).toBe(first);
  });

  it('never throws on garbage', () => {
    for (const raw of ['=?utf-8?B?!!!?=', '=?no-such-charset?Q?x=FFy?=', '=?utf-8?X?abc?=', '=??Q??=', '=?utf-8?Q?=ZZ?=']) {
      expect(() => decodeEncodedWords(raw)).not.toThrow();
      expect(typeof decodeEncodedWords(raw)).toBe('string');
    }
  });
});

describe('decodeBytes', () => {
  it('keeps an honest U+FFFD in valid UTF-8', () => {
    const bytes = Buffer.from('a\ufffdb', 'utf8');
    expect(decodeBytes(bytes, 0, bytes.length)).toBe('a\ufffdb');
  });

  it('reads 8-bit bytes with no UTF-8 sequence at all as latin1', () => {
    const bytes = Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]);
    expect(decodeBytes(bytes, 0, bytes.length)).toBe('M\u00fcller');
  });

  it('reads UTF-8 with one stray invalid byte as UTF-8, with U+FFFD at that byte only', () => {
    const bytes = Buffer.concat([Buffer.from('J\u00fcrgen M\u00fcller ', 'utf8'), Buffer.from([0xff]), Buffer.from(' \u65e5', 'utf8')]);
    expect(decodeBytes(bytes, 0, bytes.length)).toBe('J\u00fcrgen M\u00fcller \ufffd \u65e5');
  });
});

describe('splitGmailLabels', () => {
  it.each<[string, string[]]>([
    ['Inbox', ['Inbox']],
    ['Inbox,Important,Category Personal', ['Inbox', 'Important', 'Category Personal']],
    ['Archived,"Work, Clients",Opened', ['Archived', 'Work, Clients', 'Opened']],
    [' Inbox , "a, b" , "c" ', ['Inbox', 'a, b', 'c']],
    ['"say \\"hi\\", ok",Sent', ['say "hi", ok', 'Sent']],
    [',,Inbox,,', ['Inbox']],
    ['', []],
    ['"unterminated, label', ['unterminated, label']],
    ['=?UTF-8?Q?Caf=C3=A9?=,Sent', ['Caf\u00e9', 'Sent']],
  ])('splits %j', (raw, labels) => {
    expect(splitGmailLabels(raw)).toEqual(labels);
  });
});
