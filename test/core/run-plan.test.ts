import { createDraftPlan, type DraftIo } from '../../src/core/plan-draft-run';
import { runPlanAsync, runPlanSync } from '../../src/core/run-plan';

const planned = { email: 'ann@example.org', kind: 'reconnect' as const, template: 'reconnect' };

/** A side that records what the plan asked, answering from `answers`; 'create' fails when told to. */
function side(createFails: boolean, markerOnGmail: string | null) {
  const asked: string[] = [];
  const perform = (io: DraftIo): unknown => {
    asked.push(io.kind === 'save' ? `save ${io.records.map((r) => r.state).join(',')}` : io.kind);
    if (io.kind === 'create') {
      if (createFails) throw new Error('socket hang up');
      return { draftId: 'd1', messageId: 'm1', threadId: 't1' };
    }
    if (io.kind === 'list') return markerOnGmail === null ? [] : [{ draftId: 'd1', messageId: 'm1', threadId: 't1' }];
    if (io.kind === 'marker') return markerOnGmail ?? '';
    return undefined;
  };
  return { asked, perform };
}

type Plan = ReturnType<typeof createDraftPlan>;
type Made = Plan extends Generator<unknown, infer R, unknown> ? R : never;
type Runner = (p: Plan, f: (io: DraftIo) => unknown) => Promise<Made>;
const sync: Runner = (p, f) => new Promise<Made>((resolve) => resolve(runPlanSync(p, f)));
const async: Runner = (p, f) => runPlanAsync(p, async (io) => f(io));

describe('the draft plan, driven sync and async alike', () => {
  it.each([
    ['sync', sync],
    ['async', async],
  ] as const)('%s: pending first, one create, the marker looked for when the answer is lost', async (_name, run) => {
    const ok = side(false, null);
    const made = await run(createDraftPlan([], planned, { threadId: null }, 'mk', 1), ok.perform);
    expect(ok.asked).toEqual(['save pending', 'create', 'save open']);
    expect(made.records).toEqual([expect.objectContaining({ state: 'open', draftId: 'd1', marker: 'mk' })]);

    const lost = side(true, 'mk');
    const adopted = await run(createDraftPlan([], planned, { threadId: null }, 'mk', 1), lost.perform);
    expect(lost.asked).toEqual(['save pending', 'create', 'list', 'marker', 'save open']);
    expect(adopted.created.draftId).toBe('d1');

    const failed = side(true, null);
    await expect(run(createDraftPlan([], planned, { threadId: null }, 'mk', 1), failed.perform)).rejects.toThrow('socket hang up');
    expect(failed.asked).toEqual(['save pending', 'create', 'list', 'save ']);
  });
});
