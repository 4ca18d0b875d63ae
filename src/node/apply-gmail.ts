/**
 * `reconnect apply --gmail`: works out which threads gain or lose the Lapsed
 * label and which drafts to write, then — only when asked — does it through
 * the API. The same labels, reply-in-thread drafts and idempotency as the Apps
 * Script side: a person with an open Reconnect draft gets no second one, and a
 * draft whose id a crashed run never saved is found again, not duplicated.
 */
import { assessLedger, type Assessment } from '../core/assess-contact';
import { composeDraft, type DraftPlan, type Owner } from '../core/compose-draft';
import type { Contact, Ledger, Millis } from '../core/ledger';
import { parseAddresses } from '../core/parse-addresses';
import {
  createDraftPlan,
  draftedLabelTarget,
  draftMarker,
  findMarkersPlan,
  missingDraftedLabels,
  settlePending,
  type DraftIo,
} from '../core/plan-draft-run';
import { runPlanAsync } from '../core/run-plan';
import { planDraftBatch, reconcileDraftLog, type DraftBatchPlan, type DraftRecord, type PlannedDraft } from '../core/plan-drafts';
import { latestThread, planLapsedLabels, type MessageRef } from '../core/plan-labels';
import type { TemplateRegistry } from '../core/load-templates';
import { DEFAULT_POLICY, DEFAULT_SETTINGS, type PolicySettings } from '../core/settings';
import type { GmailApiDrafter, OpenDraft } from './gmail-api-drafter';
import type { GmailApiLabeler, GmailLabel } from './gmail-api-labeler';
import type { GmailState, PendingDraft } from './gmail-state';
import type { LedgerStorePort } from './scan-gmail';
import { UserError } from './user-error';

export interface ApplyGmailDeps {
  labeler: GmailApiLabeler;
  drafter: GmailApiDrafter;
  store: LedgerStorePort;
  templates: TemplateRegistry;
  /** The clock, for the draft log (ms). */
  now: () => number;
}

export interface ApplyGmailOptions {
  /**
   * Issue 14: the mail ledger as people (contact cards, meetings), from what
   * the last scan --gmail stored; absent, addresses are judged alone.
   */
  people?: (ledger: Ledger) => Ledger;
  /** Judge lapses as of this time (ms). */
  now: Millis;
  /** Reconnect drafts a run at most (thank-you drafts come on top, up to as many). */
  limit: number;
  /** Change Gmail; otherwise only read it and return the plan. */
  yes: boolean;
  policy?: PolicySettings;
}

/** A Reconnect label: its id, or null when it does not exist yet and would be created. */
export interface LabelTarget {
  name: string;
  id: string | null;
  /** The label was found under a name recorded as pending: Reconnect made it, and records its id on --yes. */
  adopt?: boolean;
}

export interface LabelChange extends MessageRef {
  email: string;
  name: string;
  subject: string;
}

export interface DraftStep {
  planned: PlannedDraft;
  draft: DraftPlan;
  /**
   * The message that gets the Drafted label: the person's latest sent or
   * received message, never the draft (draft messages carry only DRAFT); null
   * when the ledger knows none.
   */
  labelTarget: string | null;
}

export interface GmailApplyPlan {
  account: string;
  scannedAt: Millis | null;
  lapsedLabel: LabelTarget;
  draftedLabel: LabelTarget;
  add: LabelChange[];
  remove: MessageRef[];
  drafts: DraftStep[];
  /** Messages of earlier drafts still without the Drafted label (a run cut short before labelling). */
  relabel: string[];
  skipped: DraftBatchPlan['skipped'];
  /** Drafts no longer in Drafts since the last run. */
  closed: { sent: number; deleted: number };
  /** Drafts a crashed run made but never recorded, now adopted. */
  recovered: number;
}

export interface GmailApplyResult {
  plan: GmailApplyPlan;
  applied: boolean;
  created: DraftRecord[];
}

export async function applyGmail(deps: ApplyGmailDeps, options: ApplyGmailOptions): Promise<GmailApplyResult> {
  const state = deps.store.load();
  if (state === null || state.ledger === null) {
    throw new UserError('there is no Gmail ledger yet; run reconnect scan --gmail first');
  }
  const { plan, records } = await planApply(deps, state, options);
  if (!options.yes) return { plan, applied: false, created: [] };
  const created = await carryOut(deps, state, plan, records);
  return { plan, applied: true, created };
}

