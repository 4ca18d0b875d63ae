/** Which messages gain or lose the "lapsed" label so it sits on each lapsed person's latest thread only. */
import type { Assessment } from './assess-contact';
import type { Contact, Ledger, ThreadRef } from './ledger';
import type { MessageRef } from './message-meta';

export type { MessageRef } from './message-meta';

/**
 * users.messages.batchModify: "There is a limit of 1000 ids per request"
 * (developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/batchModify).
 * Both sides label through it, so both batch by it.
 */
export const BATCH_MODIFY_MAX_IDS = 1000;

export interface LabelPlan {
  /** One message per thread to label: Gmail shows a thread under every label any of its messages has. */
  add: MessageRef[];
  /** Every labelled message whose thread no longer belongs to a lapsed person. */
  remove: MessageRef[];
}

export function latestThread(contact: Contact): ThreadRef | null {
  const a = contact.lastSentThread;
  const b = contact.lastReceivedThread;
  if (a === null) return b;
  if (b === null) return a;
  return a.date >= b.date ? a : b;
}

export function planLapsedLabels(
  assessments: readonly Assessment[],
  ledger: Ledger,
  labelled: readonly MessageRef[],
): LabelPlan {
  const wanted = new Map<string, MessageRef>();
  for (const a of assessments) {
    if (a.state !== 'lapsed') continue;
    const ref = latestThread(ledger.contacts[a.email]!);
    if (ref === null || ref.id === '' || ref.threadId === '') continue;
    wanted.set(ref.threadId, { id: ref.id, threadId: ref.threadId });
  }
  const labelledThreads = new Set(labelled.map((m) => m.threadId));
  const add = [...wanted.values()]
    .filter((m) => !labelledThreads.has(m.threadId))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const remove = labelled.filter((m) => !wanted.has(m.threadId));
  return { add, remove };
}

/** Splits ids into chunks of at most `size`, for APIs that cap a batch. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
