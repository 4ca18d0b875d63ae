/**
 * RFC 2047 encoded words ("=?utf-8?Q?J=C3=BCrgen?=") decoded in pure TypeScript, so the Apps
 * Script and Node sides read header text the same way. Callers decode only text whose structure
 * has already been read: the display-name phrase of an address after the address list is parsed
 * (RFC 2047 section 6.2: a decoded word is never re-parsed), or an unstructured Subject. Decoding
 * a whole From value first would let "=?utf-8?Q?Boss_<boss@corp.example>?=" become an address.
 *
 * Charsets: UTF-8, US-ASCII, ISO-8859-1 and windows-1252 (read as windows-1252, as WHATWG's
 * Encoding Standard and every mail client do), UTF-7 (RFC 2152) and UTF-16 are decoded here;
 * any other charset goes to the decoder the platform registers (registerCharsetDecoder), and a
 * word that no decoder can read is kept as written.
 */

/** Bytes in the named charset to text, or null when the charset is unknown. */
export type CharsetDecoder = (charset: string, bytes: Uint8Array) => string | null;

let platformDecoder: CharsetDecoder | null = null;

/** Lets Node (TextDecoder) or Apps Script (Utilities) decode the charsets this module does not know. */
export function registerCharsetDecoder(decoder: CharsetDecoder | null): void {
  platformDecoder = decoder;
  memo.clear();
}

/** One encoded word: charset (RFC 2231 "*language" allowed), B or Q, then text without "?" or white space. */
const WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([QqBb])\?([^?\s]*)\?=/g;
/** Only white space between two encoded words, which section 6.2 says to drop. */
const BLANK = /^[ \t\r\n]*$/;

const memo = new Map<string, string>();
const MEMO_LIMIT = 4096;
const MEMO_MAX_LENGTH = 512;

/** `text` with every RFC 2047 encoded word decoded; text outside the words is kept as it is. */
export function decodeEncodedWords(text: string): string {
  if (!text.includes('=?')) return text;
  const known = memo.get(text);
  if (known !== undefined) return known;
  const result = decodeAll(text);
  if (text.length <= MEMO_MAX_LENGTH) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(text, result);
  }
  return result;
}

interface Word {
  start: number;
  end: number;
  charset: string;
  /** Decoded bytes, with any raw non-ASCII characters of the encoded text kept as text. */
  pieces: Array<number[] | string>;
}

function decodeAll(text: string): string {
  let out = '';
  let last = 0;
  let run: Word[] = [];
  const flush = () => {
    if (run.length === 0) return;
    out += decodeRun(text, run);
    last = run[run.length - 1]!.end;
    run = [];
  };
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const word: Word = {
      start,
      end: start + match[0].length,
      charset: match[1]!.toLowerCase(),
      pieces: match[2] === 'B' || match[2] === 'b' ? decodeB(match[3]!) : decodeQ(match[3]!),
    };
    const previous = run[run.length - 1];
    if (previous === undefined || !BLANK.test(text.slice(previous.end, start))) {
      flush();
      out += text.slice(last, start);
    }
    run.push(word);
  }
  flush();
  return out + text.slice(last);
}

/** Adjacent words of one charset are joined byte-wise first: mailers split a character across two words. */
function decodeRun(text: string, run: Word[]): string {
  let out = '';
  let i = 0;
  while (i < run.length) {
    let j = i + 1;
    while (j < run.length && run[j]!.charset === run[i]!.charset) j++;
    const pieces = run.slice(i, j).flatMap((w) => w.pieces);
    const decoded = decodePieces(run[i]!.charset, pieces);
    out += decoded ?? text.slice(run[i]!.start, run[j - 1]!.end);
    i = j;
  }
  return out;
}

function decodePieces(charset: string, pieces: Array<number[] | string>): string | null {
  let out = '';
  let bytes: number[] = [];
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      for (const b of piece) bytes.push(b);
      continue;
    }
    const decoded = bytes.length === 0 ? '' : decodeBytes(charset, bytes);
    if (decoded === null) return null;
    out += decoded + piece;
    bytes = [];
  }
  const rest = bytes.length === 0 ? '' : decodeBytes(charset, bytes);
  return rest === null ? null : out + rest;
}

/** "Q" (RFC 2047 section 4.2): "_" is a space, "=XX" a byte; a raw non-ASCII character stays text. */
function decodeQ(text: string): Array<number[] | string> {
  const pieces: Array<number[] | string> = [];
  let bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) bytes.push(0x20);
    else if (c === 0x3d && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else {
      // A raw 8-bit byte, already read as text by the header decoder (see the mbox reader): keep it.
      if (bytes.length > 0) pieces.push(bytes);
      bytes = [];
      const cp = text.codePointAt(i)!;
      pieces.push(String.fromCodePoint(cp));
      if (cp > 0xffff) i++;
    }
  }
  if (bytes.length > 0) pieces.push(bytes);
  return pieces;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE: Readonly<Record<string, number>> = Object.fromEntries([...BASE64].map((ch, i) => [ch, i]));

