/**
 * Drafts, one on request (a card's button) or a capped batch (the weekly
 * trigger). Every draft is remembered before the next is made, so a run cut
 * off anywhere never leaves a second open draft for the same person.
 */
import { assessLedger, type Assessment } from '../core/assess-contact';
import { composeDraft, type DraftPlan, type Owner } from '../core/compose-draft';
import type { Ledger } from '../core/ledger';
import {
  createDraftPlan,
  draftedLabelTarget,
  draftMarker,
  findMarkersPlan,
  missingDraftedLabels,
  openDraftOf,
  settlePending,
  type DraftIo,
} from '../core/plan-draft-run';
import { runPlanSync } from '../core/run-plan';
import { isRetryable, PermanentError } from '../core/reconnect-error';
import { planDraftBatch, reconcileDraftLog, type DraftKind, type DraftRecord, type PlannedDraft } from '../core/plan-drafts';
import { loadTemplates, type TemplateRegistry } from '../core/load-templates';
import type { TemplateOverride } from '../core/parse-template';
import { BUNDLED_TEMPLATES } from './bundled-templates';
import { callWithRetry } from './call-with-retry';
import type { CreatedDraft } from './gmail-drafter';
import type { ScanDeps } from './scan-mailbox';
import type { DrafterPort, DraftLogPort } from './gas-ports';

export interface DraftingDeps extends ScanDeps {
  drafter: DrafterPort;
  draftLog: DraftLogPort;
  session: GoogleAppsScript.Base.Session;
  /** The user's own templates from the Templates sheet. */
  templateOverrides?: () => TemplateOverride[];
  /** Notes a broken override on its row of the Templates sheet. */
  reportTemplateProblems?: (problems: TemplateRegistry['problems']) => void;
  /** Issue 14: the ledger as people (cards, links, meetings from the last sync), so nobody met yesterday is drafted to. */
  viewPeople?: (ledger: Ledger, now: number) => Ledger;
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
  const stored = deps.store.load().ledger;
  const ledger = deps.viewPeople?.(stored, now) ?? stored;
  // Any of a person's addresses finds them.
  email = (ledger as { aliases?: Record<string, string> }).aliases?.[email] ?? email;
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
export function runDraftBatch(deps: DraftingDeps, stored: Ledger, deadline: number): BatchSummary {
  const now = deps.now();
  const ledger = deps.viewPeople?.(stored, now) ?? stored;
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
  return runPlanSync(createDraftPlan(before, planned, plan, marker, now), (io) =>
    io.kind === 'create'
      ? // A rate-limit refusal is retried (Google did not carry it out); anything else goes back to the plan.
        callWithRetry(() => deps.drafter.create(plan, owner, now, io.marker), deps.sleep)
      : perform(deps.drafter, io, (records) => deps.draftLog.write(records)),
  );
}

/** Carries out the plan's requests other than the create. */
function perform(drafter: DrafterPort, io: DraftIo, save: (records: DraftRecord[]) => void): unknown {
  switch (io.kind) {
    case 'save':
      return save(io.records);
    case 'list':
      return drafter.listDrafts();
    case 'marker':
      return drafter.markerOf(io.draftId);
    case 'create':
      throw new Error('drafts.create is carried out by draftOne');
  }
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

/** The log brought up to date: pending records settled by their markers, then open drafts checked against Drafts. */
export function reconcileWithGmail(deps: Pick<DraftingDeps, 'drafter'>, stored: readonly DraftRecord[], now: number): DraftRecord[] {
  if (!stored.some((r) => r.state === 'open' || r.state === 'pending')) return [...stored];
  const listed = deps.drafter.listDrafts();
  // Reconciling only reads Gmail; the caller stores what it returns.
  const found = runPlanSync(findMarkersPlan(stored, listed), (io) => perform(deps.drafter, io, () => undefined));
  const records = settlePending(stored, found).records;
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
