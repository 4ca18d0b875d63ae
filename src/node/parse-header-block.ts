import { decodeEncodedWords, decodeUtf8, registerCharsetDecoder } from '../core/decode-encoded-words';

// Charsets the core decoder does not carry (ISO-8859-2, KOI8-R, Shift_JIS, GB2312, Big5...):
// Node's TextDecoder knows every WHATWG encoding.
registerCharsetDecoder((charset, bytes) => {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return null;
  }
});

/** The header fields Reconnect reads, unfolded and decoded; absent fields are undefined. */
export interface HeaderFields {
  messageId?: string;
  references?: string;
  /** Raw Date value; see parseRfc5322Date. */
  date?: string;
  from?: string;
  to?: string;
  cc?: string;
  bcc?: string;
  subject?: string;
  /** Raw X-Gmail-Labels value; see splitGmailLabels. */
  gmailLabels?: string;
  gmailThreadId?: string;
  listId?: string;
  listUnsubscribe?: string;
  precedence?: string;
  autoSubmitted?: string;
}

type FieldKey = keyof HeaderFields;

/**
 * Lower-cased header name, the field it fills, whether RFC 2047 encoded words are decoded in it
 * (only in unstructured text: address lists are parsed first and decode their names themselves,
 * see parseAddresses), and whether repeated fields are joined (To, Cc, Bcc, as the Gmail API path
 * does) rather than the first kept.
 */
type Wanted = readonly [name: string, key: FieldKey, encodedWords: boolean, joined?: boolean];

/**
 * Wanted headers indexed by name length, so that most of the 30-60 headers of a real
 * message (Received, DKIM-Signature, ARC-*, X-Google-*) are rejected on their length alone.
 */
const WANTED_BY_LENGTH: ReadonlyArray<ReadonlyArray<Wanted> | undefined> = (() => {
  const table: Wanted[][] = [];
  const wanted: Wanted[] = [
    ['message-id', 'messageId', false],
    ['references', 'references', false],
    ['date', 'date', false],
    ['from', 'from', false],
    ['to', 'to', false, true],
    ['cc', 'cc', false, true],
    ['bcc', 'bcc', false, true],
    ['subject', 'subject', true],
    ['x-gmail-labels', 'gmailLabels', false],
    ['x-gm-thrid', 'gmailThreadId', false],
    ['list-id', 'listId', false],
    ['list-unsubscribe', 'listUnsubscribe', false],
    ['precedence', 'precedence', false],
    ['auto-submitted', 'autoSubmitted', false],
  ];
  for (const entry of wanted) (table[entry[0].length] ??= []).push(entry);
  return table;
})();

/** Pairs of [from, to) byte offsets of the current field's value, one per physical line; reused across calls. */
const scratchSegments: number[] = [];
const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const TAB = 0x09;
const COLON = 0x3a;
/** The longest wanted name ("list-unsubscribe"), so the search for ":" can stop early. */
const MAX_WANTED_NAME = 16;

/**
 * Reads the wanted fields from the header block in block[start, end), up to its first
 * empty line. Lines may end in CRLF or LF. Folded lines (RFC 5322 section 2.2.3) are unfolded
 * by dropping the line break and keeping the whitespace. The first occurrence of a field wins.
 * Values are trimmed; raw 8-bit bytes are read as UTF-8 when they are valid UTF-8 (RFC 6532),
 * else as latin1; RFC 2047 encoded words are decoded in From, To, Cc, Bcc and Subject.
 *
 * Works on bytes and decodes only the wanted values, so each value is a string of its own:
 * a substring of a decoded header block would keep the whole block alive in V8.
 */
export function parseHeaderBlock(block: Buffer, start = 0, end = block.length): HeaderFields {
  const fields: HeaderFields = {};
  let current: Wanted | undefined;
  const segments = scratchSegments;
  let p = start;
  while (p < end) {
    let next = block.indexOf(LF, p);
    if (next < 0 || next > end) next = end;
    let lineEnd = next;
    if (lineEnd > p && block[lineEnd - 1] === CR) lineEnd--;
    if (lineEnd === p) break;
    const c = block[p];
    if (c === SP || c === TAB) {
      if (current !== undefined) segments.push(p, lineEnd);
    } else {
      if (current !== undefined) store(fields, current, block, segments);
      current = matchWanted(block, p, lineEnd);
      if (current !== undefined) {
        if (fields[current[1]] !== undefined && current[3] !== true) current = undefined;
        else {
          segments.length = 0;
          segments.push(block.indexOf(COLON, p) + 1, lineEnd);
        }
      }
    }
    p = next + 1;
  }
  if (current !== undefined) store(fields, current, block, segments);
  return fields;
}

/**
 * The wanted header that the line at `start` names, ignoring case and the obsolete
 * whitespace before ":" (RFC 5322 section 4.5.6).
 */
