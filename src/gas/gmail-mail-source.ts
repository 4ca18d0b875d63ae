/** Reads message metadata through the Advanced Gmail service: ids by search, then headers only. */
import { METADATA_HEADERS, toMessageMeta, type MessageMeta } from '../core/message-meta';
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
