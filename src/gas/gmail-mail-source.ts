/** Reads message metadata through the Advanced Gmail service: ids by search, then headers only. */
import { METADATA_HEADERS, type MessageMeta } from '../core/message-meta';
import { normalizeEmail } from '../core/normalize-email';
import { requireAdvancedGmail, type AdvancedGmail } from './advanced-gmail';

/** Gmail caps messages.list at 500 results a page (users.messages.list maxResults). */
export const MAX_PAGE = 500;

export interface ListedMessage {
  id: string;
  threadId: string;
}

export class GmailMailSource {
  constructor(private readonly gmail: AdvancedGmail = requireAdvancedGmail()) {}

  /** One page of ids, newest first, for a Gmail search. */
  list(query: string, maxResults: number): { messages: ListedMessage[]; estimate: number } {
    const response = this.gmail.Users.Messages.list('me', { q: query, maxResults: Math.min(maxResults, MAX_PAGE) });
    const messages = (response.messages ?? []).map((m) => ({ id: m.id ?? '', threadId: m.threadId ?? '' }));
    return { messages: messages.filter((m) => m.id !== ''), estimate: response.resultSizeEstimate ?? messages.length };
  }

  get(id: string): MessageMeta {
    const m = this.gmail.Users.Messages.get('me', id, { format: 'metadata', metadataHeaders: [...METADATA_HEADERS] });
    return toMessageMeta(m);
  }

  /** The name and address drafts are written from: the default send-as identity. */
  ownerIdentity(): { name: string; email: string } {
    const aliases = this.gmail.Users.Settings.SendAs.list('me').sendAs ?? [];
    const main = aliases.find((a) => a.isDefault === true) ?? aliases.find((a) => a.isPrimary === true);
    const email = main?.sendAsEmail ?? this.gmail.Users.getProfile('me').emailAddress ?? '';
    return { name: main?.displayName ?? '', email };
  }

  /** The account's address and its send-as aliases: the owner set. */
  ownerAddresses(): string[] {
    const out = new Set<string>();
    const profile = normalizeEmail(this.gmail.Users.getProfile('me').emailAddress ?? '');
    if (profile !== null) out.add(profile);
    for (const alias of this.gmail.Users.Settings.SendAs.list('me').sendAs ?? []) {
      const email = normalizeEmail(alias.sendAsEmail ?? '');
      if (email !== null) out.add(email);
    }
    return [...out];
  }
}

export function toMessageMeta(m: GoogleAppsScript.Gmail.Schema.Message): MessageMeta {
  const headers = new Map<string, string>();
  for (const h of m.payload?.headers ?? []) {
    const name = (h.name ?? '').toLowerCase();
    // Repeated headers (two To lines from a broken mailer) are joined, as RFC 5322 readers do.
    const value = h.value ?? '';
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  const optional = (name: string) => headers.get(name);
  return {
    id: m.id ?? '',
    threadId: m.threadId ?? '',
    // internalDate is what Gmail's after:/before: search compares, so the cursor and the ledger agree.
    date: Number(m.internalDate ?? 0),
    from: headers.get('from') ?? '',
    to: headers.get('to') ?? '',
    cc: headers.get('cc') ?? '',
    bcc: headers.get('bcc') ?? '',
    subject: headers.get('subject') ?? '',
    labels: m.labelIds ?? [],
    messageId: optional('message-id'),
    listId: optional('list-id'),
    listUnsubscribe: optional('list-unsubscribe'),
    precedence: optional('precedence'),
    autoSubmitted: optional('auto-submitted'),
  };
}
