/** A person's own rhythm, learned from the days you exchanged mail. */

/** Days within this many of each other belong to one conversation (a reply on Friday to Tuesday's mail). */
const CONVERSATION_GAP_DAYS = 3;
/** A conversation that keeps going is cut into weeks, so daily colleagues still show a rhythm. */
const CONVERSATION_MAX_SPAN_DAYS = 7;
/** Fewer gaps than this is an anecdote, not a rhythm. */
const MIN_GAPS = 3;
/** Slack on top of the usual gap before a person counts as lapsed. */
export const LEARNED_GRACE = 1.5;
export const MIN_LEARNED_DAYS = 7;
export const MAX_LEARNED_DAYS = 365;

export interface LearnedCadence {
  /** Cadence in days, with grace, clamped to MIN..MAX_LEARNED_DAYS. */
  days: number;
  /** The median gap between conversations in days, before grace: "you usually write every ~N". */
  typicalGapDays: number;
  conversations: number;
}

/** Null when the history holds too few conversations to tell a rhythm. */
export function learnCadence(historyDays: readonly number[]): LearnedCadence | null {
  const starts: number[] = [];
  let start = Number.NaN;
  let last = Number.NaN;
  for (const day of historyDays) {
    if (!(day - last <= CONVERSATION_GAP_DAYS && day - start < CONVERSATION_MAX_SPAN_DAYS)) {
      starts.push(day);
      start = day;
    }
    last = day;
  }
  if (starts.length < MIN_GAPS + 1) return null;
  const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
  const typical = median(gaps);
  const days = Math.min(MAX_LEARNED_DAYS, Math.max(MIN_LEARNED_DAYS, Math.round(typical * LEARNED_GRACE)));
  return { days, typicalGapDays: typical, conversations: starts.length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
