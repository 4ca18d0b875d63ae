/** Reads message metadata through the Advanced Gmail service: ids by search, then headers only. */
import { METADATA_HEADERS, toMessageMeta, type MessageMeta, type MessageRef } from '../core/message-meta';
import { normalizeEmail } from '../core/normalize-email';
import { requireAdvancedGmail, type AdvancedGmail } from './advanced-gmail';
import type { MailSourcePort } from './gas-ports';

/** Gmail caps messages.list at 500 results a page (users.messages.list maxResults). */
export const MAX_PAGE = 500;

export class GmailMailSource implements MailSourcePort {
  constructor(private readonly gmail: AdvancedGmail = requireAdvancedGmail()) {}

  /** One page of ids, newest first, for a Gmail search. */
  list(query: string, maxResults: number): { messages: MessageRef[]; estimate: number } {
    const response = this.gmail.Users.Messages.list('me', { q: query, maxResults: Math.min(maxResults, MAX_PAGE) });
    const messages = (response.messages ?? []).map((m) => ({ id: m.id ?? '', threadId: m.threadId ?? '' }));
    return { messages: messages.filter((m) => m.id !== ''), estimate: response.resultSizeEstimate ?? messages.length };
  }

  /** One page of thread ids for a Gmail search; order and page length are whatever Gmail gives. */
  listThreads(query: string, pageToken: string | null, maxResults: number): { threadIds: string[]; nextPageToken: string | null; estimate: number } {
    const response = this.gmail.Users.Threads.list('me', {
      q: query,
      maxResults: Math.min(maxResults, MAX_PAGE),
      ...(pageToken === null ? {} : { pageToken }),
    });
    const threadIds = (response.threads ?? []).map((t) => t.id ?? '').filter((id) => id !== '');
    return { threadIds, nextPageToken: response.nextPageToken || null, estimate: response.resultSizeEstimate ?? threadIds.length };
  }

  /**
   * Every message of a thread, headers only, in one call (users.threads.get with
   * format=metadata and metadataHeaders); null when the thread is gone.
   */
  readThread(threadId: string): MessageMeta[] | null {
    try {
      const thread = this.gmail.Users.Threads.get('me', threadId, { format: 'metadata', metadataHeaders: [...METADATA_HEADERS] });
      return (thread.messages ?? []).map((m) => toMessageMeta(m));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
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

function isNotFound(error: unknown): boolean {
  const details = (error as { details?: { code?: number } } | null)?.details;
  return details?.code === 404;
}
