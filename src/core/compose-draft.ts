/**
 * A reconnect draft as plain data, then as an RFC 5322 message: the same
 * bytes whether Apps Script or the Node CLI hands it to Gmail's drafts.create.
 */
import type { Assessment } from './assess-contact';
import type { Contact, Millis } from './ledger';
import { latestThread } from './plan-labels';
import { buildTemplateView, renderTemplate, type ParsedTemplate } from './render-template';

export interface Owner {
  name: string;
  email: string;
}

export interface DraftPlan {
  template: string;
  to: { name: string; email: string };
  subject: string;
  text: string;
  html: string | null;
  /** Gmail thread to reply in; null for a new message. */
  threadId: string | null;
  /** RFC 5322 threading headers (RFC 5322 section 3.6.4); '' for a new message. */
  inReplyTo: string;
  references: string;
}

export interface ComposeInput {
  contact: Contact;
  assessment: Assessment;
  owner: Owner;
  template: ParsedTemplate;
  now: Millis;
  /** Reply in the person's latest thread when there is a usable one. */
  replyInThread: boolean;
  timeZone?: string;
  locale?: string;
}

export function composeDraft(input: ComposeInput): DraftPlan {
  const view = buildTemplateView(input);
  const rendered = renderTemplate(input.template, view, { format: input.template.html === null ? 'text' : 'html' });
  // Written to the address as they spell it; the normalized form is only the ledger's key.
  const to = { name: view.name, email: input.assessment.address };
  const ref = latestThread(input.contact);
  // Gmail files a draft into a thread only when threadId, In-Reply-To/References
  // and a matching Subject agree (developers.google.com/workspace/gmail/api/guides/threads).
  const usable = input.replyInThread && ref !== null && ref.threadId !== '' && isMessageId(ref.messageId);
  if (!usable) {
    return { template: input.template.name, to, subject: rendered.subject, text: rendered.body, html: rendered.html ?? null, threadId: null, inReplyTo: '', references: '' };
  }
  return {
    template: input.template.name,
    to,
    subject: replySubject(ref.subject),
    text: rendered.body,
    html: rendered.html ?? null,
    threadId: ref.threadId,
    inReplyTo: ref.messageId,
    references: ref.messageId,
  };
}

function isMessageId(value: string): boolean {
  return /^<[^<>\s@]+@[^<>\s@]+>$/.test(value.trim());
}

/** The thread's subject, with one "Re: " in front, as mail clients keep a thread together. */
export function replySubject(subject: string): string {
  const clean = oneLine(subject);
  return /^re:/i.test(clean) ? clean : `Re: ${clean}`;
}

/** Header text from untrusted input: no CR or LF, so nothing can add a header (RFC 5322 section 2.2). */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The draft as an RFC 5322 message with MIME bodies in UTF-8, base64-encoded, ready for drafts.create `raw`. */
export function buildMimeMessage(plan: DraftPlan, from: Owner, boundarySeed: string): string {
  const headers = [
    `From: ${formatAddress(from)}`,
    `To: ${formatAddress(plan.to)}`,
    `Subject: ${encodeHeader(oneLine(plan.subject))}`,
    'MIME-Version: 1.0',
  ];
  if (plan.inReplyTo !== '') headers.push(`In-Reply-To: ${oneLine(plan.inReplyTo)}`, `References: ${oneLine(plan.references)}`);
  const textPart = ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', wrapBase64(utf8Base64(plan.text))];
  if (plan.html === null) return [...headers, ...textPart, ''].join('\r\n');
  const boundary = `reconnect-${boundarySeed.replace(/[^A-Za-z0-9]/g, '')}`;
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

function formatAddress(a: { name: string; email: string }): string {
  const email = oneLine(a.email).replace(/[<>\s"]/g, '');
  const name = oneLine(a.name);
  if (name === '') return email;
  if (/[^\x20-\x7e]/.test(name)) return `${encodeWord(name)} <${email}>`;
  return `"${name.replace(/(["\\])/g, '\\$1')}" <${email}>`;
}

function encodeHeader(text: string): string {
  return /[^\x20-\x7e]/.test(text) ? encodeWord(text) : text;
}

/** RFC 2047 encoded words of at most 75 characters, split between whole characters. */
function encodeWord(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (utf8Bytes(chunk + ch).length > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${utf8Base64(w)}?=`).join(' ');
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
