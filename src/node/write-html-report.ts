/**
 * The offline report: report.html, one self-contained page (counts by state,
 * people by months since the last exchange as an inline SVG chart, the lapsed
 * table, sortable with a few lines of inline script), and contacts.csv beside
 * it. The page loads nothing: no fonts, styles, images or scripts from
 * anywhere, and a Content-Security-Policy that forbids them; every name and
 * subject from a header is HTML-escaped.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildGmailThreadUrl,
  buildReportRows,
  buildReportSummary,
  selectLapsedRows,
  type MonthBucket,
  type ReportRow,
} from '../core/build-report-rows';
import type { Millis } from '../core/ledger';
import { escapeHtml } from '../core/render-template';
import { stripControls } from '../core/strip-controls';
import { writeUserFile } from './write-file-atomic';
import { formatScan, type ScanReport } from './format-scan';
import { UserError } from './user-error';

export interface HtmlReportOptions {
  /** IANA zone for dates and months; default the machine's. */
  timeZone?: string;
  /** Files the run reads (the mbox): the report never replaces one. */
  inputs?: readonly string[];
}

export interface WrittenReport {
  html: string;
  csv: string;
}

export async function writeHtmlReport(dir: string, report: ScanReport, options: HtmlReportOptions = {}): Promise<WrittenReport> {
  const written = { html: join(dir, 'report.html'), csv: join(dir, 'contacts.csv') };
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UserError(`cannot write the report to ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; check the folder is writable`);
  }
  // Each file replaced atomically: a failed write leaves the previous report whole.
  writeUserFile(written.html, renderHtmlReport(report, options), 'the report', options.inputs);
  writeUserFile(written.csv, formatScan(report, 'csv'), 'the report', options.inputs);
  return written;
}

export function renderHtmlReport(report: ScanReport, options: HtmlReportOptions = {}): string {
  const timeZone = options.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const day = createDayFormatter(timeZone);
  const rows = buildReportRows(report.ledger, report.assessments);
  const lapsed = selectLapsedRows(rows);
  const summary = buildReportSummary(report.ledger, report.assessments, report.now, timeZone);
  const coverage = summary.coverage;
  const range = coverage.oldest === null || coverage.newest === null ? 'no dated mail' : `${day(coverage.oldest)} to ${day(coverage.newest)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reconnect report</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Reconnect</h1>
<p class="meta">As of ${escapeHtml(day(report.now))} for ${report.me.map(escapeHtml).join(', ') || 'you'} · ${coverage.messages} messages read, ${coverage.counted} with people, ${escapeHtml(range)}</p>
</header>
<section class="states" aria-label="People by state">
${summary.states.map((s) => `<div class="state ${s.state}"><span class="count">${s.count}</span><span class="label">${escapeHtml(s.state)}</span></div>`).join('\n')}
<div class="state total"><span class="count">${summary.total}</span><span class="label">everyone</span></div>
</section>
<section>
<h2>People by months since you were last in touch</h2>
${renderHistogram(summary.histogram)}
</section>
<section>
<h2>Lapsed and due <span class="meta">(${lapsed.length}; click a heading to sort; everyone is in contacts.csv)</span></h2>
${renderLapsedTable(lapsed, day)}
</section>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}

function createDayFormatter(timeZone: string): (ms: Millis) => string {
  // en-CA writes YYYY-MM-DD: unambiguous in every country, and it sorts as text.
  const format = new Intl.DateTimeFormat('en-CA-u-ca-gregory-nu-latn', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (ms) => format.format(new Date(ms));
}

const CHART = { width: 760, height: 260, left: 40, right: 10, top: 16, bottom: 40 };

/** Bars drawn as SVG rects with their numbers as text, so the chart needs no library and prints. */
export function renderHistogram(buckets: readonly MonthBucket[]): string {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const slot = plotWidth / buckets.length;
  const barWidth = Math.max(4, slot * 0.7);
  const y = (count: number) => CHART.top + plotHeight - (count / max) * plotHeight;
  const bars = buckets.map((b, i) => {
    const x = CHART.left + i * slot + (slot - barWidth) / 2;
    const top = y(b.count);
    const label = `${b.label} month${b.label === '1' ? '' : 's'}: ${b.count} ${b.count === 1 ? 'person' : 'people'}`;
    return [
      `<rect class="bar" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(CHART.top + plotHeight - top).toFixed(1)}" data-count="${b.count}"><title>${escapeHtml(label)}</title></rect>`,
      `<text class="value" x="${(x + barWidth / 2).toFixed(1)}" y="${(top - 4).toFixed(1)}">${b.count}</text>`,
      `<text class="tick" x="${(x + barWidth / 2).toFixed(1)}" y="${CHART.height - CHART.bottom + 16}">${escapeHtml(b.label)}</text>`,
    ].join('');
  });
  const axisY = CHART.top + plotHeight;
  return `<svg class="chart" viewBox="0 0 ${CHART.width} ${CHART.height}" role="img" aria-label="People by months since last contact">
<line class="axis" x1="${CHART.left}" y1="${axisY}" x2="${CHART.width - CHART.right}" y2="${axisY}"/>
${bars.join('\n')}
<text class="axis-title" x="${CHART.left + plotWidth / 2}" y="${CHART.height - 4}">months since last contact</text>
</svg>`;
}

interface Column {
  header: string;
  type: 'text' | 'number';
  cell: (row: ReportRow) => { text: string; sort?: string | number; html?: string };
}

