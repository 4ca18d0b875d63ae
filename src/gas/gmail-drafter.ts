/** Creates Reconnect's drafts through the Advanced Gmail service. There is no send here, by design. */
import { buildMimeMessage, type DraftPlan, type Owner } from '../core/compose-draft';
import type { DraftRecord } from '../core/plan-drafts';
import { requireAdvancedGmail, type AdvancedGmail } from './advanced-gmail';

export interface CreatedDraft {
  draftId: string;
  messageId: string;
  threadId: string;
}

export class GmailDrafter {
  constructor(
    private readonly utilities: GoogleAppsScript.Utilities.Utilities = Utilities,
    private readonly gmail: AdvancedGmail = requireAdvancedGmail(),
  ) {}

  /** drafts.create with the RFC 5322 message as base64url `raw` (users.drafts.create). */
  create(plan: DraftPlan, from: Owner, now: number): CreatedDraft {
    const raw = this.utilities.base64EncodeWebSafe(buildMimeMessage(plan, from, `${now}`), this.utilities.Charset.UTF_8);
    const message: GoogleAppsScript.Gmail.Schema.Message = plan.threadId === null ? { raw } : { raw, threadId: plan.threadId };
    const draft = this.gmail.Users.Drafts.create({ message }, 'me');
    return { draftId: draft.id ?? '', messageId: draft.message?.id ?? '', threadId: draft.message?.threadId ?? '' };
  }

  /** Ids of every draft in the mailbox, all pages (users.drafts.list, 500 a page at most). */
  openDraftIds(): Set<string> {
    const ids = new Set<string>();
    let pageToken: string | undefined;
    do {
      const page = this.gmail.Users.Drafts.list('me', { maxResults: 500, pageToken });
      for (const d of page.drafts ?? []) if (d.id) ids.add(d.id);
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return ids;
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
    const sent = (thread.messages ?? [])
      .filter((m) => (m.labelIds ?? []).includes('SENT') && Number(m.internalDate ?? 0) >= record.createdAt)
      .map((m) => Number(m.internalDate));
    return sent.length === 0 ? null : Math.min(...sent);
  }
}
