import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assessLedger } from '../../src/core/assess-contact';
import { createLedger } from '../../src/core/fold-messages';
import { DAY_MS, type Contact, type Ledger } from '../../src/core/ledger';
import { DEFAULT_POLICY } from '../../src/core/settings';
import { convertTakeoutThreadId, renderHistogram, renderHtmlReport } from '../../src/node/write-html-report';
import { runCli } from './run-cli';

const NOW = Date.UTC(2026, 10, 2, 9);
const dir = mkdtempSync(join(tmpdir(), 'reconnect-report-'));

function contact(email: string, fields: Partial<Contact>): Contact {
  return {
    email, name: '', nameDate: 0, firstSeen: 0, lastSent: null, lastReceived: null, sentCount: 1, receivedCount: 1,
    weakCount: 0, lastWeak: null, lastSentThread: null, lastReceivedThread: null, history: [], addresses: {}, sentDays: [], receivedDays: [], ...fields,
  };
}

function hostileLedger(): Ledger {
  const ledger = createLedger();
  const names = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '=HYPERLINK("http://evil")', "O'Brien & Sons", 'Zoë'];
  names.forEach((name, i) => {
    const email = `p${i}@example.org`;
    const date = NOW - (200 + i) * DAY_MS;
    ledger.contacts[email] = contact(email, {
      name, lastSent: date, lastReceived: date,
      lastSentThread: { id: `m${i}`, threadId: i === 0 ? '1766212345678901234' : '12")</a><script>x</script>', subject: `<b>${name}</b> </td></tr><style>`, date, messageId: '' },
    });
  });
  ledger.contacts['ok@example.org'] = contact('ok@example.org', { name: 'Recent', lastSent: NOW - DAY_MS, lastReceived: NOW - DAY_MS });
  ledger.coverage = { messages: 12, counted: 10, oldest: NOW - 300 * DAY_MS, newest: NOW - DAY_MS };
  return ledger;
}

function render(ledger = hostileLedger()) {
  return renderHtmlReport({ me: ['me@example.com'], now: NOW, ledger, assessments: assessLedger(ledger, NOW, DEFAULT_POLICY) }, { timeZone: 'UTC' });
}

describe('renderHtmlReport', () => {
  const html = render();

  it('escapes every name and subject, so nothing from a header becomes markup', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<style>\n<');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;&#x2F;script&gt;');
    expect(html).toContain('O&#39;Brien &amp; Sons');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('loads nothing from anywhere', () => {
    expect(html).not.toMatch(/<link|<img|<iframe|@import|url\(|src=/i);
    expect(html).toContain(`content="default-src 'none';`);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['https:&#x2F;&#x2F;mail.google.com&#x2F;mail&#x2F;#all&#x2F;1882d8c54619aff2']);
  });

  it('links a thread only from a Takeout decimal id, converted to Gmail hex', () => {
    expect(convertTakeoutThreadId('1766212345678901234')).toBe('1882d8c54619aff2');
    expect(convertTakeoutThreadId('18446744073709551616')).toBeNull();
    expect(convertTakeoutThreadId('abc')).toBeNull();
    expect(convertTakeoutThreadId('')).toBeNull();
  });

  it('counts every state and draws one bar per month bucket', () => {
    expect(html).toMatch(/<span class="count">5<\/span><span class="label">lapsed<\/span>/);
    expect(html).toMatch(/<span class="count">6<\/span><span class="label">everyone<\/span>/);
    expect(html.match(/<rect class="bar"/g)).toHaveLength(14);
    expect(html).toContain('As of 2026-11-02 for me@example.com');
    const rows = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')).match(/<tr>/g);
    expect(rows).toHaveLength(5);
  });

  it('scales the bars to the tallest and says what each is', () => {
    const svg = renderHistogram([
      { label: '0', fromMonths: 0, toMonths: 0, count: 4 },
      { label: '1', fromMonths: 1, toMonths: 1, count: 2 },
      { label: '24+', fromMonths: 24, toMonths: null, count: 0 },
    ]);
    const heights = [...svg.matchAll(/height="([\d.]+)" data-count/g)].map((m) => Number(m[1]));
    expect(heights[0]).toBeCloseTo(heights[1]! * 2, 1);
    expect(heights[2]).toBe(0);
    expect(svg).toContain('<title>1 month: 2 people</title>');
  });

  it('lists lapsed people in priority order with their strength and the reason, stronger ties first', () => {
    const ledger = hostileLedger();
    // A one-way contact further overdue than anyone: still below every two-way tie.
    ledger.contacts['one@example.org'] = contact('one@example.org', { name: 'One Way', lastSent: NOW - 400 * DAY_MS, receivedCount: 0 });
    const page = render(ledger);
    const body = page.slice(page.indexOf('<tbody>'), page.indexOf('</tbody>'));
    const rows = body.split('<tr>').slice(1);
    expect(rows).toHaveLength(6);
    expect(rows[5]).toContain('One Way');
    expect(rows[0]).toMatch(/<td data-sort="\d+" class="num">\d+ (strong tie|regular|occasional|weak tie)<\/td>/);
    expect(rows[0]).toContain('<td class="wrap">Too little history for a rhythm, so the default of 3 months applies; it&#39;s been 7 months</td>');
  });

  it('says so when nobody has lapsed', () => {
    const ledger = createLedger();
    ledger.contacts['a@example.org'] = contact('a@example.org', { lastSent: NOW - DAY_MS, lastReceived: NOW - DAY_MS });
    expect(render(ledger)).toContain('Nobody has lapsed');
  });
});