function renderLapsedTable(rows: readonly ReportRow[], day: (ms: Millis) => string): string {
  const date = (ms: Millis | null) => (ms === null ? { text: '', sort: '' } : { text: day(ms), sort: day(ms) });
  const columns: Column[] = [
    { header: 'Name', type: 'text', cell: (r) => ({ text: r.name }) },
    { header: 'Email', type: 'text', cell: (r) => ({ text: r.address }) },
    { header: 'You wrote', type: 'text', cell: (r) => date(r.lastSent) },
    { header: 'They wrote', type: 'text', cell: (r) => date(r.lastReceived) },
    { header: 'Met', type: 'text', cell: (r) => date(r.lastMet ?? null) },
    { header: 'Meetings', type: 'number', cell: (r) => ({ text: String(r.meetingCount ?? 0) }) },
    { header: 'Last contact', type: 'text', cell: (r) => ({ text: r.lastContactKind ?? '' }) },
    { header: 'Addresses', type: 'text', cell: (r) => ({ text: (r.emails ?? [r.email]).join(', ') }) },
    { header: 'Groups', type: 'text', cell: (r) => ({ text: (r.groups ?? []).join(', ') }) },
    { header: 'Days since', type: 'number', cell: (r) => ({ text: r.daysSince === null ? '' : String(r.daysSince) }) },
    { header: 'Cadence', type: 'number', cell: (r) => ({ text: r.cadenceDays === null ? 'never' : String(r.cadenceDays), sort: r.cadenceDays ?? '' }) },
    { header: 'Source', type: 'text', cell: (r) => ({ text: r.cadenceSource }) },
    { header: 'Overdue', type: 'number', cell: (r) => ({ text: r.state === 'lapsed' ? String(r.overdueDays) : '' }) },
    { header: 'State', type: 'text', cell: (r) => ({ text: r.state }) },
    { header: 'Strength', type: 'number', cell: (r) => ({ text: `${r.strength} ${r.strengthLabel}`, sort: r.strength }) },
    { header: 'Why', type: 'text', cell: (r) => ({ text: r.reason }) },
    { header: 'Last subject', type: 'text', cell: (r) => ({ text: r.lastSubject }) },
    {
      header: 'Gmail',
      type: 'text',
      cell: (r) => {
        const url = buildGmailThreadUrl(convertTakeoutThreadId(r.threadId) ?? '');
        return url === null ? { text: '' } : { text: 'open', html: `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">open</a>` };
      },
    },
  ];
  const head = columns.map((c) => `<th scope="col" data-type="${c.type}"${c.type === 'number' ? ' class="num"' : ''}>${escapeHtml(c.header)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = columns.map((c) => {
        const { text, sort, html } = c.cell(row);
        const sortAttr = sort === undefined ? '' : ` data-sort="${escapeHtml(String(sort))}"`;
        const classes = [c.type === 'number' ? 'num' : '', c.header === 'Last subject' || c.header === 'Why' ? 'wrap' : '', c.header === 'State' ? row.state : '']
          .filter((x) => x !== '');
        const cls = classes.length === 0 ? '' : ` class="${escapeHtml(classes.join(' '))}"`;
        return `<td${sortAttr}${cls}>${html ?? escapeHtml(stripControls(text))}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  if (rows.length === 0) return '<p class="empty">Nobody has lapsed. Everyone you write to is within their cadence.</p>';
  return `<table class="sortable" id="lapsed">
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

/**
 * Takeout writes Gmail's thread id in decimal (X-GM-THRID); Gmail's web
 * address uses the same 64-bit number in hex. Null for anything that is not one.
 */
export function convertTakeoutThreadId(id: string): string | null {
  if (!/^\d{1,20}$/.test(id)) return null;
  const n = BigInt(id);
  return n > 0n && n < 1n << 64n ? n.toString(16) : null;
}

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; }
* { box-sizing: border-box; }
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 16px 20px; }
h1 { font-size: 22px; margin: 0; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.meta { color: var(--muted); font-weight: normal; font-size: 13px; margin: 4px 0 0; }
.states { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 16px; }
.state { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 96px; }
.state .count { display: block; font-size: 20px; font-weight: 600; }
.state .label { color: var(--muted); }
.lapsed { background: #f4c7c3; } .due { background: #fce8b2; } .awaiting-reply { background: #c9daf8; }
.active { background: #d9ead3; } .snoozed { background: #eeeeee; } .ignored { background: #d9d9d9; }
.state.total { background: #fff; }
.chart { width: 100%; max-width: 760px; height: auto; display: block; }
.chart .bar { fill: #4a6fa5; } .chart .axis { stroke: var(--muted); }
.chart text { font-size: 11px; text-anchor: middle; fill: var(--ink); } .chart .axis-title { fill: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
td { white-space: nowrap; }
td.wrap { white-space: normal; min-width: 160px; overflow-wrap: anywhere; }
th.num, td.num { text-align: right; }
th { cursor: pointer; user-select: none; background: #f6f8fa; position: sticky; top: 0; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
.empty { color: var(--muted); }
`;

/** Sorts a table by the clicked column: numbers as numbers (blanks last), the rest as text; a second click reverses. */
const SORT_SCRIPT = `
for (const th of document.querySelectorAll('table.sortable th')) {
  th.addEventListener('click', () => {
    const table = th.closest('table');
    const body = table.tBodies[0];
    const index = th.cellIndex;
    const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    for (const other of table.querySelectorAll('th')) other.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    const numeric = th.dataset.type === 'number';
    const key = (row) => {
      const cell = row.cells[index];
      const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
      if (!numeric) return raw.toLowerCase();
      return raw === '' ? null : Number(raw);
    };
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = key(a), y = key(b);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
    for (const row of rows) body.appendChild(row);
  });
}
`;

