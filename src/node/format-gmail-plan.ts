/** The plan of `reconnect apply --gmail` as text for people: what would change, or what did. */
import { formatIso } from '../core/format-iso';
import type { GmailApplyResult } from './apply-gmail';

export function formatGmailPlan(result: GmailApplyResult): string {
  const { plan, applied } = result;
  const lines: string[] = [];
  const asOf = plan.scannedAt === null ? '' : ` (ledger as of ${formatIso(plan.scannedAt)})`;
  lines.push(`Reconnect plan for ${plan.account}${asOf}`, '');

  const labelNote = plan.lapsedLabel.id === null && plan.add.length > 0 ? ' (the label will be created)' : '';
  lines.push(`Label "${plan.lapsedLabel.name}": ${plan.add.length} to add, ${plan.remove.length} to remove${labelNote}`);
  for (const m of plan.add) lines.push(`  + ${describePerson(m.name, m.email)}  ${quoteSubject(m.subject)}  thread ${m.threadId}`);
  for (const m of plan.remove) lines.push(`  - thread ${m.threadId} (no longer lapsed)`);
  lines.push('');

  lines.push(`Drafts to write: ${plan.drafts.length} — saved in Drafts for you to review, never sent`);
  for (const step of plan.drafts) {
    const where = step.draft.threadId === null ? 'new message' : `reply in thread ${step.draft.threadId}`;
    lines.push(`  ${step.planned.kind.padEnd(9)}  ${describePerson(step.draft.to.name, step.draft.to.email)}  ${quoteSubject(step.draft.subject)}  (${where})`);
  }
  if (plan.drafts.length > 0 && plan.draftedLabel.id === null) lines.push(`  each thread gets the label "${plan.draftedLabel.name}" (created on first use)`);
  const skipped = countReasons(plan.skipped.map((s) => s.reason));
  if (skipped.length > 0) lines.push(`Not drafted: ${skipped.join(', ')}`);
  if (plan.closed.sent + plan.closed.deleted > 0) lines.push(`Earlier drafts since the last run: ${plan.closed.sent} sent, ${plan.closed.deleted} deleted`);
  if (plan.recovered > 0) lines.push(`Found ${plan.recovered} draft(s) an interrupted run had made; they are kept, not made again`);
  lines.push('');

  if (!applied) {
    lines.push('Dry run: nothing was changed. Run again with --yes to apply this plan.');
  } else {
    lines.push(`Done: labelled ${plan.add.length} thread(s), unlabelled ${plan.remove.length}, wrote ${result.created.length} draft(s). Nothing was sent.`);
  }
  return `${lines.join('\n')}\n`;
}

function describePerson(name: string, email: string): string {
  const clean = makePrintable(name).trim();
  return clean === '' ? email : `${clean} <${email}>`;
}

function quoteSubject(subject: string): string {
  const clean = makePrintable(subject).trim();
  return `"${clean.length > 60 ? `${clean.slice(0, 59)}…` : clean}"`;
}

/** Header text is untrusted: control characters could move the terminal's cursor. */
function makePrintable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

function countReasons(items: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, n]) => `${n} ${item}`);
}
