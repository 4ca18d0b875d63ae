/** Decides what a message says about the owner's relationships, if anything. */
import { canonicalLabel, type MessageMeta } from './message-meta';
import { domainOf } from './normalize-email';
import { parseAddresses, type Mailbox } from './parse-addresses';
import type { FoldOptions } from './settings';

export type MessageSkipReason =
  | 'draft'
  | 'chat'
  | 'spam'
  | 'trash'
  | 'category'
  | 'mailing-list'
  | 'bulk'
  | 'automated'
  | 'no-sender'
  | 'role-sender'
  | 'excluded'
  | 'no-people';

export type Classification =
  | { kind: 'skip'; reason: MessageSkipReason }
  | { kind: 'sent'; people: Mailbox[]; weak: boolean }
  | { kind: 'received'; person: Mailbox; weak: boolean };

const SKIP_LABELS: ReadonlyMap<string, MessageSkipReason> = new Map([
  ['DRAFT', 'draft'],
  ['CHAT', 'chat'],
  ['SPAM', 'spam'],
  ['TRASH', 'trash'],
]);

// Gmail's own classifier already separates people from machines in received
// mail; Primary (CATEGORY_PERSONAL) is kept.
const MACHINE_CATEGORIES = new Set([
  'CATEGORY_PROMOTIONS',
  'CATEGORY_SOCIAL',
  'CATEGORY_UPDATES',
  'CATEGORY_FORUMS',
]);

// Role and robot mailboxes: no person reads them, so they are never contacts.
const ROLE_LOCAL_PART =
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|notifications?|calendar[-_.]?notification|bounces?|auto[-_.]?confirm|unsubscribe)(?:[-+_.].*)?$/;

// RFC 3834 section 3.1.7 and the Precedence values mailing-list software writes.
const BULK_PRECEDENCE = /^\s*(?:bulk|list|junk)\b/i;
const NOT_AUTOMATED = /^\s*no\s*(?:;|$)/i;

export function isRoleAddress(email: string): boolean {
  return ROLE_LOCAL_PART.test(email.slice(0, email.lastIndexOf('@')));
}

export function classifyMessage(message: MessageMeta, options: FoldOptions): Classification {
  const labels = message.labels.map(canonicalLabel);
  for (const label of labels) {
    const reason = SKIP_LABELS.get(label);
    if (reason !== undefined) return { kind: 'skip', reason };
  }
  // A post carries List-Id even when a person wrote it; a newsletter carries
  // List-Unsubscribe (RFC 2919, RFC 2369).
  if (present(message.listId)) return { kind: 'skip', reason: 'mailing-list' };
  if (present(message.listUnsubscribe)) return { kind: 'skip', reason: 'bulk' };
  if (present(message.precedence) && BULK_PRECEDENCE.test(message.precedence!)) {
    return { kind: 'skip', reason: 'bulk' };
  }
  if (present(message.autoSubmitted) && !NOT_AUTOMATED.test(message.autoSubmitted!)) {
    return { kind: 'skip', reason: 'automated' };
  }

  const sender = parseAddresses(message.from, options.mergeGmailVariants)[0];
  if (sender === undefined) return { kind: 'skip', reason: 'no-sender' };

  if (options.owner.has(sender.email)) {
    const recipients = parseRecipients(message, options);
    const weak = recipients.length > options.largeRecipientCount;
    const seen = new Set<string>();
    const people: Mailbox[] = [];
    for (const r of recipients) {
      if (seen.has(r.email) || !isPerson(r.email, options)) continue;
      seen.add(r.email);
      people.push(r);
    }
    if (people.length === 0) return { kind: 'skip', reason: 'no-people' };
    return { kind: 'sent', people, weak };
  }

  if (labels.some((l) => MACHINE_CATEGORIES.has(l))) return { kind: 'skip', reason: 'category' };
  if (isRoleAddress(sender.email)) return { kind: 'skip', reason: 'role-sender' };
  if (isExcluded(sender.email, options)) return { kind: 'skip', reason: 'excluded' };
  return { kind: 'received', person: sender, weak: hasManyRecipients(message, options) };
}

function parseRecipients(message: MessageMeta, options: FoldOptions): Mailbox[] {
  return [
    ...parseAddresses(message.to, options.mergeGmailVariants),
    ...parseAddresses(message.cc, options.mergeGmailVariants),
    ...parseAddresses(message.bcc, options.mergeGmailVariants),
  ];
}

/**
 * Whether received mail went to more than largeRecipientCount people. Every
 * mailbox has an "@", so when the headers hold no more "@" than the limit the
 * answer is no without parsing them: most received mail, at a fraction of the cost.
 */
function hasManyRecipients(message: MessageMeta, options: FoldOptions): boolean {
  const ats = countAt(message.to) + countAt(message.cc) + countAt(message.bcc);
  if (ats <= options.largeRecipientCount) return false;
  return parseRecipients(message, options).length > options.largeRecipientCount;
}

function countAt(text: string): number {
  let n = 0;
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) n += 1;
  return n;
}

function isPerson(email: string, options: FoldOptions): boolean {
  return !options.owner.has(email) && !isRoleAddress(email) && !isExcluded(email, options);
}

function isExcluded(email: string, options: FoldOptions): boolean {
  return options.excludedAddresses.has(email) || options.excludedDomains.has(domainOf(email));
}

function present(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
