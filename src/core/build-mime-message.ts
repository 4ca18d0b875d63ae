/**
 * A draft as an RFC 5322 message, the same bytes from Apps Script, the Gmail
 * API and the .eml files. Header lines are folded: a line holding an encoded
 * word is at most 76 characters (RFC 2047 section 2), every other line at most
 * 78 where a space allows it and never more than 998 (RFC 5322 section 2.1.1).
 *
 * Written here rather than taken from nodemailer's mail-composer or libmime:
 * both build on Node's Buffer and stream modules, which neither the core (no
 * ambient globals) nor Apps Script's V8 runtime has.
 */
import { stripControls } from './strip-controls';
import type { DraftPlan, Owner } from './compose-draft';
import { DRAFT_MARKER_HEADER } from './plan-draft-run';

/** RFC 2047 section 2: "An 'encoded-word' may not be more than 75 characters long". */
const ENCODED_WORD_MAX = 75;
/** RFC 2047 section 2: a header line containing an encoded word is limited to 76 characters. */
const ENCODED_LINE_MAX = 76;
/** RFC 5322 section 2.1.1: lines SHOULD be at most 78 characters, and MUST be at most 998. */
const LINE_SOFT_MAX = 78;
const LINE_HARD_MAX = 998;
const ENCODED_WORD_OVERHEAD = '=?UTF-8?B??='.length;

export interface MimeOptions {
  /** Makes the multipart boundary unique to this draft. */
  boundarySeed: string;
  /** The X-Reconnect-Draft marker; omitted when ''. */
  marker?: string;
}

/** The draft as an RFC 5322 message with MIME bodies in UTF-8, base64-encoded, ready for drafts.create `raw`. */
export function buildMimeMessage(plan: DraftPlan, from: Owner, options: MimeOptions | string): string {
  const { boundarySeed, marker = '' } = typeof options === 'string' ? { boundarySeed: options } : options;
  const headers = [
    addressHeader('From', from),
    addressHeader('To', plan.to),
    unstructuredHeader('Subject', oneLine(plan.subject)),
    'MIME-Version: 1.0',
  ];
  if (plan.inReplyTo !== '') {
    headers.push(idsHeader('In-Reply-To', plan.inReplyTo), idsHeader('References', plan.references === '' ? plan.inReplyTo : plan.references));
  }
  if (marker !== '') headers.push(`${DRAFT_MARKER_HEADER}: ${marker.replace(/[^A-Za-z0-9._-]/g, '')}`);
  const textPart = ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', wrapBase64(utf8Base64(plan.text))];
  if (plan.html === null) return [...headers, ...textPart, ''].join('\r\n');
  const boundary = `reconnect-${boundarySeed.replace(/[^A-Za-z0-9]/g, '').slice(0, 50)}`;
  return [
    ...headers,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    ...textPart,
    `--${boundary}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    wrapBase64(utf8Base64(plan.html)),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** Header text from untrusted input: no CR, LF or control characters, so nothing can add a header (RFC 5322 section 2.2). */
export function oneLine(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ').trim();
}

/**
 * Subject and other unstructured text. Plain ASCII is folded at its spaces;
 * text with non-ASCII characters, with something a reader would decode as an
 * encoded word ("=?"), or with a word too long to fold becomes encoded words,
 * so every reader shows exactly the text.
 */
export function unstructuredHeader(name: string, text: string): string {
  const prefix = `${name}: `;
  const plain = /^[\x20-\x7e]*$/.test(text) && !text.includes('=?');
  if (plain) {
    const folded = foldAtSpaces(prefix + text);
    if (folded !== null) return folded;
  }
  return prefix + encodedWords(text, ENCODED_LINE_MAX - prefix.length).join('\r\n ');
}

/** From and To: a display name quoted when it has specials (RFC 5322 section 3.2.3), encoded when it is not plain ASCII or too long. */
export function addressHeader(name: string, a: { name: string; email: string }): string {
  const email = oneLine(a.email).replace(/[<>\s"(),;:\\[\]]/g, '').slice(0, LINE_HARD_MAX - name.length - 10);
  const display = oneLine(a.name);
  const prefix = `${name}: `;
  if (display === '') return prefix + email;
  if (/^[\x20-\x7e]*$/.test(display) && !display.includes('=?')) {
    const phrase = `"${display.replace(/(["\\])/g, '\\$1')}"`;
    // A long name is folded at its spaces, inside the quotes (RFC 5322 section 3.2.4 allows FWS there).
    const folded = foldAtSpaces(prefix + phrase);
    if (folded !== null) return withAddress(folded, email, LINE_SOFT_MAX);
  }
  // Split only at the name's spaces where a word allows it, each space kept at the end of a word.
  return withAddress(prefix + phraseWords(display, ENCODED_LINE_MAX - prefix.length).join('\r\n '), email, ENCODED_LINE_MAX);
}