/** "B" (RFC 2047 section 4.1), lenient: characters outside the alphabet and missing padding are ignored. */
function decodeB(text: string): Array<number[] | string> {
  return [decodeBase64(text, BASE64_VALUE)];
}

function decodeBase64(text: string, alphabet: Readonly<Record<string, number>>): number[] {
  const bytes: number[] = [];
  let bits = 0;
  let count = 0;
  for (const ch of text) {
    if (ch === '=') break;
    const v = alphabet[ch];
    if (v === undefined) continue;
    bits = (bits << 6) | v;
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes.push((bits >> count) & 0xff);
    }
  }
  return bytes;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'cp819', 'ibm819', 'windows-1252', 'cp1252', 'us-ascii', 'ascii', 'x-user-defined']);

/** Bytes in `charset` to text; null when the charset is unknown to this module and the platform. */
export function decodeBytes(charset: string, bytes: readonly number[]): string | null {
  switch (charset) {
    case 'utf-8':
    case 'utf8':
      return decodeUtf8(bytes);
    case 'utf-7':
    case 'utf7':
      return decodeUtf7(bytes);
    case 'utf-16be':
      return decodeUtf16(bytes, true);
    case 'utf-16':
      // No byte order mark means big-endian (RFC 2781 section 4.3), but Windows mailers write
      // little-endian without one; mostly-Latin text shows which by where its zero bytes are.
      return decodeUtf16(bytes, !looksLittleEndian(bytes));
    case 'utf-16le':
      return decodeUtf16(bytes, false);
  }
  if (LATIN1.has(charset)) return decodeWindows1252(bytes);
  if (platformDecoder === null) return null;
  try {
    return platformDecoder(charset, Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

/** UTF-8 with U+FFFD for each maximal invalid subsequence (WHATWG Encoding Standard, "utf-8 decode"). */
export function decodeUtf8(bytes: ArrayLike<number>): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      out += '\uFFFD';
      i++;
      continue;
    }
    let j = i + 1;
    let ok = true;
    for (let k = 0; k < need; k++, j++) {
      const c = j < n ? bytes[j]! : -1;
      if (c < lower || c > upper) {
        ok = false;
        break;
      }
      lower = 0x80;
      upper = 0xbf;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (ok) {
      out += String.fromCodePoint(cp);
      i = j;
    } else {
      out += '\uFFFD';
      i = Math.max(j, i + 1);
    }
  }
  return out;
}

/** windows-1252 bytes 0x80-0x9F; the rest of the range is ISO-8859-1, code point equals byte. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: readonly number[]): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b);
  return out;
}

function decodeUtf16(bytes: readonly number[], bigEndian: boolean): string {
  let out = '';
  let start = 0;
  if (bytes.length >= 2) {
    if (bytes[0] === 0xfe && bytes[1] === 0xff) [bigEndian, start] = [true, 2];
    else if (bytes[0] === 0xff && bytes[1] === 0xfe) [bigEndian, start] = [false, 2];
  }
  for (let i = start; i + 1 < bytes.length; i += 2) {
    out += String.fromCharCode(bigEndian ? (bytes[i]! << 8) | bytes[i + 1]! : (bytes[i + 1]! << 8) | bytes[i]!);
  }
  // A lone surrogate (an odd cut) is not text: U+FFFD, as String#toWellFormed would give.
  return out.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function looksLittleEndian(bytes: readonly number[]): boolean {
  let even = 0;
  let odd = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  return odd > even;
}

const BASE64_UTF7: Readonly<Record<string, number>> = BASE64_VALUE;

/** UTF-7 (RFC 2152): ASCII as itself, "+...-" a modified-base64 run of UTF-16, "+-" a plus sign. */
function decodeUtf7(bytes: readonly number[]): string {
  const text = String.fromCharCode(...bytes);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '+') {
      out += ch;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && BASE64_UTF7[text[j]!] !== undefined) j++;
    const run = text.slice(i + 1, j);
    if (run === '' && text[j] === '-') out += '+';
    else {
      const units = decodeBase64(run, BASE64_UTF7);
      out += decodeUtf16(units.length % 2 === 0 ? units : units.slice(0, -1), true);
    }
    i = text[j] === '-' ? j + 1 : j;
  }
  return out;
}
