/** Header values to mailboxes. */
import addressparser from 'nodemailer/lib/addressparser';
import { decodeEncodedWords } from './decode-encoded-words';
import { normalizeEmail } from './normalize-email';

export interface Mailbox {
  /** Normalized identity (see normalizeEmail). */
  email: string;
  /** Display name, trimmed; '' when absent or when it only repeats the address. */
  name: string;
  /** The address as the header wrote it, trimmed, in Unicode NFC (looks the same): what people see; the identity is `email`. */
  address: string;
}

// The same From and To values recur thousands of times in a mailbox; a bounded
// memo turns most of them into one lookup. Cleared whole when full, so memory
// stays bounded (entries) and results never depend on what was parsed before.
const MEMO_LIMIT = 20_000;
const MEMO_MAX_LENGTH = 160;
const memo: [Map<string, readonly Mailbox[]>, Map<string, readonly Mailbox[]>] = [new Map(), new Map()];

/**
 * Parses a From/To/Cc/Bcc value. Plain lists ("Name <a@b>, c@d", names quoted
 * or not) take a fast path; anything with comments, groups, escapes or odd
 * quoting goes to nodemailer's addressparser, which copes with what real
 * mailers write. Entries that are not a usable mailbox are dropped, never
 * returned half-formed. The result is shared: do not mutate it.
 */
export function parseAddresses(header: string, mergeGmail = true): readonly Mailbox[] {
  if (header === '') return [];
  // Long recipient lists rarely repeat; hashing them only to miss costs more than it saves.
  const cache = header.length <= MEMO_MAX_LENGTH ? memo[mergeGmail ? 1 : 0] : null;
  const hit = cache?.get(header);
  if (hit !== undefined) return hit;
  // The structure is read from the header as written; only then is each display name decoded
  // (RFC 2047 section 6.2), so a name that decodes to "Boss <boss@corp.example>" stays a name.
  const structured = quoteExtraAngleAddresses(header);
  const parsed = parseSimpleList(structured) ?? addressparser(structured, { flatten: true });
  const out: Mailbox[] = [];
  for (const entry of parsed) {
    const email = normalizeEmail(entry.address ?? '', mergeGmail);
    if (email === null) continue;
    out.push({ email, name: cleanName(decodeEncodedWords(entry.name), entry.address), address: (entry.address ?? '').trim().normalize('NFC') });
  }
  if (cache !== null) {
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(header, out);
  }
  return out;
}

const SIMPLE_ENTRY = /^\s*(?:"([^"\\]*)"|([^"<>@,]*?))\s*<([^<>\s"@]+@[^<>\s"@]+)>\s*$/;
const BARE_ENTRY = /^\s*([^<>\s"@]+@[^<>\s"@]+)\s*$/;

/** Name/address pairs of a plain list, or null when the header needs the full parser. */
export function parseSimpleList(header: string): Array<{ name: string; address: string }> | null {
  // Comments, groups, escapes and route syntax are where the full parser earns its keep.
  if (/[()\\:;[\]]/.test(header)) return null;
  const out: Array<{ name: string; address: string }> = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= header.length; i += 1) {
    const ch = header.charCodeAt(i);
    if (ch === 34 /* " */) quoted = !quoted;
    else if ((ch === 44 /* , */ && !quoted) || i === header.length) {
      const part = header.slice(start, i);
      start = i + 1;
      if (part.trim() === '') continue;
      const named = SIMPLE_ENTRY.exec(part);
      if (named !== null) {
        out.push({ name: named[1] ?? named[2] ?? '', address: named[3]! });
        continue;
      }
      const bare = BARE_ENTRY.exec(part);
      if (bare === null) return null;
      out.push({ name: '', address: bare[1]! });
    }
  }
  return quoted ? null : out;
}

function cleanName(name: string, address: string): string {
  const trimmed = name.replace(/\s+/g, ' ').trim().replace(/^(['"])(.*)\1$/, '$2').trim();
  if (trimmed.toLowerCase() === address.trim().toLowerCase()) return '';
  return trimmed;
}

/**
 * A mailbox has one angle address and it comes last (RFC 5322 section 3.4: name-addr is
 * [display-name] angle-addr). A source that hands over header values already decoded can turn
 * "=?utf-8?Q?Boss_<boss@corp.example>?= <attacker@evil.example>" into two angle addresses in one
 * entry, and addressparser takes the first. Quoting everything before the last one keeps the
 * sender's real address and shows the rest as the name.
 */
export function quoteExtraAngleAddresses(header: string): string {
  const first = header.indexOf('<');
  if (first < 0 || first === header.lastIndexOf('<')) return header;
  let out = '';
  let changed = false;
  let start = 0;
  let quoted = false;
  let comment = 0;
  let angle = false;
  let lastAngle = -1;
  let angles = 0;
  /** Appends the entry header[start, end) and the separator at `end`, if any. */
  const finish = (end: number) => {
    const entry = header.slice(start, end);
    if (angles >= 2) {
      const phrase = header.slice(start, lastAngle).trim().replace(/[\\"]/g, '\\$&');
      out += `"${phrase}" ${header.slice(lastAngle, end)}`;
      changed = true;
    } else out += entry;
    out += header.slice(end, end + 1);
    start = end + 1;
    angles = 0;
    lastAngle = -1;
  };
  for (let i = 0; i < header.length; i++) {
    const ch = header[i];
    if (ch === '\\') i++;
    else if (quoted) quoted = ch !== '"';
    else if (comment > 0) comment += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    else if (angle) angle = ch !== '>';
    else if (ch === '"') quoted = true;
    else if (ch === '(') comment = 1;
    else if (ch === '<') {
      angle = true;
      angles++;
      lastAngle = i;
    } else if (ch === ',' || ch === ';' || ch === ':') finish(i);
  }
  finish(header.length);
  return changed ? out : header;
}
