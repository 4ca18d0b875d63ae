/** Reconnect's labels through the Gmail REST API; it never touches a label it did not create. */
import type { gmail_v1 } from '@googleapis/gmail';
import { BATCH_MODIFY_MAX_IDS, chunk, type MessageRef } from '../core/plan-labels';
import type { GmailCaller } from './create-gmail-caller';

export interface GmailLabel {
  id: string;
  name: string;
  type: string;
}

export class GmailApiLabeler {
  constructor(
    private readonly gmail: gmail_v1.Gmail,
    private readonly call: GmailCaller,
  ) {}

  async list(): Promise<GmailLabel[]> {
    const { data } = await this.call('users.labels.list', () =>
      this.gmail.users.labels.list({ userId: 'me', fields: 'labels(id,name,type)' }),
    );
    return (data.labels ?? []).map((l) => ({ id: l.id ?? '', name: l.name ?? '', type: l.type ?? '' }));
  }

  async create(name: string): Promise<string> {
    const { data } = await this.call('users.labels.create', () =>
      this.gmail.users.labels.create({
        userId: 'me',
        fields: 'id',
        requestBody: { name, labelListVisibility: 'labelShow', messageListVisibility: 'show' },
      }),
    );
    return data.id ?? '';
  }

  /** Messages carrying the label now, all pages. */
  async labelled(labelId: string): Promise<MessageRef[]> {
    const out: MessageRef[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await this.call('users.messages.list', () =>
        this.gmail.users.messages.list({ userId: 'me', labelIds: [labelId], maxResults: 500, pageToken, fields: 'messages(id,threadId),nextPageToken' }),
      );
      for (const m of data.messages ?? []) if (m.id) out.push({ id: m.id, threadId: m.threadId ?? '' });
      pageToken = data.nextPageToken || undefined;
    } while (pageToken !== undefined);
    return out;
  }

  async modify(ids: readonly string[], change: { add?: string; remove?: string }): Promise<void> {
    for (const batch of chunk(ids, BATCH_MODIFY_MAX_IDS)) {
      await this.call('users.messages.batchModify', () =>
        this.gmail.users.messages.batchModify({
          userId: 'me',
          requestBody: {
            ids: batch,
            addLabelIds: change.add === undefined ? [] : [change.add],
            removeLabelIds: change.remove === undefined ? [] : [change.remove],
          },
        }),
      );
    }
  }
}
