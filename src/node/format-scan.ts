/** Prints a scan as a table for people, JSON for programs, or CSV for spreadsheets. */
import type { Assessment } from '../core/assess-contact';
import { formatDay, formatIso } from '../core/format-iso';
import type { Ledger, Millis } from '../core/ledger';
import { neutralizeFormula } from '../core/neutralize-formula';
import { stripControls } from '../core/strip-controls';

export type OutputFormat = 'table' | 'json' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv'];

export interface ScanReport {
  /** The owner's addresses as written (in their From headers, or as passed with --me). */
  me: string[];
  now: Millis;
  ledger: Ledger;
  assessments: Assessment[];
}

export function formatScan(report: ScanReport, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJson(report), null, 2)}\n`;
    case 'csv':
      return toCsv(report);
    case 'table':
      return toTable(report);
  }
}

function rowsOf(report: ScanReport) {
  return report.assessments.map((a) => {
    const c = report.ledger.contacts[a.email]!;
    return { a, c };
  });
}

function toJson(report: ScanReport) {
  return {
    me: report.me,
    now: formatIso(report.now),
    coverage: {
      messages: report.ledger.coverage.messages,
      counted: report.ledger.coverage.counted,
      oldest: formatIso(report.ledger.coverage.oldest),
      newest: formatIso(report.ledger.coverage.newest),
    },
    contacts: rowsOf(report).map(({ a, c }) => ({
      email: a.address,
      // Every spelling and address of the person, the shown one first; `id` is the merged identity, a key only.
      emails: a.emails ?? [a.address],
      id: a.email,
      name: a.name,
      lastSent: formatIso(c.lastSent),
      lastReceived: formatIso(c.lastReceived),
      sentCount: c.sentCount,
      receivedCount: c.receivedCount,
      cadenceDays: a.cadenceDays,
      cadenceSource: a.cadenceSource,
      state: a.state,
      overdueDays: a.overdueDays,
      inboundOnly: a.inboundOnly,
      lastSubject: latestSubject(c.lastSentThread, c.lastReceivedThread),
      lastMet: formatIso(a.lastMet ?? null),
      meetingCount: a.meetingCount ?? 0,
      lastContactKind: a.lastContactKind ?? null,
      groups: a.groups ?? [],
      strength: a.strength,
      strengthLabel: a.strengthLabel,
      priority: a.priority,
      reason: a.reason,
    })),
  };
}

function latestSubject(
  sent: { subject: string; date: Millis } | null,
  received: { subject: string; date: Millis } | null,
): string {
  if (sent === null) return received?.subject ?? '';
  if (received === null) return sent.subject;
  return sent.date >= received.date ? sent.subject : received.subject;
}

const CSV_HEADER = ['name', 'email', 'state', 'last_you_wrote', 'last_they_wrote', 'days_since', 'cadence_days', 'cadence_source', 'overdue_days', 'sent_count', 'received_count', 'last_subject', 'last_met', 'meeting_count', 'last_contact', 'emails', 'groups', 'strength', 'priority', 'reason'];

function toCsv(report: ScanReport): string {
  const lines = [CSV_HEADER.join(',')];
  for (const { a, c } of rowsOf(report)) {
    lines.push(
      [
        a.name,
        a.address,
        a.state,
        formatIso(c.lastSent) ?? '',
        formatIso(c.lastReceived) ?? '',
        a.daysSince ?? '',
        a.cadenceDays ?? '',
        a.cadenceSource,
        a.overdueDays,
        c.sentCount,
        c.receivedCount,
        latestSubject(c.lastSentThread, c.lastReceivedThread),
        formatIso(a.lastMet ?? null) ?? '',
        a.meetingCount ?? 0,
        a.lastContactKind ?? '',
        // '; ' joins each list: no address can hold one.
        (a.emails ?? [a.address]).join('; '),
        (a.groups ?? []).join('; '),
        a.strength,
        a.priority,
        a.reason,
      ]
        // A number is never a formula, and "-3" prefixed with an apostrophe would no longer read as one.
        .map((v) => (typeof v === 'number' ? String(v) : csvCell(v)))
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180 quoting, after formula neutralizing: header text is untrusted. */
export function csvCell(value: string): string {
  const safe = neutralizeFormula(stripControls(value));
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function toTable(report: ScanReport): string {
  const header = ['NAME', 'ADDRESS', 'YOU WROTE', 'THEY WROTE', 'MET', 'CADENCE', 'STATE', 'STRENGTH', 'WHY'];
  const rows = rowsOf(report).map(({ a, c }) => [
    clip(printable(a.name), 28),
    clip(printable(a.address), 36) + ((a.emails?.length ?? 1) > 1 ? ` +${a.emails!.length - 1}` : ''),
    formatDay(c.lastSent) || '-',
    formatDay(c.lastReceived) || '-',
    a.lastMet === null || a.lastMet === undefined ? '-' : `${formatDay(a.lastMet)} (${a.meetingCount ?? 0})`,
    a.cadenceDays === null ? 'never' : `${a.cadenceDays}d ${a.cadenceSource}`,
    a.state === 'lapsed' ? `lapsed +${a.overdueDays}d` : a.state,
    `${a.strength} ${a.strengthLabel}`,
    a.reason,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const counts = new Map<string, number>();
  for (const a of report.assessments) counts.set(a.state, (counts.get(a.state) ?? 0) + 1);
  const summary = [...counts.entries()].map(([s, n]) => `${n} ${s}`).join(', ');
  return [line(header), ...rows.map(line), '', `${report.assessments.length} contacts: ${summary || 'none'}`, ''].join('\n');
}

/** Control and bidi characters in a header could move the terminal's cursor or reorder the line; show them as spaces. */
function printable(text: string): string {
  return stripControls(text);
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