async function planApply(deps: ApplyGmailDeps, state: GmailState, options: ApplyGmailOptions): Promise<{ plan: GmailApplyPlan; records: DraftRecord[] }> {
  const ledger = options.people?.(state.ledger!) ?? state.ledger!;
  const labels = await deps.labeler.list();
  const names = DEFAULT_SETTINGS.labels;
  const lapsedLabel = resolveLabel(labels, state.labels, names.lapsed);
  const draftedLabel = resolveLabel(labels, state.labels, names.drafted);
  const labelled = lapsedLabel.id === null ? [] : await deps.labeler.labelled(lapsedLabel.id);

  const assessments = assessLedger(ledger, options.now, options.policy ?? DEFAULT_POLICY);
  const labelPlan = planLapsedLabels(assessments, ledger, labelled);
  const byThread = new Map<string, Contact>();
  for (const a of assessments) {
    const contact = ledger.contacts[a.email]!;
    const ref = latestThread(contact);
    if (a.state === 'lapsed' && ref !== null) byThread.set(ref.threadId, contact);
  }
  const add = labelPlan.add.map((m) => {
    const c = byThread.get(m.threadId)!;
    return { ...m, email: c.email, name: c.name, subject: latestThread(c)?.subject ?? '' };
  });

  const open = await deps.drafter.listOpen();
  const openIds = new Set(open.map((d) => d.draftId));
  const legacy = await recoverPendingDrafts(deps, state, open);
  const stored = [...state.drafts, ...legacy];
  // The dry run only reads: nothing is saved until --yes.
  const settled = settlePending(stored, await runPlanAsync(findMarkersPlan(stored, open), (io) => perform(deps, io, () => undefined)));
  const recovered = legacy.length + settled.recovered;
  const logged = settled.records;
  const sentAt = new Map<string, number | null>();
  for (const r of logged) {
    if (r.state === 'open' && !openIds.has(r.draftId)) sentAt.set(r.draftId, await deps.drafter.findSentAt(r));
  }
  const records = reconcileDraftLog(logged, openIds, (r) => sentAt.get(r.draftId) ?? null, options.now);
  const closed = { sent: 0, deleted: 0 };
  for (const r of records) {
    if (sentAt.has(r.draftId) && (r.state === 'sent' || r.state === 'deleted')) closed[r.state] += 1;
  }

  const draftedLabelled = draftedLabel.id === null ? [] : await deps.labeler.labelled(draftedLabel.id);
  const relabel = missingDraftedLabels(records, ledger.contacts, draftedLabelled).map((m) => m.id);
  const batch = planDraftBatch({ assessments, ledger, records, now: options.now, limit: options.limit });
  const sender = chooseSender(state);
  const drafts = batch.drafts.map((planned) => composeStep(deps.templates, planned, ledger.contacts[planned.email]!, assessments, sender, options.now));
  const plan: GmailApplyPlan = {
    account: state.account,
    scannedAt: state.scannedAt,
    lapsedLabel,
    draftedLabel,
    add,
    remove: labelPlan.remove,
    drafts,
    relabel,
    skipped: batch.skipped,
    closed,
    recovered,
  };
  return { plan, records };
}

async function carryOut(deps: ApplyGmailDeps, state: GmailState, plan: GmailApplyPlan, records: DraftRecord[]): Promise<DraftRecord[]> {
  const save = () => deps.store.save(state);
  state.drafts = records;
  state.pendingDrafts = [];
  save();

  if (plan.add.length > 0 || plan.remove.length > 0) {
    const lapsedId = await ensureLabel(deps, state, plan.lapsedLabel);
    await deps.labeler.modify(plan.add.map((m) => m.id), { add: lapsedId });
    await deps.labeler.modify(plan.remove.map((m) => m.id), { remove: lapsedId });
  }

  const created: DraftRecord[] = [];
  const labelTargets: string[] = [...plan.relabel];
  const sender = chooseSender(state);
  for (const [index, step] of plan.drafts.entries()) {
    const startedAt = deps.now();
    const marker = draftMarker(step.planned.email, startedAt, index);
    // The core plan: pending record first, one create, the marker looked for if the answer is lost.
    const done = await runPlanAsync(createDraftPlan(state.drafts, step.planned, step.draft, marker, startedAt), (io) =>
      io.kind === 'create' ? deps.drafter.create(step.draft, sender, `${startedAt}-${index}`, io.marker) : perform(deps, io, (records) => {
        state.drafts = records;
        save();
      }),
    );
    state.drafts = done.records;
    created.push(state.drafts.find((r) => r.marker === marker)!);
    if (step.labelTarget !== null && !labelTargets.includes(step.labelTarget)) labelTargets.push(step.labelTarget);
  }
  if (labelTargets.length > 0) {
    const draftedId = await ensureLabel(deps, state, plan.draftedLabel);
    await deps.labeler.modify(labelTargets, { add: draftedId });
  }
  return created;
}

