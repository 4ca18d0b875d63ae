import fc from 'fast-check';
import type { MessageMeta } from '../../src/core/message-meta';
import {
  applyListedPage,
  applyReadThread,
  beginScanPlan,
  buildSegmentQuery,
  finishScanPlan,
  isScannedMessage,
  nextScanStep,
  restartListing,
  TAIL_SECONDS,
  type ScanPlan,
} from '../../src/core/plan-scan';

const NOW = Date.parse('2026-11-02T09:00:00Z');
const DAY = 86_400_000;

function meta(id: string, threadId: string, date: number, labels: string[]): MessageMeta {
  return { id, threadId, date, from: '', to: '', cc: '', bcc: '', subject: '', labels };
}

/** A small mailbox: threads of sent and received mail, some spanning windows, some noise. */
function mailbox(): Map<string, MessageMeta[]> {
  const threads = new Map<string, MessageMeta[]>();
  for (let t = 0; t < 40; t += 1) {
    const base = NOW - (t * 23 + 5) * DAY;
    const msgs = [meta(`m${t}a`, `t${t}`, base, t % 3 === 0 ? ['SENT'] : ['INBOX', 'CATEGORY_PERSONAL'])];
    if (t % 2 === 0) msgs.push(meta(`m${t}b`, `t${t}`, base + (t % 4 === 0 ? 100 * DAY : DAY), ['SENT']));
    if (t % 5 === 0) msgs.push(meta(`m${t}c`, `t${t}`, base + 2 * DAY, ['INBOX', 'CATEGORY_PROMOTIONS']));
    threads.set(`t${t}`, msgs);
  }
  return threads;
}

/** Threads a segment's listing would return: any message of the right phase inside the (widened) window. */
function matches(threads: Map<string, MessageMeta[]>, phase: 'sent' | 'received', from: number, to: number): string[] {
  const out: string[] = [];
  for (const [id, msgs] of threads) {
    if (msgs.some((m) => m.date >= (from - 1) * 1000 && m.date < (to + 1) * 1000 && (phase === 'sent' ? m.labels.includes('SENT') : !m.labels.includes('SENT') && isScannedMessage(m.labels)))) out.push(id);
  }
  return out;
}

/** Runs a plan to the end, listing as unkindly as `arrange` says; returns the folded ids in order. */
function run(plan: ScanPlan, threads: Map<string, MessageMeta[]>, arrange: (ids: string[]) => string[][]): { folded: string[]; plan: ScanPlan } {
  const folded: string[] = [];
  const pages = new Map<string, string[][]>();
  for (let guard = 0; guard < 10_000; guard += 1) {
    const step = nextScanStep(plan);
    if (step.kind === 'done') return { folded, plan };
    if (step.kind === 'list') {
      const key = `${step.segment.phase}${step.segment.from}`;
      if (!pages.has(key)) pages.set(key, arrange(matches(threads, step.segment.phase, step.segment.from, step.segment.to)));
      const all = pages.get(key)!;
      const index = step.segment.pageToken === null ? 0 : Number(step.segment.pageToken);
      plan = applyListedPage(plan, all[index] ?? [], index + 1 < all.length ? String(index + 1) : null, 99);
    } else {
      const applied = applyReadThread(plan, step.threadId, threads.get(step.threadId) ?? null);
      folded.push(...applied.fold.map((m) => m.id));
      plan = applied.plan;
    }
  }
  throw new Error('the plan did not finish');
}

const expected = (threads: Map<string, MessageMeta[]>, fromMs: number) =>
  [...threads.values()].flat().filter((m) => m.date >= fromMs && m.date < NOW && isScannedMessage(m.labels)).map((m) => m.id).sort();

