/** Reconnect drafts from an mbox scan: one printed, or one .eml file per lapsed person. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildMimeMessage, formatAddressForDisplay } from '../core/build-mime-message';
import { composeDraft, type DraftPlan, type Owner } from '../core/compose-draft';
import { normalizeEmail } from '../core/normalize-email';
import type { TemplateRegistry } from '../core/load-templates';
import { loadBundledTemplates } from './load-bundled-templates';
import type { MboxScan } from './scan-mbox';
import { UserError } from './user-error';
import { writeUserFile } from './write-file-atomic';

export interface DraftOptions {
  templateName: string;
  now: number;
  ownerName: string;
  /** Reply in the person's latest thread (In-Reply-To) or start a new message. */
  replyInThread: boolean;
  registry?: TemplateRegistry;
  /** Files the run reads (the mbox): a draft never replaces one. */
  inputs?: readonly string[];
}

export function planDraftFromScan(scan: MboxScan, to: string, options: DraftOptions): DraftPlan {
  const written = normalizeEmail(to);
  if (written === null) throw new UserError(`--to "${to}" is not an email address; pass the person's address, e.g. --to ann@example.org`, 2);
  // Any of a person's addresses finds them.
  const email = scan.ledger.aliases?.[written] ?? written;
  const contact = scan.ledger.contacts[email];
  const assessment = scan.assessments.find((a) => a.email === email);
  if (contact === undefined || assessment === undefined) {
    throw new UserError(`${to} is not among the people in this mailbox; run reconnect scan to see who is`);
  }
  const registry = options.registry ?? loadBundledTemplates();
  const template = registry.templates[options.templateName];
  if (template === undefined) {
    throw new UserError(`there is no template "${options.templateName}"; choose one of ${Object.keys(registry.templates).sort().join(', ')}`, 2);
  }
  return composeDraft({ contact, assessment, owner: ownerOf(scan, options), template, now: options.now, replyInThread: options.replyInThread });
}

/** What `reconnect draft` prints: the headers a person reads, then the text. */
export function formatDraft(plan: DraftPlan): string {
  const lines = [`To: ${formatAddressForDisplay(plan.to)}`, `Subject: ${plan.subject}`];
  if (plan.inReplyTo !== '') lines.push(`In-Reply-To: ${plan.inReplyTo}`);
  return `${lines.join('\n')}\n\n${plan.text}\n`;
}

/**
 * One .eml per lapsed person, most overdue first. X-Unsent: 1 makes Outlook and
 * Thunderbird open the file as a draft to edit, not as received mail.
 */
export async function writeLapsedDrafts(scan: MboxScan, dir: string, options: Omit<DraftOptions, 'templateName'>): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UserError(`cannot create --drafts ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; check the path`);
  }
  const registry = options.registry ?? loadBundledTemplates();
  const written: string[] = [];
  for (const a of scan.assessments) {
    if (a.state !== 'lapsed') continue;
    const plan = planDraftFromScan(scan, a.email, { ...options, registry, templateName: 'reconnect' });
    const mime = buildMimeMessage(plan, ownerOf(scan, options), `${options.now}`);
    const file = join(dir, `${String(written.length + 1).padStart(3, '0')}-${a.email.replace(/[^a-z0-9@._-]/gi, '_')}.eml`);
    // Atomic, so a full disk leaves no 0-byte or torn .eml, and the failing file is named.
    writeUserFile(file, `X-Unsent: 1\r\n${mime}`, 'the draft', options.inputs);
    written.push(file);
  }
  return written;
}

function ownerOf(scan: MboxScan, options: { ownerName: string }): Owner {
  return { name: options.ownerName, email: scan.ownerShown[0] ?? scan.owner[0] ?? '' };
}
