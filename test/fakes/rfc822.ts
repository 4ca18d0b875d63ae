/**
 * Just enough RFC 5322 / MIME to read the drafts Reconnect writes and to render
 * stored messages back as `raw`: unfolded headers, RFC 2047 encoded-words,
 * base64 and quoted-printable bodies, and multipart bodies (text/plain preferred).
 */

export interface Header {
  name: string;
  value: string;
}

export interface ParsedMessage {
  /** Decoded headers in their original order. */
  headers: Header[];
  /** The text/plain body, or the HTML body stripped of tags when there is no text part. */
  text: string;
  html: string | null;
}

export function headerValue(headers: readonly Header[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

export function parseRfc822(source: string): ParsedMessage {
  const { headerBlock, body } = splitHeaderBody(source);
  const headers = parseHeaderBlock(headerBlock);
  const out: ParsedMessage = { headers, text: '', html: null };
  readPart(headers, body, out);
  if (out.text === '' && out.html !== null) out.text = out.html.replace(/<[^>]*>/g, '');
  return out;
}

function splitHeaderBody(source: string): { headerBlock: string; body: string } {
  const m = /\r?\n\r?\n/.exec(source);
  if (!m) return { headerBlock: source, body: '' };
  return { headerBlock: source.slice(0, m.index), body: source.slice(m.index + m[0].length) };
}

function parseHeaderBlock(block: string): Header[] {
  const headers: Header[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '') continue;
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  for (const h of headers) h.value = decodeEncodedWords(h.value);
  return headers;
}

/** RFC 2047: =?charset?B|Q?text?=, with whitespace between adjacent words dropped. */
export function decodeEncodedWords(value: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  const joined = value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1');
  return joined.replace(word, (_m, charset: string, enc: string, text: string) => {
    const bytes = enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qDecode(text.replace(/_/g, ' '));
    return decodeBytes(bytes, charset);
  });
}

function qDecode(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    const hex = text.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(c.charCodeAt(0) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function quotedPrintableDecode(body: string): Buffer {
  return qDecode(body.replace(/=\r?\n/g, ''));
}

function decodeBytes(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function contentTypeParam(contentType: string, param: string): string | undefined {
  const m = new RegExp(`;\\s*${param}\\s*=\\s*("([^"]*)"|[^;\\s]+)`, 'i').exec(contentType);
  if (!m) return undefined;
  return m[2] ?? m[1];
}

function readPart(headers: Header[], body: string, out: ParsedMessage): void {
  const contentType = headerValue(headers, 'Content-Type') ?? 'text/plain; charset=us-ascii';
  const mime = contentType.split(';')[0]?.trim().toLowerCase() ?? 'text/plain';
  if (mime.startsWith('multipart/')) {
    const boundary = contentTypeParam(contentType, 'boundary');
    if (!boundary) return;
    const pieces = body.split(new RegExp(`\\r?\\n?--${escapeRegExp(boundary)}(?:--)?[ \\t]*\\r?\\n?`));
    for (const piece of pieces) {
      if (piece.trim() === '') continue;
      const { headerBlock, body: partBody } = splitHeaderBody(piece);
      readPart(parseHeaderBlock(headerBlock), partBody, out);
    }
    return;
  }
  if (!mime.startsWith('text/')) return;
  const encoding = (headerValue(headers, 'Content-Transfer-Encoding') ?? '7bit').toLowerCase();
  const charset = contentTypeParam(contentType, 'charset') ?? 'utf-8';
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') bytes = quotedPrintableDecode(body);
  else bytes = Buffer.from(body, 'latin1');
  const text = decodeBytes(bytes, charset).replace(/\r\n/g, '\n');
  if (mime === 'text/html') {
    if (out.html === null) out.html = text;
  } else if (out.text === '') {
    out.text = text;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Encodes a header value as an RFC 2047 B-word when it is not plain ASCII. */
export function encodeHeaderValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** Renders headers and a UTF-8 text body as an RFC 5322 message with CRLF line ends. */
export function buildRfc822(headers: readonly Header[], text: string): string {
  const lines = headers.map((h) => `${h.name}: ${encodeHeaderValue(h.value)}`);
  const hasType = headers.some((h) => h.name.toLowerCase() === 'content-type');
  if (!hasType) {
    lines.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64');
    const encoded = Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
    return `${lines.join('\r\n')}\r\n\r\n${encoded}`;
  }
  return `${lines.join('\r\n')}\r\n\r\n${text.replace(/\r?\n/g, '\r\n')}`;
}

/** Message-ID-style tokens (`<a@b>`) in a References or In-Reply-To value. */
export function messageIdTokens(value: string | undefined): string[] {
  if (!value) return [];
  return value.match(/<[^<>\s]+>/g) ?? [];
}
