import libmime from 'libmime';

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

/** Lower-cased header name, the field it fills, and whether RFC 2047 encoded words are decoded in it. */
type Wanted = readonly [name: string, key: FieldKey, encodedWords: boolean];

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
    ['from', 'from', true],
    ['to', 'to', true],
    ['cc', 'cc', true],
    ['bcc', 'bcc', true],
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
        if (fields[current[1]] !== undefined) current = undefined;
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
  fields[key] = encodedWords ? decodeEncodedWords(value) : value;
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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes to text, in a new string: UTF-8 (RFC 6532 allows raw UTF-8 in headers, and Gmail
 * writes labels that way), or latin1 when the bytes are not valid UTF-8, which usually means a
 * legacy 8-bit charset sent without RFC 2047. ASCII, the common case, costs one copy.
 */
export function decodeBytes(block: Buffer, from: number, to: number): string {
  const text = (block as unknown as Slicing).utf8Slice(from, to);
  if (!text.includes('\uFFFD')) return text;
  try {
    // U+FFFD is either a decoding failure or an honest replacement character.
    return strictUtf8.decode(block.subarray(from, to));
  } catch {
    return sliceLatin1(block, from, to);
  }
}

/**
 * A run of RFC 2047 encoded words separated only by whitespace: the unit libmime joins and
 * decodes (section 6.2 drops the whitespace between adjacent words). The token pattern is
 * libmime's own, so each run gets exactly the treatment it gets inside the whole value.
 */
const ENCODED_RUN = /=\?[^?]+\?[QqBb]\?[^?]*\?=(?:\s*=\?[^?]+\?[QqBb]\?[^?]*\?=)*/g;

/**
 * Decoded runs by raw run. A mailbox repeats each correspondent's encoded name thousands of
 * times and libmime runs five regular-expression passes per call, so a small memo pays; it is
 * emptied when full rather than kept in LRU order.
 */
const decodedRuns = new Map<string, string>();
const DECODED_MAX_ENTRIES = 4096;
/** Longer runs are rare and not worth keeping, in UTF-16 code units. */
const DECODED_MAX_LENGTH = 512;

/** Decodes RFC 2047 encoded words with libmime; a run that makes the decoder throw is kept as written. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  return value.replace(ENCODED_RUN, decodeRun);
}

function decodeRun(run: string): string {
  const known = decodedRuns.get(run);
  if (known !== undefined) return known;
  let result: string;
  try {
    result = libmime.decodeWords(run);
  } catch {
    result = run;
  }
  if (run.length <= DECODED_MAX_LENGTH) {
    if (decodedRuns.size >= DECODED_MAX_ENTRIES) decodedRuns.clear();
    decodedRuns.set(run, result);
  }
  return result;
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
