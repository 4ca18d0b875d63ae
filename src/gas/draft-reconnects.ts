/**
 * Drafts, one on request (a card's button) or a capped batch (the weekly
 * trigger). Every draft is remembered before the next is made, so a run cut
 * off anywhere never leaves a second open draft for the same person.
 */
import { assessLedger, type Assessment } from '../core/assess-contact';
import { composeDraft, type DraftPlan, type Owner } from '../core/compose-draft';
import type { Ledger } from '../core/ledger';
import {
  allMarkersFound,
  draftedLabelTarget,
  draftMarker,
  markerCandidates,
  missingDraftedLabels,
  openDraftOf,
  pendingRecord,
  recordCreated,
  settlePending,
  type ListedDraft,
} from '../core/plan-draft-run';
import { isRetryable, PermanentError } from '../core/reconnect-error';
import { planDraftBatch, reconcileDraftLog, type DraftKind, type DraftRecord, type PlannedDraft } from '../core/plan-drafts';
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

/** A reason the user can act on, shown on a card or in the run summary; retrying does not change it. */
export class DraftRefusedError extends PermanentError {
  override name = 'DraftRefusedError';
}

export interface BatchSummary {
  drafted: Array<{ email: string; kind: DraftKind }>;
  skipped: Array<{ email: string; reason: string }>;
  /** retryable: the failure may pass (a 5xx, a lost answer); false when the user must act first. */
  errors: Array<{ email: string; message: string; retryable: boolean }>;
  templateProblems: string[];
  /** True when the batch stopped at the time budget; the rest waits for the continuation. */
  cutShort: boolean;
}