/** Carries out the plan's requests other than the create. */
function perform(deps: ApplyGmailDeps, io: DraftIo, save: (records: DraftRecord[]) => void): unknown {
  switch (io.kind) {
    case 'save':
      return save(io.records);
    case 'list':
      return deps.drafter.listOpen();
    case 'marker':
      return deps.drafter.markerOf(io.draftId);
    case 'create':
      throw new Error('drafts.create is carried out by carryOut');
  }
}

/** What state.labels holds for a name while labels.create is in flight. */
const PENDING_LABEL = '';

/**
 * Reconnect's own label, or null to create it. A stored id is trusted only if
 * Gmail reports a user label with that id and name; a label found under a name
 * recorded as pending is Reconnect's (its create's answer was lost); any other
 * label of that name is the user's and stops the run.
 */
function resolveLabel(labels: readonly GmailLabel[], created: Readonly<Record<string, string>>, name: string): LabelTarget {
  const known = created[name];
  const same = (l: GmailLabel) => l.name.toLowerCase() === name.toLowerCase();
  if (known !== undefined && known !== PENDING_LABEL && labels.some((l) => l.id === known && l.type === 'user' && same(l))) return { name, id: known };
  const clash = labels.find(same);
  if (clash !== undefined && known === PENDING_LABEL && clash.type === 'user') return { name, id: clash.id, adopt: true };
  if (clash !== undefined) {
    throw new UserError(`a Gmail label named "${clash.name}" already exists and Reconnect did not create it; rename that label in Gmail, then run reconnect apply again`);
  }
  return { name, id: null };
}

async function ensureLabel(deps: ApplyGmailDeps, state: GmailState, target: LabelTarget): Promise<string> {
  if (target.id !== null) {
    if (target.adopt === true || state.labels[target.name] !== target.id) {
      state.labels = { ...state.labels, [target.name]: target.id };
      deps.store.save(state);
    }
    return target.id;
  }
  // Recorded before the create, so a label found under this name later is known to be Reconnect's.
  state.labels = { ...state.labels, [target.name]: PENDING_LABEL };
  deps.store.save(state);
  let id: string;
  try {
    id = await deps.labeler.create(target.name);
  } catch (error) {
    const made = (await deps.labeler.list()).find((l) => l.type === 'user' && l.name.toLowerCase() === target.name.toLowerCase());
    if (made === undefined) throw error;
    id = made.id;
  }
  state.labels = { ...state.labels, [target.name]: id };
  deps.store.save(state);
  target.id = id;
  return id;
}

/** Finds the drafts of a run that died after drafts.create and before it saved the id. */
async function recoverPendingDrafts(deps: ApplyGmailDeps, state: GmailState, open: readonly OpenDraft[]): Promise<DraftRecord[]> {
  const known = new Set(state.drafts.map((r) => r.draftId));
  const out: DraftRecord[] = [];
  for (const pending of state.pendingDrafts) {
    const match = await findDraftFor(deps, pending, open.filter((d) => !known.has(d.draftId)));
    if (match === null) continue;
    known.add(match.draftId);
    out.push({
      email: pending.email,
      kind: pending.kind,
      template: pending.template,
      draftId: match.draftId,
      threadId: match.threadId,
      createdAt: pending.startedAt,
      state: 'open',
      sentAt: null,
    });
  }
  return out;
}

async function findDraftFor(deps: ApplyGmailDeps, pending: PendingDraft, candidates: readonly OpenDraft[]): Promise<OpenDraft | null> {
  for (const d of candidates) {
    if (pending.threadId !== null && d.threadId !== pending.threadId) continue;
    const to = parseAddresses(await deps.drafter.recipient(d.draftId))[0]?.email;
    if (to === pending.email) return d;
  }
  return null;
}

function composeStep(
  templates: TemplateRegistry,
  planned: PlannedDraft,
  contact: Contact,
  assessments: readonly Assessment[],
  owner: Owner,
  now: Millis,
): DraftStep {
  const template = templates.templates[planned.template];
  if (template === undefined) {
    throw new UserError(`the "${planned.template}" template is missing from Reconnect's templates folder; reinstall Reconnect`);
  }
  const assessment = assessments.find((a) => a.email === planned.email)!;
  const draft = composeDraft({ contact, assessment, owner, template, now, replyInThread: DEFAULT_SETTINGS.replyInThread });
  return { planned, draft, labelTarget: draftedLabelTarget(contact)?.id ?? null };
}

function chooseSender(state: GmailState): Owner {
  return { name: state.sender.name, email: state.sender.email || state.account };
}
