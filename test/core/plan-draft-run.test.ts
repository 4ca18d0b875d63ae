import { emptyContact } from '../../src/core/fold-messages';
import type { Contact } from '../../src/core/ledger';
import {
  describeDraftForReport,
  draftedLabelTarget,
  draftMarker,
  isStaleDraft,
  markerCandidates,
  missingDraftedLabels,
  pendingRecord,
  recordCreated,
  settlePending,
  type ListedDraft,
} from '../../src/core/plan-draft-run';
import type { DraftRecord } from '../../src/core/plan-drafts';

const T = 1_700_000_000_000;
const planned = { email: 'ann@example.org', kind: 'reconnect' as const, template: 'reconnect' };
const open = (email: string, draftId: string, threadId = 't-' + draftId): DraftRecord => ({ email, kind: 'reconnect', template: 'reconnect', draftId, threadId, createdAt: T, state: 'open', sentAt: null });
const listed = (draftId: string, threadId: string): ListedDraft => ({ draftId, messageId: 'm' + draftId, threadId });

function contact(email: string, fields: Partial<Contact> = {}): Contact {
  return { ...emptyContact(email, T - 1000), ...fields };
}

describe('draft markers', () => {
  it('differ by clock, place in the run and person, and are header-safe', () => {
    const markers = new Set([draftMarker('a@x', T, 0), draftMarker('a@x', T, 1), draftMarker('b@x', T, 0), draftMarker('a@x', T + 1, 0)]);
    expect(markers.size).toBe(4);
    for (const m of markers) expect(m).toMatch(/^[a-z0-9.]+$/);
  });
});

describe('pending records', () => {
  it('are written before the create, and become open with the id Gmail answers', () => {
    const pending = pendingRecord(planned, { threadId: 't1' }, 'mk', T);
    expect(pending).toMatchObject({ state: 'pending', draftId: '', marker: 'mk', threadId: 't1' });
    expect(recordCreated([pending], 'mk', { draftId: 'd1', threadId: 't1' })).toEqual([{ ...pending, state: 'open', draftId: 'd1' }]);
  });

  it('are settled by their marker: adopted when a draft carries it, dropped when none does', () => {
    const records = [open('bob@example.org', 'd0'), pendingRecord(planned, { threadId: null }, 'mk1', T), pendingRecord({ ...planned, email: 'cy@example.org' }, { threadId: null }, 'mk2', T)];
    const settled = settlePending(records, new Map([['mk1', listed('d9', 't9')]]));
    expect(settled.recovered).toBe(1);
    expect(settled.dropped).toBe(1);
    expect(settled.records.map((r) => [r.email, r.state, r.draftId])).toEqual([
      ['bob@example.org', 'open', 'd0'],
      ['ann@example.org', 'open', 'd9'],
    ]);
  });

  it('never adopt a draft another record already holds', () => {
    const records = [open('ann@example.org', 'd9'), pendingRecord(planned, { threadId: null }, 'mk1', T)];
    expect(settlePending(records, new Map([['mk1', listed('d9', 't9')]])).records).toEqual([records[0]]);
  });

  it('look only at drafts no record knows, and only in their threads when every pending one is a reply', () => {
    const records = [open('bob@example.org', 'd0'), pendingRecord(planned, { threadId: 't1' }, 'mk', T)];
    const drafts = [listed('d0', 't0'), listed('d1', 't1'), listed('d2', 't2')];
    expect(markerCandidates(records, drafts).map((d) => d.draftId)).toEqual(['d1']);
    const withNew = [...records, pendingRecord({ ...planned, email: 'cy@example.org' }, { threadId: null }, 'mk2', T)];
    expect(markerCandidates(withNew, drafts).map((d) => d.draftId)).toEqual(['d1', 'd2']);
    expect(markerCandidates([open('bob@example.org', 'd0')], drafts)).toEqual([]);
  });
});

describe('the Drafted label', () => {
  it("goes on the person's latest message, sent or received, never the draft", () => {
    const ref = (id: string, date: number) => ({ id, threadId: 'th-' + id, subject: 's', date, messageId: '' });
    const c = contact('ann@example.org', { lastSentThread: ref('sent', T - 10), lastReceivedThread: ref('recv', T - 5) });
    expect(draftedLabelTarget(c)?.id).toBe('recv');
    expect(draftedLabelTarget(contact('x@example.org'))).toBeNull();
    expect(missingDraftedLabels([open('ann@example.org', 'd1')], { 'ann@example.org': c }, [])).toEqual([{ id: 'recv', threadId: 'th-recv' }]);
    expect(missingDraftedLabels([open('ann@example.org', 'd1')], { 'ann@example.org': c }, [{ id: 'recv' }])).toEqual([]);
  });
});

describe('a stale draft', () => {
  it('is one they wrote after; the report says so, and says nothing once the user has written', () => {
    const record = open('ann@example.org', 'd1');
    expect(isStaleDraft(record, contact('ann@example.org', { lastReceived: T - 1 }))).toBe(false);
    expect(isStaleDraft(record, contact('ann@example.org', { lastReceived: T + 1 }))).toBe(true);
    expect(describeDraftForReport([record], contact('ann@example.org', { lastReceived: T - 1 }))).toBe('Open');
    expect(describeDraftForReport([record], contact('ann@example.org', { lastReceived: T + 1 }))).toBe('Stale: they wrote first');
    expect(describeDraftForReport([record], contact('ann@example.org', { lastSent: T + 1, lastReceived: T + 2 }))).toBe('');
    expect(describeDraftForReport([], contact('ann@example.org'))).toBe('');
  });
});
