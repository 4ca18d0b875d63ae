import fc from 'fast-check';
import { decodeBytes, decodeEncodedWords, decodeUtf8, registerCharsetDecoder } from '../../src/core/decode-encoded-words';

describe('decodeEncodedWords', () => {
  it.each([
    ['=?utf-8?Q?The=20Heretic=20=28Pascal=20Finette=29?=', 'The Heretic (Pascal Finette)'],
    ['=?UTF-8?B?SsO8cmdlbg==?=', 'Jürgen'],
    ['=?utf-8?q?J=C3=BCrgen?=', 'Jürgen'],
    ['=?iso-8859-1?q?Andr=E9?= Pirard', 'André Pirard'],
    ['=?windows-1252?Q?=93Quoted=94?=', '\u201cQuoted\u201d'],
    // WHATWG reads the ISO-8859-1 label as windows-1252, as mail clients do.
    ['=?iso-8859-1?Q?=80?=', '€'],
    ['=?utf-8*en?Q?hello?=', 'hello'],
    ['=?utf-8?Q?caf=C3=A9?= =?utf-8?Q?_noir?=', 'café noir'],
    ['=?utf-8?Q?a?=\r\n =?utf-8?Q?b?=', 'ab'],
    ['=?utf-8?Q?a?= - =?utf-8?Q?b?=', 'a - b'],
    // One character split across two words of the same charset (RFC 2047 section 5 forbids it; mailers do it).
    ['=?utf-8?B?4oI=?= =?utf-8?B?rA==?=', '€'],
    ['=?utf-8?q?=FF?=', '\ufffd'],
    ['=?no-such-charset?Q?x?=', '=?no-such-charset?Q?x?='],
    ['1 =? 2', '1 =? 2'],
    ['plain', 'plain'],
  ])('decodes %j', (raw, text) => {
    expect(decodeEncodedWords(raw)).toBe(text);
  });

  it('decodes UTF-7 encoded words (RFC 2152)', () => {
    expect(decodeEncodedWords('=?utf-7?Q?Hi_+AOQ-_a+-b?=')).toBe('Hi ä a+b');
    expect(decodeEncodedWords('=?UTF-7?Q?+ZeVnLA-?=')).toBe('日本');
    expect(decodeEncodedWords(`=?UTF-7?B?${Buffer.from('+ZeVnLA-').toString('base64')}?=`)).toBe('日本');
  });

  it('reads UTF-16 by its byte order mark, else by where the zero bytes of Latin text are', () => {
    expect(decodeEncodedWords(`=?utf-16?B?${Buffer.from([0xfe, 0xff, 0, 0x48, 0, 0x69]).toString('base64')}?=`)).toBe('Hi');
    expect(decodeEncodedWords(`=?utf-16?B?${Buffer.from('Hi', 'utf16le').toString('base64')}?=`)).toBe('Hi');
    expect(decodeEncodedWords(`=?utf-16?B?${Buffer.from([0, 0x48, 0, 0x69]).toString('base64')}?=`)).toBe('Hi');
    expect(decodeEncodedWords(`=?utf-16le?B?${Buffer.from('Hé', 'utf16le').toString('base64')}?=`)).toBe('Hé');
  });

  it('keeps a raw 8-bit character inside an encoded word as the text it already is (no "JÃ¼rgen")', () => {
    // The mbox reader reads the header's bytes as latin1 (no UTF-8 in them), so 0xFC arrives as "ü".
    expect(decodeEncodedWords('=?iso-8859-1?Q?J\u00fcrgen?=')).toBe('Jürgen');
    expect(decodeEncodedWords('=?utf-8?Q?J\u00fcrgen_=C3=A4?=')).toBe('Jürgen ä');
  });

  it('asks the registered platform decoder for other charsets, and keeps the word when it fails', () => {
    registerCharsetDecoder((charset, bytes) => (charset === 'x-test' ? `[${bytes.join(' ')}]` : null));
    try {
      expect(decodeEncodedWords('=?x-test?Q?=01=02?=')).toBe('[1 2]');
      expect(decodeEncodedWords('=?x-other?Q?=01?=')).toBe('=?x-other?Q?=01?=');
    } finally {
      registerCharsetDecoder(null);
    }
  });

  it('never throws, and leaves text without "=?" alone', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom('utf-8', 'utf-7', 'iso-8859-1', 'utf-16', 'bogus'), fc.constantFrom('Q', 'B'), (text, charset, enc) => {
        expect(typeof decodeEncodedWords(`=?${charset}?${enc}?${text.replace(/[?\s]/g, '')}?= ${text}`)).toBe('string');
        if (!text.includes('=?')) expect(decodeEncodedWords(text)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeUtf8', () => {
  it('agrees with the WHATWG decoder on any bytes', () => {
    const whatwg = new TextDecoder('utf-8');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(decodeUtf8(bytes)).toBe(whatwg.decode(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on valid UTF-8 of any code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => {
        expect(decodeUtf8(new TextEncoder().encode(text))).toBe(text);
      }),
    );
  });
});

describe('decodeBytes', () => {
  // Node 20's own TextDecoder('windows-1252') reads 0x80-0x9F as C1 controls, so the table is checked by hand
  // against encoding.spec.whatwg.org/index-windows-1252.txt.
  it('reads windows-1252 by the WHATWG index, ISO-8859-1 labels included', () => {
    expect(decodeBytes('windows-1252', [0x80, 0x81, 0x8a, 0x93, 0x94, 0x9f, 0xa0, 0xfc])).toBe('\u20ac\u0081\u0160\u201c\u201d\u0178\u00a0\u00fc');
    expect(decodeBytes('iso-8859-1', [0x41, 0x96])).toBe('A\u2013');
  });
});