function matchWanted(block: Buffer, start: number, lineEnd: number): Wanted | undefined {
  const stop = Math.min(lineEnd, start + MAX_WANTED_NAME + 1);
  let colon = start;
  while (colon < stop && block[colon] !== COLON) colon++;
  if (colon === stop) return undefined;
  let end = colon;
  while (end > start && (block[end - 1] === SP || block[end - 1] === TAB)) end--;
  const candidates = WANTED_BY_LENGTH[end - start];
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) {
    if (equalsLowerCase(block, start, candidate[0])) return candidate;
  }
  return undefined;
}

/** Compares block[start...] with a lower-case ASCII name, folding only letters. */
function equalsLowerCase(block: Buffer, start: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const want = lower.charCodeAt(i);
    const got = block[start + i];
    if (got !== want && !(want >= 0x61 && want <= 0x7a && got === want - 0x20)) return false;
  }
  return true;
}

function store(fields: HeaderFields, [, key, encodedWords]: Wanted, block: Buffer, segments: number[]): void {
  const earlier = fields[key];
  // Trim the unfolded value: leading whitespace of the first line, trailing of the last.
  let from = segments[0] as number;
  let to = segments[1] as number;
  while (from < to && isBlank(block[from])) from++;
  let value: string;
  if (segments.length === 2) {
    while (to > from && isBlank(block[to - 1])) to--;
    value = decodeBytes(block, from, to);
  } else {
    value = decodeBytes(block, from, to);
    for (let i = 2; i < segments.length; i += 2) {
      value += decodeBytes(block, segments[i] as number, segments[i + 1] as number);
    }
    value = value.trim();
  }
  if (encodedWords) value = decodeEncodedWords(value);
  // A repeated To or Cc (a broken mailer's second line) adds its addresses to the first.
  fields[key] = earlier === undefined || earlier === '' ? value : value === '' ? earlier : `${earlier}, ${value}`;
}

function isBlank(c: number | undefined): boolean {
  return c === SP || c === TAB;
}

/**
 * Node's Buffer#latin1Slice and #utf8Slice: the bindings behind toString('latin1') and
 * toString('utf8') without its argument checks, half the cost per call; @types/node does not
 * declare them.
 */
interface Slicing {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** block[from, to) as latin1, in a new string that shares nothing with the block. */
export function sliceLatin1(block: Buffer, from: number, to: number): string {
  return (block as unknown as Slicing).latin1Slice(from, to);
}

/**
 * Bytes to text, in a new string. UTF-8 (RFC 6532 allows raw UTF-8 in headers, and Gmail writes
 * labels that way), with U+FFFD at each invalid byte only, when the bytes hold any valid
 * multi-byte UTF-8 sequence: one stray byte in an otherwise UTF-8 name must not turn the rest
 * into mojibake. Bytes with no valid UTF-8 sequence at all are a legacy 8-bit charset sent
 * without RFC 2047 and are read as latin1, which keeps each byte as one character (an encoded
 * word's raw "\xfc" then decodes in its own charset). ASCII, the common case, costs one copy.
 */
export function decodeBytes(block: Buffer, from: number, to: number): string {
  const text = (block as unknown as Slicing).utf8Slice(from, to);
  if (!text.includes('\uFFFD')) return text;
  // Node's replacement is the WHATWG one; decodeUtf8 tells a real U+FFFD from a failure.
  if (hasValidMultibyte(block, from, to)) return decodeUtf8(block.subarray(from, to));
  return sliceLatin1(block, from, to);
}

/** Whether block[from, to) holds at least one well-formed multi-byte UTF-8 sequence. */
function hasValidMultibyte(block: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = block[i]!;
    if (b < 0xc2 || b > 0xf4) continue;
    const need = b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
    let ok = i + need < to;
    for (let k = 1; ok && k <= need; k++) ok = (block[i + k]! & 0xc0) === 0x80;
    if (ok) return true;
  }
  return false;
}

/**
 * Splits an X-Gmail-Labels value. Takeout separates labels with commas and double-quotes a
 * label that contains one ("Work, Clients"); a backslash escapes the next character inside
 * quotes. Labels are trimmed; empty ones are dropped.
 */
export function splitGmailLabels(value: string): string[] {
  const labels: string[] = [];
  if (!value.includes('"')) {
    for (const label of value.split(',')) pushLabel(labels, label);
    return labels;
  }
  let label = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (quoted) {
      if (ch === '\\' && i + 1 < value.length) label += value[++i];
      else if (ch === '"') quoted = false;
      else label += ch;
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      pushLabel(labels, label);
      label = '';
    } else {
      label += ch;
    }
  }
  pushLabel(labels, label);
  return labels;
}

function pushLabel(labels: string[], label: string): void {
  const trimmed = decodeEncodedWords(label.trim());
  if (trimmed !== '') labels.push(trimmed);
}
