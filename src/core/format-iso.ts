/** Timestamps as the CLI and the JSON report spell them: ISO-8601 UTC to the second. */
import type { Millis } from './ledger';

export function formatIso(ms: Millis | null): string | null {
  if (ms === null) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** YYYY-MM-DD in UTC, or '' for null, for tables meant for people. */
export function formatDay(ms: Millis | null): string {
  return ms === null ? '' : new Date(ms).toISOString().slice(0, 10);
}

// ISO-8601 calendar date, optionally with a time and a zone. Date.parse alone
// accepts "March 4" or "2025-3-4", which a user never meant as --now.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an ISO-8601 date or date-time (a date alone is midnight UTC); null when it is not one. */
export function parseIso(text: string): Millis | null {
  const m = ISO_8601.exec(text.trim());
  if (m === null) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = m;
  if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h > 23 || +mi > 59 || +s > 60) return null;
  const normalizedZone = zone === undefined ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${normalizedZone}`);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2025-02-30 over into March; a calendar date that moved is invalid.
  if (zone === undefined && new Date(ms).getUTCDate() !== +d!) return null;
  return ms;
}
