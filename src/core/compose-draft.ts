/**
 * A reconnect draft as plain data, then as an RFC 5322 message: the same
 * bytes whether Apps Script or the Node CLI hands it to Gmail's drafts.create.
 */
import type { Assessment } from './assess-contact';
import { capReferences } from './fold-messages';
import type { Contact, Millis } from './ledger';
import { oneLine } from './build-mime-message';
import { latestThread } from './plan-labels';
import { buildTemplateView } from './build-template-view';
import type { ParsedTemplate } from './parse-template';
import { renderTemplate } from './render-template';

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
    // RFC 5322 section 3.6.4: the parent's References (or In-Reply-To) followed by its Message-ID.
    references: replyReferences(ref.references ?? '', ref.messageId),
  };
}

/** A Message-ID a reply can name; a giant one (some mailers, or a hostile message) is not used. */
function isMessageId(value: string): boolean {
  return value.length <= MESSAGE_ID_MAX_CHARS && /^<[^<>\s@]+@[^<>\s@]+>$/.test(value.trim());
}

/** Longer Message-IDs are not replied to: a header line must stay under 998 octets (RFC 5322 section 2.1.1). */
const MESSAGE_ID_MAX_CHARS = 900;

/** The parent's References followed by its Message-ID, newest kept within REFERENCES_MAX_CHARS. */
export function replyReferences(parentReferences: string, parentMessageId: string): string {
  const ids = (parentReferences.match(/<[^<>\s]+>/g) ?? []).filter((id) => id !== parentMessageId && id.length <= MESSAGE_ID_MAX_CHARS);
  return capReferences([...ids, parentMessageId.trim()].join(' '));
}

/** The thread's subject, with one "Re: " in front, as mail clients keep a thread together. */
export function replySubject(subject: string): string {
  const clean = oneLine(subject);
  return /^re:/i.test(clean) ? clean : `Re: ${clean}`;
}


export { buildMimeMessage, utf8Base64, utf8Bytes } from './build-mime-message';
