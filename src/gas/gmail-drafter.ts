/** Creates Reconnect's drafts through the Advanced Gmail service. There is no send here, by design. */
import { buildMimeMessage } from '../core/build-mime-message';
import type { DraftPlan, Owner } from '../core/compose-draft';
import { DRAFT_MARKER_HEADER, type ListedDraft } from '../core/plan-draft-run';
import { findSentAfter, type DraftRecord } from '../core/plan-drafts';
import { requireAdvancedGmail, type AdvancedGmail } from './advanced-gmail';
import type { DrafterPort } from './gas-ports';

export interface CreatedDraft {
  draftId: string;
  messageId: string;
  threadId: string;
}

export class GmailDrafter implements DrafterPort {
  constructor(
    private readonly utilities: GoogleAppsScript.Utilities.Utilities = Utilities,
    private readonly gmail: AdvancedGmail = requireAdvancedGmail(),
  ) {}

  /** drafts.create with the RFC 5322 message as base64url `raw` (users.drafts.create). */
  create(plan: DraftPlan, from: Owner, now: number, marker: string): CreatedDraft {
    const mime = buildMimeMessage(plan, from, { boundarySeed: `${now}${marker}`, marker });
    const raw = this.utilities.base64EncodeWebSafe(mime, this.utilities.Charset.UTF_8);
    const message: GoogleAppsScript.Gmail.Schema.Message = plan.threadId === null ? { raw } : { raw, threadId: plan.threadId };
    const draft = this.gmail.Users.Drafts.create({ message }, 'me');
    return { draftId: draft.id ?? '', messageId: draft.message?.id ?? '', threadId: draft.message?.threadId ?? '' };
  }

  /** Every draft in the mailbox, all pages (users.drafts.list, 500 a page at most), newest first. */
  listDrafts(): ListedDraft[] {
    const out: ListedDraft[] = [];
    let pageToken: string | undefined;
    do {
      const page = this.gmail.Users.Drafts.list('me', { maxResults: 500, pageToken });
      for (const d of page.drafts ?? []) if (d.id) out.push({ draftId: d.id, messageId: d.message?.id ?? '', threadId: d.message?.threadId ?? '' });
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return out;
  }

  /** Ids of every draft in the mailbox. */
  openDraftIds(): Set<string> {
    return new Set(this.listDrafts().map((d) => d.draftId));
  }

  /** The draft's X-Reconnect-Draft header, or '' (none, or the draft is gone). */
  markerOf(draftId: string): string {
    let draft: GoogleAppsScript.Gmail.Schema.Draft;
    try {
      // drafts.get takes no metadataHeaders (users.drafts/get reference): metadata format brings every header.
      draft = this.gmail.Users.Drafts.get('me', draftId, { format: 'metadata' });
    } catch (error) {
      if (/not found|notFound|404/i.test(error instanceof Error ? error.message : String(error))) return '';
      throw error;
    }
    const header = (draft.message?.payload?.headers ?? []).find((h) => (h.name ?? '').toLowerCase() === DRAFT_MARKER_HEADER.toLowerCase());
    return header?.value?.trim() ?? '';
  }

  /** When the user sent mail in the draft's thread after the draft was made, or null: sent vs deleted. */
  findSentAt(record: DraftRecord): number | null {
    if (record.threadId === '') return null;
    let thread: GoogleAppsScript.Gmail.Schema.Thread;
    try {
      thread = this.gmail.Users.Threads.get('me', record.threadId, { format: 'minimal' });
    } catch {
      // The whole thread is gone (deleted by the user): nothing was sent from it that we can see.
      return null;
    }
    return findSentAfter(thread.messages ?? [], record.createdAt);
  }
}
