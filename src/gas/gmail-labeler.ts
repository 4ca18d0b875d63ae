/** Puts Reconnect's own labels on messages, and never touches a label it did not create. */
import { PermanentError } from '../core/reconnect-error';
import { BATCH_MODIFY_MAX_IDS, chunk, type LabelPlan, type MessageRef } from '../core/plan-labels';
import { requireAdvancedGmail, type AdvancedGmail } from './advanced-gmail';
import type { PropertiesStateStore } from './properties-state-store';
import type { LabelerPort } from './gas-ports';

/** The created-labels entry while a create call is in flight. */
const PENDING = '';

/** A label name the user already uses for a label of their own: retrying cannot fix it. */
export class LabelConflictError extends PermanentError {
  override name = 'LabelConflictError';
}

export class GmailLabeler implements LabelerPort {
  constructor(
    private readonly state: PropertiesStateStore,
    private readonly gmail: AdvancedGmail = requireAdvancedGmail(),
  ) {}

  /** The id of Reconnect's label `name`, created on first use. */
  ensureLabel(name: string): string {
    const created = this.state.createdLabels();
    const labels = this.gmail.Users.Labels.list('me').labels ?? [];
    const known = created[name];
    // A stored id is trusted only if Gmail reports a user label with that id and that name:
    // a hand-edited or stale property must never point Reconnect at a system label or someone else's.
    const same = (l: GoogleAppsScript.Gmail.Schema.Label) => (l.name ?? '').toLowerCase() === name.toLowerCase();
    if (known !== undefined && known !== PENDING && labels.some((l) => l.id === known && l.type === 'user' && same(l))) return known;
    const clash = labels.find((l) => (l.name ?? '').toLowerCase() === name.toLowerCase());
    if (clash !== undefined && known === PENDING) {
      // A run died between creating the label and recording it: it is ours.
      this.state.saveCreatedLabels({ ...created, [name]: clash.id! });
      return clash.id!;
    }
    if (clash !== undefined) {
      throw new LabelConflictError(
        `A label named "${clash.name}" already exists and Reconnect did not create it; pick another label name in Reconnect's settings.`,
      );
    }
    // Recorded before the create call, so a run killed right after it still knows the label is its own.
    this.state.saveCreatedLabels({ ...created, [name]: PENDING });
    const label = this.gmail.Users.Labels.create(
      { name, labelListVisibility: 'labelShow', messageListVisibility: 'show' },
      'me',
    );
    this.state.saveCreatedLabels({ ...created, [name]: label.id! });
    return label.id!;
  }

  /** Messages carrying the label now, all pages. */
  labelled(labelId: string): MessageRef[] {
    const out: MessageRef[] = [];
    let pageToken: string | undefined;
    do {
      const page = this.gmail.Users.Messages.list('me', { labelIds: [labelId], maxResults: 500, pageToken });
      for (const m of page.messages ?? []) out.push({ id: m.id!, threadId: m.threadId! });
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined && pageToken !== '');
    return out;
  }

  apply(labelId: string, plan: LabelPlan): void {
    for (const batch of chunk(plan.add, BATCH_MODIFY_MAX_IDS)) {
      this.gmail.Users.Messages.batchModify({ ids: batch.map((m) => m.id), addLabelIds: [labelId] }, 'me');
    }
    for (const batch of chunk(plan.remove, BATCH_MODIFY_MAX_IDS)) {
      this.gmail.Users.Messages.batchModify({ ids: batch.map((m) => m.id), removeLabelIds: [labelId] }, 'me');
    }
  }
}