describe('the scan plan', () => {
  it('folds every scanned message of the lookback once, whatever the order, page sizes and repeats', () => {
    const threads = mailbox();
    const want = expected(threads, Math.floor((NOW - 3 * 365 * DAY) / 1000) * 1000);
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 60 }), fc.boolean(), (cuts, repeat) => {
        const arrange = (ids: string[]): string[][] => {
          // A seeded permutation, then pages of 0..3 ids, some repeated on the next page.
          const shuffled = ids.map((id, i) => ({ id, k: cuts[i % cuts.length]! * 7 + i })).sort((a, b) => a.k - b.k).map((x) => x.id);
          const pages: string[][] = [];
          for (let i = 0, p = 0; i < shuffled.length; p += 1) {
            // An empty page is followed by a non-empty one, so the listing ends.
            const n = p % 2 === 0 ? cuts[p % cuts.length]! % 4 : 1 + (cuts[p % cuts.length]! % 3);
            pages.push(shuffled.slice(repeat && i > 0 ? i - 1 : i, i + n));
            i += n;
          }
          return pages.length === 0 ? [[]] : pages;
        };
        const { folded } = run(beginScanPlan(null, NOW, 3 * 365, 30), threads, arrange);
        expect([...folded].sort()).toEqual(want);
        expect(new Set(folded).size).toBe(folded.length);
      }),
      { numRuns: 60 },
    );
  });

  it('lists sent mail first, newest window first', () => {
    const plan = beginScanPlan(null, NOW, 365, 90);
    const phases = plan.segments.map((s) => s.phase);
    expect(phases.indexOf('received')).toBe(phases.lastIndexOf('sent') + 1);
    const sent = plan.segments.filter((s) => s.phase === 'sent');
    expect(sent.map((s) => s.to)).toEqual([...sent.map((s) => s.to)].sort((a, b) => b - a));
    expect(sent[0]!.to).toBe(Math.floor(NOW / 1000) + 1);
  });

  it('never ends a segment on a short or empty page that carries a token', () => {
    let plan = beginScanPlan(null, NOW, 30, 90);
    plan = applyListedPage(plan, [], 'next', 0);
    expect(nextScanStep(plan)).toMatchObject({ kind: 'list', segment: { pageToken: 'next', listed: false } });
    plan = applyListedPage(plan, ['t1'], null, 0);
    expect(nextScanStep(plan)).toMatchObject({ kind: 'read', threadId: 't1' });
  });

  it('a restarted listing reads no thread twice', () => {
    const threads = mailbox();
    let plan = beginScanPlan(null, NOW, 3 * 365, 3 * 365);
    plan = applyListedPage(plan, ['t0', 't3'], 'p2', 2);
    plan = applyReadThread(plan, 't0', threads.get('t0')!).plan;
    plan = restartListing(plan);
    plan = applyListedPage(plan, ['t0', 't3', 't6'], null, 3);
    expect(plan.segments[0]!.pending).toEqual(['t3', 't6']);
  });

  it('an incremental scan rereads the newest hour and skips what the last scan folded in it', () => {
    const threads = new Map([['t1', [meta('old', 't1', NOW - 600_000, ['SENT'])]]]);
    const first = run(beginScanPlan(null, NOW, 30), threads, (ids) => [ids]);
    expect(first.folded).toEqual(['old']);
    const watermark = finishScanPlan(first.plan);
    expect(watermark.ids).toEqual(['old']);
    const later = NOW + DAY;
    threads.set('t1', [...threads.get('t1')!, meta('new', 't1', later - 1000, ['INBOX'])]);
    // Mail indexed late: dated before the watermark, inside the tail.
    threads.set('t2', [meta('late', 't2', NOW - 60_000, ['SENT'])]);
    const next = beginScanPlan(watermark, later, 30);
    expect(next.segments[0]!.from).toBe(watermark.second - TAIL_SECONDS);
    const second = run(next, threads, (ids) => [ids]);
    expect(second.folded.sort()).toEqual(['late', 'new']);
  });

  it('widens the search by a second on both sides and keeps the phase filter', () => {
    expect(buildSegmentQuery({ phase: 'sent', from: 100, to: 200 })).toBe('in:sent -in:chats -in:drafts after:99 before:201');
    expect(isScannedMessage(['SENT', 'DRAFT'])).toBe(false);
    expect(isScannedMessage(['INBOX', 'CATEGORY_UPDATES'])).toBe(false);
    expect(isScannedMessage(['INBOX'])).toBe(true);
  });
});
