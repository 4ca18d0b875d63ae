/**
 * Reads message metadata through the Gmail REST API: ids by label, headers
 * only, and the history of what was added since a scan. Nothing here needs
 * more than the gmail.metadata scope, which forbids the `q` search parameter
 * (developers.google.com/workspace/gmail/api/auth/scopes), so mail is
 * selected by label id instead.
 */
import type { gmail_v1 } from '@googleapis/gmail';
import { METADATA_HEADERS, toMessageMeta, type MessageMeta, type MessageRef } from '../core/message-meta';
import { normalizeEmail } from '../core/normalize-email';
import { classifyGmailError } from './call-gmail-with-retry';
import type { GmailCaller } from './create-gmail-caller';

/** users.messages.list and users.history.list return at most 500 a page. */
export const MAX_PAGE = 500;

// Partial responses (developers.google.com/workspace/gmail/api/guides/performance#partial):
// only the fields read below cross the network.
const MESSAGE_FIELDS = 'id,threadId,labelIds,internalDate,payload/headers';
const LIST_FIELDS = 'messages(id,threadId),nextPageToken,resultSizeEstimate';
const HISTORY_FIELDS = 'history(id,messagesAdded/message(id,threadId,labelIds)),nextPageToken,historyId';

export interface MessagePage {
  messages: MessageRef[];
  nextPageToken: string | null;
  estimate: number;
}

export interface AddedMessage {
  id: string;
  /** The history record that added it. */
  historyRecord: string;
  /** Labels when it was added; empty when history did not say. */
  labelIds: string[];
}

export interface HistoryPage {
  added: AddedMessage[];
  nextPageToken: string | null;
  /** The mailbox's current historyId. */
  historyId: string;
}

export interface GmailProfile {
  emailAddress: string;
  historyId: string;
  messagesTotal: number;
}

export interface OwnerIdentity {
  addresses: string[];
  /** Display name of the default send-as address; '' when none is set. */
  name: string;
  /** The default send-as address, for the From of drafts. */
  email: string;
}

/** users.history.list answered 404: the start is older than the history Gmail keeps. */
export class HistoryExpiredError extends Error {
  override name = 'HistoryExpiredError';
}

export class GmailApiMailSource {
  constructor(
    private readonly gmail: gmail_v1.Gmail,
    private readonly call: GmailCaller,
  ) {}

  async profile(): Promise<GmailProfile> {
    const { data } = await this.call('users.getProfile', () =>
      this.gmail.users.getProfile({ userId: 'me', fields: 'emailAddress,historyId,messagesTotal' }),
    );
    return { emailAddress: data.emailAddress ?? '', historyId: data.historyId ?? '', messagesTotal: Number(data.messagesTotal ?? 0) };
  }

  /** The account's address and its send-as aliases: whose mail counts as sent. */
  async owner(profileAddress: string): Promise<OwnerIdentity> {
    const { data } = await this.call('users.settings.sendAs.list', () =>
      this.gmail.users.settings.sendAs.list({ userId: 'me', fields: 'sendAs(sendAsEmail,displayName,isDefault,isPrimary)' }),
    );
    const aliases = data.sendAs ?? [];
    const addresses = new Set<string>();
    const primary = normalizeEmail(profileAddress);
    if (primary !== null) addresses.add(primary);
    for (const alias of aliases) {
      const email = normalizeEmail(alias.sendAsEmail ?? '');
      if (email !== null) addresses.add(email);
    }
    const chosen = aliases.find((a) => a.isDefault === true) ?? aliases.find((a) => a.isPrimary === true);
    return { addresses: [...addresses], name: chosen?.displayName ?? '', email: chosen?.sendAsEmail ?? profileAddress };
  }

  /** How many messages carry a label (users.labels.get messagesTotal), for the progress bar. */
  async labelTotal(labelId: string): Promise<number> {
    const { data } = await this.call('users.labels.get', () =>
      this.gmail.users.labels.get({ userId: 'me', id: labelId, fields: 'messagesTotal' }),
    );
    return Number(data.messagesTotal ?? 0);
  }

  /** One page of message ids under a label, newest first, spam and trash left out. */
  async listPage(labelId: string, pageToken: string | null, pageSize: number): Promise<MessagePage> {
    const { data } = await this.call('users.messages.list', () =>
      this.gmail.users.messages.list({
        userId: 'me',
        labelIds: [labelId],
        maxResults: Math.min(pageSize, MAX_PAGE),
        pageToken: pageToken ?? undefined,
        fields: LIST_FIELDS,
      }),
    );
    const messages = (data.messages ?? []).filter((m) => m.id).map((m) => ({ id: m.id!, threadId: m.threadId ?? '' }));
    return { messages, nextPageToken: data.nextPageToken || null, estimate: Number(data.resultSizeEstimate ?? messages.length) };
  }

  /** A message's headers and labels; null when it was deleted since it was listed. */
  async getMetadata(id: string): Promise<MessageMeta | null> {
    try {
      const { data } = await this.call('users.messages.get', () =>
        this.gmail.users.messages.get({ userId: 'me', id, format: 'metadata', metadataHeaders: [...METADATA_HEADERS], fields: MESSAGE_FIELDS }),
      );
      return toMessageMeta(data);
    } catch (error) {
      if (classifyGmailError(error).kind === 'not-found') return null;
      throw error;
    }
  }

  /**
   * One page of messages added since `startHistoryId` (users.history.list,
   * developers.google.com/workspace/gmail/api/guides/sync). Gmail keeps
   * history for about a week; an older start answers 404.
   */
  async historyPage(startHistoryId: string, pageToken: string | null): Promise<HistoryPage> {
    let data: gmail_v1.Schema$ListHistoryResponse;
    try {
      ({ data } = await this.call('users.history.list', () =>
        this.gmail.users.history.list({
          userId: 'me',
          startHistoryId,
          historyTypes: ['messageAdded'],
          maxResults: MAX_PAGE,
          pageToken: pageToken ?? undefined,
          fields: HISTORY_FIELDS,
        }),
      ));
    } catch (error) {
      if (classifyGmailError(error).kind === 'not-found') throw new HistoryExpiredError(`history ${startHistoryId} has expired`);
      throw error;
    }
    const added: AddedMessage[] = [];
    for (const record of data.history ?? []) {
      for (const item of record.messagesAdded ?? []) {
        const m = item.message;
        if (m?.id) added.push({ id: m.id, historyRecord: record.id ?? startHistoryId, labelIds: m.labelIds ?? [] });
      }
    }
    return { added, nextPageToken: data.nextPageToken || null, historyId: data.historyId ?? startHistoryId };
  }
}

