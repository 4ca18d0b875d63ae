/** Creates Reconnect's drafts through the Gmail REST API. There is no way to send here, by design. */
import type { gmail_v1 } from '@googleapis/gmail';
import { buildMimeMessage } from '../core/build-mime-message';
import type { DraftPlan, Owner } from '../core/compose-draft';
import { DRAFT_MARKER_HEADER } from '../core/plan-draft-run';
import { findSentAfter, type DraftRecord } from '../core/plan-drafts';
import { classifyGmailError } from './call-gmail-with-retry';
import type { GmailCaller } from './create-gmail-caller';

export interface OpenDraft {
  draftId: string;
  messageId: string;
  threadId: string;
}

export class GmailApiDrafter {
  constructor(
    private readonly gmail: gmail_v1.Gmail,
    private readonly call: GmailCaller,
  ) {}

  /**
   * users.drafts.create with the RFC 5322 message as base64url `raw`; with the
   * thread id, In-Reply-To, References and a matching subject Gmail files it
   * in that thread (developers.google.com/workspace/gmail/api/guides/threads).
   */
  async create(plan: DraftPlan, from: Owner, boundarySeed: string, marker: string): Promise<OpenDraft> {
    const raw = Buffer.from(buildMimeMessage(plan, from, { boundarySeed, marker }), 'utf8').toString('base64url');
    const message: gmail_v1.Schema$Message = plan.threadId === null ? { raw } : { raw, threadId: plan.threadId };
    const { data } = await this.call('users.drafts.create', () =>
      this.gmail.users.drafts.create({ userId: 'me', fields: 'id,message(id,threadId)', requestBody: { message } }),
    );
    return { draftId: data.id ?? '', messageId: data.message?.id ?? '', threadId: data.message?.threadId ?? '' };
  }

  /** Every draft in the mailbox, all pages (users.drafts.list, 500 a page at most). */
  async listOpen(): Promise<OpenDraft[]> {
    const out: OpenDraft[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await this.call('users.drafts.list', () =>
        this.gmail.users.drafts.list({ userId: 'me', maxResults: 500, pageToken, fields: 'drafts(id,message(id,threadId)),nextPageToken' }),
      );
      for (const d of data.drafts ?? []) {
        if (d.id) out.push({ draftId: d.id, messageId: d.message?.id ?? '', threadId: d.message?.threadId ?? '' });
      }
      pageToken = data.nextPageToken || undefined;
    } while (pageToken !== undefined);
    return out;
  }

  /** The draft's X-Reconnect-Draft header, or '' (none, or the draft is gone). */
  async markerOf(draftId: string): Promise<string> {
    try {
      const { data } = await this.call('users.drafts.get', () =>
        // drafts.get takes no metadataHeaders (users.drafts/get reference): metadata format brings every header.
        this.gmail.users.drafts.get({ userId: 'me', id: draftId, format: 'metadata', fields: 'message/payload/headers' }),
      );
      const header = data.message?.payload?.headers?.find((h) => (h.name ?? '').toLowerCase() === DRAFT_MARKER_HEADER.toLowerCase());
      return header?.value?.trim() ?? '';
    } catch (error) {
      if (classifyGmailError(error).kind === 'not-found') return '';
      throw error;
    }
  }

  /** The To header of a draft, to recognise one whose id a crashed run never saved. */
  async recipient(draftId: string): Promise<string> {
    try {
      const { data } = await this.call('users.drafts.get', () =>
        this.gmail.users.drafts.get({ userId: 'me', id: draftId, format: 'metadata', fields: 'message/payload/headers' }),
      );
      return data.message?.payload?.headers?.find((h) => (h.name ?? '').toLowerCase() === 'to')?.value ?? '';
    } catch (error) {
      if (classifyGmailError(error).kind === 'not-found') return '';
      throw error;
    }
  }

  /** When the user sent mail in the draft's thread after the draft was made, or null: sent, not deleted. */
  async findSentAt(record: DraftRecord): Promise<number | null> {
    if (record.threadId === '') return null;
    let thread: gmail_v1.Schema$Thread;
    try {
      ({ data: thread } = await this.call('users.threads.get', () =>
        this.gmail.users.threads.get({ userId: 'me', id: record.threadId, format: 'minimal', fields: 'messages(id,labelIds,internalDate)' }),
      ));
    } catch (error) {
      // The whole thread is gone: nothing was sent from it that we can see.
      if (classifyGmailError(error).kind === 'not-found') return null;
      throw error;
    }
    return findSentAfter(thread.messages ?? [], record.createdAt);
  }
}
