import { assessLedger } from '../../src/core/assess-contact';
import { foldMessages } from '../../src/core/fold-messages';
import { findSentAfter, findThankYouDue, planDraftBatch, reconcileDraftLog, type DraftRecord } from '../../src/core/plan-drafts';
import { DEFAULT_POLICY } from '../../src/core/settings';
import { DAY, options, received, sent, T0 } from './message-builder';

const NOW = T0 + 1000 * DAY;
const people = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((p, i) => ({ email: `${p}@example.org`, last: NOW - (200 + i * 10) * DAY }));
const ledger = foldMessages(people.map((p) => sent(p.email, p.last)), options());
const record = (email: string, fields: Partial<DraftRecord> = {}): DraftRecord => ({
  email, kind: 'reconnect', template: 'reconnect', draftId: `d-${email}`, threadId: `t-${email}`, createdAt: NOW - DAY, state: 'open', sentAt: null, ...fields,
});

describe('planDraftBatch', () => {
  const assessments = assessLedger(ledger, NOW, DEFAULT_POLICY, { 'g@example.org': { ignore: true }, 'f@example.org': { snoozeUntil: NOW + DAY } });

  it('drafts for the most overdue first, up to the limit, and says why it skipped the rest', () => {
    const plan = planDraftBatch({ assessments, ledger, records: [], now: NOW, limit: 3 });
    expect(plan.drafts.map((d) => d.email)).toEqual(['e@example.org', 'd@example.org', 'c@example.org']);
    expect(plan.skipped).toEqual(expect.arrayContaining([
      { email: 'b@example.org', reason: 'over the weekly limit' },
      { email: 'g@example.org', reason: 'ignored' },
      { email: 'f@example.org', reason: 'snoozed' },
    ]));
  });

  it('gives this week\'s drafts to the strongest lapsed ties before one-way contacts further overdue', () => {
    const twoWay = ['x', 'y'].flatMap((p) =>
      Array.from({ length: 12 }, (_, i) => [sent(`${p}@example.org`, NOW - (150 + 30 * i) * DAY), received(`${p}@example.org`, NOW - (149 + 30 * i) * DAY)]).flat(),
    );
    const mixed = foldMessages([...people.map((p) => sent(p.email, p.last)), ...twoWay], options());
    const ranked = assessLedger(mixed, NOW, DEFAULT_POLICY);
    const plan = planDraftBatch({ assessments: ranked, ledger: mixed, records: [], now: NOW, limit: 2 });
    expect(plan.drafts.map((d) => d.email).sort()).toEqual(['x@example.org', 'y@example.org']);
    // The one-way people are more overdue (200 to 260 days silent against 149).
    expect(ranked.find((a) => a.email === 'g@example.org')!.overdueDays).toBeGreaterThan(ranked.find((a) => a.email === 'x@example.org')!.overdueDays);
  });

  it('skips people with an open draft or one made within their cadence, so a second run makes nothing new', () => {
    const first = planDraftBatch({ assessments, ledger, records: [], now: NOW, limit: 5 });
    const records = first.drafts.map((d) => record(d.email));
    const second = planDraftBatch({ assessments, ledger, records, now: NOW, limit: 5 });
    expect(second.drafts).toEqual([]);
    const deleted = records.map((r) => ({ ...r, state: 'deleted' as const }));
    expect(planDraftBatch({ assessments, ledger, records: deleted, now: NOW, limit: 5 }).skipped.filter((s) => s.reason === 'drafted recently')).toHaveLength(5);
    expect(planDraftBatch({ assessments, ledger, records: deleted, now: NOW + 100 * DAY, limit: 5 }).drafts).toHaveLength(5);
  });
});

describe('reconcileDraftLog', () => {
  it('keeps open drafts, marks vanished ones sent or deleted, and drops old records', () => {
    const records = [record('a@example.org'), record('b@example.org'), record('c@example.org'), record('d@example.org', { createdAt: NOW - 500 * DAY })];
    const out = reconcileDraftLog(records, new Set(['d-a@example.org']), (r) => (r.email === 'b@example.org' ? NOW - 1000 : null), NOW);
    expect(out.map((r) => [r.email, r.state, r.sentAt])).toEqual([
      ['a@example.org', 'open', null],
      ['b@example.org', 'sent', NOW - 1000],
      ['c@example.org', 'deleted', null],
    ]);
  });
});

describe('the thank-you loop', () => {
  it('offers a thank-you once the person answers a reconnect message the user sent', () => {
    const sentAt = NOW - 5 * DAY;
    const records = [record('a@example.org', { state: 'sent', sentAt })];
    expect(findThankYouDue(ledger, records)).toEqual([]);
    const replied = foldMessages([...people.map((p) => sent(p.email, p.last)), received('a@example.org', NOW - DAY)], options());
    expect(findThankYouDue(replied, records)).toEqual(['a@example.org']);
    const plan = planDraftBatch({ assessments: assessLedger(replied, NOW, DEFAULT_POLICY), ledger: replied, records, now: NOW, limit: 2 });
    expect(plan.drafts[0]).toEqual({ email: 'a@example.org', kind: 'thank-you', template: 'thank-you' });
    const thanked = [...records, record('a@example.org', { kind: 'thank-you', template: 'thank-you', createdAt: NOW, draftId: 'd2' })];
    expect(findThankYouDue(replied, thanked)).toEqual([]);
  });
});

describe('findSentAfter', () => {
  it('is the first SENT message dated at or after the draft, else null (deleted, not sent)', () => {
    const made = 1_000_000;
    expect(findSentAfter([], made)).toBeNull();
    expect(findSentAfter([{ labelIds: ['SENT'], internalDate: String(made - 1) }, { labelIds: ['INBOX'], internalDate: String(made + 5) }], made)).toBeNull();
    expect(
      findSentAfter(
        [
          { labelIds: ['SENT'], internalDate: String(made + 900) },
          { labelIds: ['SENT'], internalDate: String(made) },
          { labelIds: null, internalDate: null },
        ],
        made,
      ),
    ).toBe(made);
  });
});
