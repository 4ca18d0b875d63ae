/**
 * Drafts, one on request (a card's button) or a capped batch (the weekly
 * trigger). Every draft is remembered before the next is made, so a run cut
 * off anywhere never leaves a second open draft for the same person.
 */
import { assessLedger, type Assessment } from '../core/assess-contact';
import { composeDraft, type Owner } from '../core/compose-draft';
import type { Ledger } from '../core/ledger';
import { planDraftBatch, reconcileDraftLog, type DraftKind, type DraftRecord } from '../core/plan-drafts';
import { latestThread } from '../core/plan-labels';
import { loadTemplates, type TemplateOverride, type TemplateRegistry } from '../core/render-template';
import { BUNDLED_TEMPLATES } from './bundled-templates';
import { callWithRetry } from './call-with-retry';
import type { CreatedDraft, GmailDrafter } from './gmail-drafter';
import type { ScanDeps } from './scan-mailbox';
import type { SheetDraftLog } from './sheet-draft-log';

export interface DraftingDeps extends ScanDeps {
  drafter: GmailDrafter;
  draftLog: SheetDraftLog;
  session: GoogleAppsScript.Base.Session;
  /** The user's own templates from the Templates sheet. */
  templateOverrides?: () => TemplateOverride[];
  /** Notes a broken override on its row of the Templates sheet. */
  reportTemplateProblems?: (problems: TemplateRegistry['problems']) => void;
}

/** A reason the user can act on, shown on a card or in the run summary. */
export class DraftRefusedError extends Error {
  override name = 'DraftRefusedError';
}

export interface BatchSummary {
  drafted: Array<{ email: string; kind: DraftKind }>;
  skipped: Array<{ email: string; reason: string }>;
  errors: Array<{ email: string; message: string }>;
  templateProblems: string[];
  /** True when the batch stopped at the time budget; the rest waits for the continuation. */
  cutShort: boolean;
}

/** Drafts to one person now, unless an open Reconnect draft for them already exists. */
export function createDraftFor(deps: DraftingDeps, email: string, templateName: string): CreatedDraft {
  const now = deps.now();
  const { ledger } = deps.store.load();
  const records = reconcile(deps, now);
  const open = records.find((r) => r.email === email && r.state === 'open');
  if (open !== undefined) {
    deps.draftLog.write(records);
    throw new DraftRefusedError(`A Reconnect draft to ${email} is already in your Drafts.`);
  }
  const assessment = assessLedger(ledger, now, deps.state.settings().policy, deps.overrides?.() ?? {}).find((a) => a.email === email);
  if (assessment === undefined) throw new DraftRefusedError(`Reconnect has no history with ${email} yet.`);
  const registry = templates(deps);
  const kind: DraftKind = templateName === 'thank-you' ? 'thank-you' : 'reconnect';
  const created = draftOne(deps, ledger, assessment, registry, templateName, ownerOf(deps), now);
  // Remembered before anything else can fail, so no later run makes a second draft.
  deps.draftLog.write([...records, record(email, kind, templateName, created, now)]);
  try {
    labelDrafted(deps, ledger, email, created);
  } catch {
    // The draft is made and remembered, which is what the user asked for; the
    // label is a marker, and reporting failure here would read as "no draft".
  }
  return created;
}

/** The weekly batch: thank-you drafts where due, then lapsed people by priority (strength and lateness), up to the weekly limit. */
export function runDraftBatch(deps: DraftingDeps, ledger: Ledger, deadline: number): BatchSummary {
  const now = deps.now();
  const settings = deps.state.settings();
  let records = reconcile(deps, now);
  deps.draftLog.write(records);
  const assessments = assessLedger(ledger, now, settings.policy, deps.overrides?.() ?? {});
  const plan = planDraftBatch({ assessments, ledger, records, now, limit: settings.draftsPerWeek });
  const registry = templates(deps);
  deps.reportTemplateProblems?.(registry.problems);
  const owner = ownerOf(deps);
  const summary: BatchSummary = {
    drafted: [],
    skipped: plan.skipped,
    errors: [],
    templateProblems: registry.problems.map((p) => `${p.name}: ${p.message}`),
    cutShort: false,
  };
  const byEmail = new Map(assessments.map((a) => [a.email, a]));
  for (const planned of plan.drafts) {
    if (deps.now() >= deadline) {
      summary.cutShort = true;
      break;
    }
    try {
      const created = draftOne(deps, ledger, byEmail.get(planned.email)!, registry, planned.template, owner, now);
      records = [...records, record(planned.email, planned.kind, planned.template, created, now)];
      deps.draftLog.write(records);
      summary.drafted.push({ email: planned.email, kind: planned.kind });
      labelDrafted(deps, ledger, planned.email, created);
    } catch (error) {
      summary.errors.push({ email: planned.email, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return summary;
}

function draftOne(
  deps: DraftingDeps,
  ledger: Ledger,
  assessment: Assessment,
  registry: TemplateRegistry,
  templateName: string,
  owner: Owner,
  now: number,
): CreatedDraft {
  const template = registry.templates[templateName];
  if (template === undefined) throw new DraftRefusedError(`There is no template named "${templateName}".`);
  const settings = deps.state.settings();
  const contact = ledger.contacts[assessment.email]!;
  const plan = composeDraft({
    contact,
    assessment,
    owner,
    template,
    now,
    replyInThread: settings.replyInThread,
    timeZone: deps.session.getScriptTimeZone(),
  });
  return callWithRetry(() => deps.drafter.create(plan, owner, now), deps.sleep);
}

/** Marks the drafted thread; the draft is already made and remembered, so this may fail alone. */
function labelDrafted(deps: DraftingDeps, ledger: Ledger, email: string, created: CreatedDraft): void {
  const retry = <T>(call: () => T) => callWithRetry(call, deps.sleep);
  const labelId = retry(() => deps.labeler.ensureLabel(deps.state.settings().labels.drafted));
  const ref = latestThread(ledger.contacts[email]!);
  const ids = [created.messageId, ref?.id ?? ''].filter((id) => id !== '');
  retry(() => deps.labeler.apply(labelId, { add: ids.map((id) => ({ id, threadId: created.threadId })), remove: [] }));
}

function reconcile(deps: DraftingDeps, now: number): DraftRecord[] {
  const records = deps.draftLog.read();
  if (!records.some((r) => r.state === 'open')) return records;
  const open = deps.drafter.openDraftIds();
  return reconcileDraftLog(records, open, (r) => deps.drafter.findSentAt(r), now);
}

function templates(deps: DraftingDeps): TemplateRegistry {
  return loadTemplates(BUNDLED_TEMPLATES, deps.templateOverrides?.() ?? []);
}

function ownerOf(deps: DraftingDeps): Owner {
  return deps.source.ownerIdentity();
}

function record(email: string, kind: DraftKind, template: string, created: CreatedDraft, now: number): DraftRecord {
  return { email, kind, template, draftId: created.draftId, threadId: created.threadId, createdAt: now, state: 'open', sentAt: null };
}
