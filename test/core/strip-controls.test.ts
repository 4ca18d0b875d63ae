import { assessLedger } from '../../src/core/assess-contact';
import { buildReportRows } from '../../src/core/build-report-rows';
import { buildReportCell } from '../../src/core/sheets/report-columns';
import { buildMimeMessage, replySubject } from '../../src/core/compose-draft';
import { createLedger } from '../../src/core/fold-messages';
import { DAY_MS, type Contact } from '../../src/core/ledger';
import { DEFAULT_POLICY } from '../../src/core/settings';
import { stripControls } from '../../src/core/strip-controls';
import { formatCardText } from '../../src/gas/escape-card-text';
import { formatScan } from '../../src/node/format-scan';
import { renderHtmlReport } from '../../src/node/write-html-report';

const NOW = Date.UTC(2026, 10, 2, 9);
/** Every bidi control and mark Unicode TR9 defines, plus the separators and BOM. */
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u2028', '\u2029', '\uFEFF'];
const HOSTILE_NAME = `Boss\u202Emoc.live\u202C Ann\u0007\u001b[2J`;
const HOSTILE_SUBJECT = `Invoice\u202Efdp.exe\u2066\r\nBcc: x@evil.example`;

function hostileLedger() {
  const ledger = createLedger();
  const c: Contact = {
    email: 'ann@example.org', name: HOSTILE_NAME, nameDate: 1, firstSeen: 0,
    lastSent: NOW - 200 * DAY_MS, lastReceived: NOW - 199 * DAY_MS, sentCount: 1, receivedCount: 1,
    weakCount: 0, lastWeak: null, lastSentThread: null,
    lastReceivedThread: { id: 'm1', threadId: 't1', subject: HOSTILE_SUBJECT, date: NOW - 199 * DAY_MS, messageId: '' },
    history: [], addresses: {}, sentDays: [], receivedDays: [],
  };
  ledger.contacts[c.email] = c;
  return ledger;
}

const hasControl = (text: string) => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) || BIDI.some((ch) => text.includes(ch));

describe('stripControls', () => {
  it.each(BIDI.map((ch) => [ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'), ch]))('replaces U+%s with a space', (_, ch) => {
    expect(stripControls(`a${ch}b`)).toBe('a b');
  });

  it('replaces C0 and C1 controls and keeps every other character, emoji and RTL letters included', () => {
    expect(stripControls('a\u0000b\u001fc\u007fd\u0085e')).toBe('a b c d e');
    expect(stripControls('Jürgen שלום 👋 李')).toBe('Jürgen שלום 👋 李');
  });
});

describe('every display point strips controls from header text', () => {
  const ledger = hostileLedger();
  const assessments = assessLedger(ledger, NOW, DEFAULT_POLICY);
  const report = { me: ['me@example.com'], now: NOW, ledger, assessments };

  it.each(['table', 'csv', 'json'] as const)('the %s output', (format) => {
    const text = formatScan(report, format);
    // JSON escapes nothing but quotes and controls: it is for programs, and shows what the header held.
    if (format === 'json') expect(text).toContain('\\u0007');
    else expect(hasControl(text.replace(/\r\n/g, '\n').replace(/\n/g, ''))).toBe(false);
    if (format !== 'json') expect(text).toContain('Boss moc.live  Ann');
  });

  it('the HTML report', () => {
    const html = renderHtmlReport(report);
    expect(hasControl(html.replace(/\n/g, ''))).toBe(false);
    expect(html).toContain('Invoice fdp.exe');
  });

  it('the sheet cells', () => {
    const [row] = buildReportRows(ledger, assessments);
    expect(hasControl(String(buildReportCell(row!, 'name')))).toBe(false);
    expect(hasControl(String(buildReportCell(row!, 'lastSubject')))).toBe(false);
  });

  it('a reply Subject and the MIME message built from it', () => {
    const subject = replySubject(HOSTILE_SUBJECT);
    expect(subject).toBe('Re: Invoice fdp.exe Bcc: x@evil.example');
    const mime = buildMimeMessage(
      { template: 'reconnect', to: { email: 'ann@example.org', name: HOSTILE_NAME }, subject, text: 'hi', html: null, threadId: null, inReplyTo: '', references: '' },
      { email: 'me@example.com', name: 'Me' },
      'seed',
    );
    expect(mime.split('\r\n').filter((l) => /^Bcc:/i.test(l))).toEqual([]);
  });

  it('add-on card text', () => {
    expect(formatCardText(HOSTILE_NAME, 60)).toBe('Boss moc.live Ann [2J');
  });
});

describe('CSV numbers', () => {
  it('writes a negative number as a number, not as neutralized text', () => {
    const ledger = hostileLedger();
    const [a] = assessLedger(ledger, NOW, DEFAULT_POLICY);
    const csv = formatScan({ me: [], now: NOW, ledger, assessments: [{ ...a!, daysSince: -3, overdueDays: -1 }] }, 'csv');
    const row = csv.split('\r\n')[1]!;
    expect(row).toContain(',-3,');
    expect(row).toMatch(/,-1,1,1,/);
    expect(row).not.toContain("'-");
  });
});