describe('reconnect report', () => {
  function mbox(): string {
    const path = join(dir, 'small.mbox');
    const messages = [
      ['Mon, 6 Jan 2025 10:00:00 +0000', 'Me <me@example.com>', 'Ann <ann@example.org>', 'Plans', 'Sent', '1766212345678901234'],
      ['Tue, 7 Jan 2025 10:00:00 +0000', 'Ann <ann@example.org>', 'me@example.com', 'Re: Plans', 'Inbox', '1766212345678901234'],
      ['Sun, 25 May 2025 10:00:00 +0000', '"=HYPERLINK(\\"http://evil\\")" <evil@example.org>', 'me@example.com', '<script>alert(1)</script>', 'Inbox', '3'],
      ['Mon, 26 May 2025 10:00:00 +0000', 'Me <me@example.com>', 'evil@example.org', 'Re: hello', 'Sent', '3'],
    ];
    writeFileSync(
      path,
      messages
        .map(([date, from, to, subject, labels, thread], i) => `From ${i}@xxx Mon Jan 06 10:00:00 +0000 2025\nDate: ${date}\nFrom: ${from}\nTo: ${to}\nSubject: ${subject}\nX-Gmail-Labels: ${labels}\nX-GM-THRID: ${thread}\n\nbody\n`)
        .join('\n'),
    );
    return path;
  }

  const run = (...args: string[]) => runCli(args, Date.UTC(2025, 5, 1));

  it('writes report.html and contacts.csv into --out and prints where', async () => {
    const out = join(dir, 'nested', 'out');
    const { code, out: stdout, err } = await run('report', '--mbox', mbox(), '--me', 'me@example.com', '--now', '2025-06-01', '--out', out);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`Report: ${join(out, 'report.html')}\nContacts: ${join(out, 'contacts.csv')}\n`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('ann@example.org');
    expect(html).not.toContain('<script>alert');
    const csv = readFileSync(join(out, 'contacts.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('name,email,state,last_you_wrote,last_they_wrote,days_since,cadence_days,cadence_source,overdue_days,sent_count,received_count,last_subject,last_met,meeting_count,last_contact,emails,groups,strength,priority,reason');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")",evil@example.org`);
  });

  it('refuses a missing mbox in one line', async () => {
    const { code, err } = await run('report', '--out', dir);
    expect(code).toBe(2);
    expect(err).toMatch(/^reconnect: required option '--mbox <file>' not specified\n$/);
  });
});
