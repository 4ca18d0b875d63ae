/**
 * One sentence for every verdict, so nobody has to trust a state they cannot
 * check: "You usually write every ~5 weeks; it's been 4 months", "They wrote
 * last, 3 months ago, and you haven't replied".
 */
import type { Assessment } from './assess-contact';
import { describeSpan } from './describe-contact';
import { DAY_MS, type Contact, type Millis } from './ledger';

type Verdict = Pick<
  Assessment,
  'state' | 'cadenceDays' | 'cadenceSource' | 'typicalGapDays' | 'daysSince' | 'overdueDays' | 'inboundOnly' | 'snoozeUntil' | 'dueAt'
> & { minGapApplied: boolean };

export function explainVerdict(verdict: Verdict, contact: Pick<Contact, 'lastSent' | 'lastReceived' | 'receivedCount'>, now: Millis, minGapDays: number): string {
  const since = verdict.daysSince === null ? null : describeSpan(verdict.daysSince);
  const theyWroteLast =
    contact.lastReceived !== null && (contact.lastSent === null || contact.lastReceived > contact.lastSent);
  const rhythm = describeRhythm(verdict, minGapDays);
  switch (verdict.state) {
    case 'ignored':
      return 'You chose to ignore them';
    case 'snoozed': {
      const left = verdict.snoozeUntil === null ? null : Math.max(1, Math.ceil((verdict.snoozeUntil - now) / DAY_MS));
      return left === null ? 'You snoozed them' : `You snoozed them for another ${describeSpan(left)}`;
    }
    case 'awaiting-reply':
      return `You wrote last, ${since} ago; waiting for their reply`;
    case 'lapsed':
      if (theyWroteLast) return `They wrote last, ${since} ago, and you haven't replied`;
      return `${rhythm}; it's been ${since}`;
    case 'due': {
      const days = verdict.dueAt === null ? 0 : Math.max(0, Math.ceil((verdict.dueAt - now) / DAY_MS));
      // In days: "it's been 3 months, due in 10 days" would read as a contradiction next to a 3-month cadence.
      return `${rhythm}; it's been ${verdict.daysSince} days, due ${days === 0 ? 'today' : `in ${describeSpan(days)}`}`;
    }
    case 'active':
      if (verdict.inboundOnly) {
        const n = contact.receivedCount;
        return `Only they have written (${n} ${n === 1 ? 'message' : 'messages'}); Reconnect does not nag about people you never wrote to`;
      }
      if (verdict.cadenceDays === null) return 'Cadence set to never';
      if (since === null) return rhythm;
      return `${rhythm}; last in touch ${verdict.daysSince === 0 ? 'today' : `${since} ago`}`;
  }
}

function describeRhythm(verdict: Verdict, minGapDays: number): string {
  const floor = verdict.minGapApplied ? `, but Reconnect waits at least ${minGapDays} days` : '';
  if (verdict.cadenceSource === 'set') {
    return verdict.cadenceDays === null ? 'Cadence set to never' : `You set a cadence of ${describeSpan(verdict.cadenceDays)}`;
  }
  if (verdict.cadenceSource === 'group') {
    return verdict.cadenceDays === null ? 'Your contact label says never' : `Your contact label sets a cadence of ${describeSpan(verdict.cadenceDays)}`;
  }
  if (verdict.cadenceSource === 'learned' && verdict.typicalGapDays !== null) {
    return `You usually write every ~${describeSpan(verdict.typicalGapDays)}${floor}`;
  }
  return `Too little history for a rhythm, so the default of ${describeSpan(verdict.cadenceDays ?? 0)} applies${floor}`;
}