/** Drafts to one person now, unless an open Reconnect draft for them already exists. */
export function createDraftFor(deps: DraftingDeps, email: string, templateName: string): CreatedDraft {
  const now = deps.now();
  const { ledger } = deps.store.load();
  const records = reconcile(deps, now);
  deps.draftLog.write(records);
  if (openDraftOf(records, email) !== null) throw new DraftRefusedError(`A Reconnect draft to ${email} is already in your Drafts.`);
  const assessment = assessLedger(ledger, now, deps.state.settings().policy, deps.overrides?.() ?? {}).find((a) => a.email === email);
  if (assessment === undefined) throw new DraftRefusedError(`Reconnect has no history with ${email} yet.`);
  const kind: DraftKind = templateName === 'thank-you' ? 'thank-you' : 'reconnect';
  const planned: PlannedDraft = { email, kind, template: templateName };
  const { created } = draftOne(deps, ledger, records, assessment, templates(deps), planned, ownerOf(deps), now, 0);
  try {
    labelDrafted(deps, ledger, email);
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
  relabelDrafted(deps, ledger, records);
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
  for (const [index, planned] of plan.drafts.entries()) {
    if (deps.now() >= deadline) {
      summary.cutShort = true;
      break;
    }
    try {
      const done = draftOne(deps, ledger, records, byEmail.get(planned.email)!, registry, planned, owner, now, index);
      records = done.records;
      summary.drafted.push({ email: planned.email, kind: planned.kind });
      labelDrafted(deps, ledger, planned.email);
    } catch (error) {
      // A failed write leaves the pending record behind; the next run settles it by its marker.
      records = deps.draftLog.read();
      summary.errors.push({ email: planned.email, message: error instanceof Error ? error.message : String(error), retryable: isRetryable(error) });
    }
  }
  return summary;
}

/**
 * One draft, the plan's way: the pending record with its marker is written
 * first, then drafts.create is called once. If its answer is lost, the marker
 * is looked for at once; never is the create repeated blindly.
 */
function draftOne(
  deps: DraftingDeps,
  ledger: Ledger,
  before: readonly DraftRecord[],
  assessment: Assessment,
  registry: TemplateRegistry,
  planned: PlannedDraft,
  owner: Owner,
  now: number,
  index: number,
): { created: CreatedDraft; records: DraftRecord[] } {
  const template = registry.templates[planned.template];
  if (template === undefined) throw new DraftRefusedError(`There is no template named "${planned.template}".`);
  const settings = deps.state.settings();
  const contact = ledger.contacts[assessment.email]!;
  const plan: DraftPlan = composeDraft({
    contact,
    assessment,
    owner,
    template,
    now,
    replyInThread: settings.replyInThread,
    timeZone: deps.session.getScriptTimeZone(),
  });
  const marker = draftMarker(planned.email, now, index);
  let records = [...before, pendingRecord(planned, plan, marker, now)];
  deps.draftLog.write(records);
  let created: CreatedDraft;
  try {
    // A rate-limit refusal is retried (Google did not carry it out); anything else is not.
    created = callWithRetry(() => deps.drafter.create(plan, owner, now, marker), deps.sleep);
  } catch (error) {
    const draft = findMarkers(deps, records).get(marker);
    if (draft === undefined) {
      // Gmail shows its own writes at once: no draft carries the marker, so none was made.
      deps.draftLog.write(before);
      throw error;
    }
    created = { draftId: draft.draftId, messageId: draft.messageId, threadId: draft.threadId };
  }
  records = recordCreated(records, marker, created);
  deps.draftLog.write(records);
  return { created, records };
}

/** Marks the drafted thread; the draft is already made and remembered, so this may fail alone. */
function labelDrafted(deps: DraftingDeps, ledger: Ledger, email: string): void {
  // Not the draft's own message: draft messages cannot carry any label but DRAFT (Gmail's drafts guide).
  const target = draftedLabelTarget(ledger.contacts[email]!);
  if (target === null) return;
  const retry = <T>(call: () => T) => callWithRetry(call, deps.sleep);
  const labelId = retry(() => deps.labeler.ensureLabel(deps.state.settings().labels.drafted));
  retry(() => deps.labeler.apply(labelId, { add: [{ id: target.id, threadId: target.threadId }], remove: [] }));
}

/** Earlier drafts whose label a cut-short run never added get it now; a failure here waits for the next run. */
function relabelDrafted(deps: DraftingDeps, ledger: Ledger, records: readonly DraftRecord[]): void {
  if (!records.some((r) => r.state === 'open')) return;
  try {
    const retry = <T>(call: () => T) => callWithRetry(call, deps.sleep);
    const labelId = retry(() => deps.labeler.ensureLabel(deps.state.settings().labels.drafted));
    const missing = missingDraftedLabels(records, ledger.contacts, retry(() => deps.labeler.labelled(labelId)));
    if (missing.length > 0) retry(() => deps.labeler.apply(labelId, { add: missing, remove: [] }));
  } catch {
    // Only a marker; the drafts themselves are recorded.
  }
}

/** Reads the marker of each draft no record knows, newest first, until every pending marker is found. */
function findMarkers(deps: Pick<DraftingDeps, 'drafter'>, records: readonly DraftRecord[], listed?: readonly ListedDraft[]): Map<string, ListedDraft> {
  const found = new Map<string, ListedDraft>();
  const wanted = new Set(records.filter((r) => r.state === 'pending').map((r) => r.marker ?? ''));
  for (const d of markerCandidates(records, listed ?? deps.drafter.listDrafts())) {
    if (allMarkersFound(records, found)) break;
    const marker = deps.drafter.markerOf(d.draftId);
    if (wanted.has(marker)) found.set(marker, d);
  }
  return found;
}

/** The log brought up to date: pending records settled by their markers, then open drafts checked against Drafts. */
export function reconcileWithGmail(deps: Pick<DraftingDeps, 'drafter'>, stored: readonly DraftRecord[], now: number): DraftRecord[] {
  if (!stored.some((r) => r.state === 'open' || r.state === 'pending')) return [...stored];
  const listed = deps.drafter.listDrafts();
  const records = stored.some((r) => r.state === 'pending') ? settlePending(stored, findMarkers(deps, stored, listed)).records : [...stored];
  const open = new Set(listed.map((d) => d.draftId));
  return reconcileDraftLog(records, open, (r) => deps.drafter.findSentAt(r), now);
}

function reconcile(deps: DraftingDeps, now: number): DraftRecord[] {
  return reconcileWithGmail(deps, deps.draftLog.read(), now);
}

function templates(deps: DraftingDeps): TemplateRegistry {
  return loadTemplates(BUNDLED_TEMPLATES, deps.templateOverrides?.() ?? []);
}

function ownerOf(deps: DraftingDeps): Owner {
  return deps.source.ownerIdentity();
}