function withAddress(header: string, email: string, max: number): string {
  const lastLine = header.slice(header.lastIndexOf('\n') + 1);
  return `${header}${lastLine.length + email.length + 3 <= max ? ' ' : '\r\n '}<${email}>`;
}

/** Encoded words for a display name: one per run of whole words that fits, split mid-word only when a word alone does not fit. */
function phraseWords(text: string, firstLineRoom: number): string[] {
  const out: string[] = [];
  let room = firstLineRoom;
  let chunk = '';
  const fits = (s: string, r: number) => ENCODED_WORD_OVERHEAD + 4 * Math.ceil(utf8Bytes(s).length / 3) <= Math.min(ENCODED_WORD_MAX, r);
  const words = text.split(' ').map((w, i, all) => (i < all.length - 1 ? `${w} ` : w));
  for (const word of words) {
    if (fits(chunk + word, room)) {
      chunk += word;
      continue;
    }
    if (chunk !== '') {
      out.push(`=?UTF-8?B?${utf8Base64(chunk)}?=`);
      room = ENCODED_LINE_MAX - 1;
      chunk = '';
    }
    if (fits(word, room)) chunk = word;
    else {
      const parts = encodedWords(word, room);
      out.push(...parts);
      room = ENCODED_LINE_MAX - 1;
    }
  }
  if (chunk !== '' || out.length === 0) out.push(`=?UTF-8?B?${utf8Base64(chunk)}?=`);
  return out;
}

/** In-Reply-To and References: Message-IDs, one or more to a line, folded between ids. */
function idsHeader(name: string, ids: string): string {
  const tokens = oneLine(ids).match(/<[^<>\s]+>/g) ?? [];
  const fitting = tokens.filter((t) => t.length + name.length + 2 <= LINE_HARD_MAX);
  const lines: string[] = [`${name}:`];
  for (const id of fitting) {
    const last = lines[lines.length - 1]!;
    if (last.length + 1 + id.length <= LINE_SOFT_MAX || last === `${name}:`) lines[lines.length - 1] = `${last} ${id}`;
    else lines.push(` ${id}`);
  }
  return lines.join('\r\n');
}

/** Folds a line at spaces (the space stays, starting the next line), or null when a word will not fit in 998. */
function foldAtSpaces(line: string): string | null {
  const words = line.split(' ');
  const out: string[] = [];
  let current = words[0]!;
  for (const word of words.slice(1)) {
    if (current.length + 1 + word.length <= LINE_SOFT_MAX) current += ` ${word}`;
    else {
      out.push(current);
      current = ` ${word}`;
    }
  }
  out.push(current);
  return out.every((l) => l.length <= LINE_HARD_MAX) ? out.join('\r\n') : null;
}

/**
 * RFC 2047 B-encoded words, split between whole characters, the first fitting
 * in `firstLineRoom` and each later one on a line of its own after a space.
 */
export function encodedWords(text: string, firstLineRoom: number): string[] {
  const words: string[] = [];
  let chunk = '';
  let room = Math.min(ENCODED_WORD_MAX, firstLineRoom);
  const fits = (s: string) => ENCODED_WORD_OVERHEAD + 4 * Math.ceil(utf8Bytes(s).length / 3) <= room;
  for (const ch of text) {
    if (chunk !== '' && !fits(chunk + ch)) {
      words.push(chunk);
      chunk = '';
      room = Math.min(ENCODED_WORD_MAX, ENCODED_LINE_MAX - 1);
    }
    chunk += ch;
  }
  if (chunk !== '' || words.length === 0) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${utf8Base64(w)}?=`);
}

function wrapBase64(b64: string): string {
  // RFC 2045 section 6.8: encoded lines are at most 76 characters.
  return b64.replace(/.{1,76}/g, '$&\r\n').trimEnd();
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** UTF-8 bytes of a string; the core has no TextEncoder (it is not part of ECMAScript). */
export function utf8Bytes(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

export function utf8Base64(text: string): string {
  const bytes = utf8Bytes(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    out += B64[a >> 2]! + B64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : B64[c & 63]!;
  }
  return out;
}

/** What `reconnect draft` prints for To: the same quoting as the message, without the encoding. */
export function formatAddressForDisplay(a: { name: string; email: string }): string {
  const display = oneLine(a.name);
  const email = oneLine(a.email);
  if (display === '') return email;
  const phrase = /^[\p{L}\p{N}!#$%&'*+\-/=?^_`{|}~ ]+$/u.test(display) ? display : `"${display.replace(/(["\\])/g, '\\$1')}"`;
  return `${phrase} <${email}>`;
}
