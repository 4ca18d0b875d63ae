import type { Assessment } from '../../src/core/assess-contact';
import { describeAgo, describeContact, describeSpan, formatDateTime } from '../../src/core/describe-contact';
import { describeScanStatus, formatCount } from '../../src/core/describe-scan-status';

const NOW = Date.parse('2026-11-02T09:00:00Z');
const DAY = 86_400_000;

const base: Assessment = {
  email: 'ann@example.org',
  address: 'Ann@example.org',
  strength: 50,
  strengthLabel: 'regular',
  priority: 35,
  reason: 'test',
  name: 'Ann',
  state: 'active',
  cadenceDays: 90,
  cadenceSource: 'default',
  typicalGapDays: null,
  lastContact: NOW - 10 * DAY,
  daysSince: 10,
  dueAt: NOW + 80 * DAY,
  overdueDays: 0,
  inboundOnly: false,
  snoozeUntil: null,
};

describe('describeContact', () => {
  it('says when each of you wrote, relative and absolute in the reader\'s zone', () => {
    const d = describeContact({ lastSent: NOW - 3 * 7 * DAY, lastReceived: null }, base, NOW, 'America/New_York', 'en-US');
    expect(d.youWrote).toEqual({ relative: '3 weeks ago', absolute: 'Mon, Oct 12, 2026, 05:00 AM' });
    expect(d.theyWrote).toBeNull();
  });

  it('names where the cadence came from', () => {
    const contact = { lastSent: NOW, lastReceived: NOW };
    expect(describeContact(contact, { ...base, cadenceSource: 'set', cadenceDays: 365 }, NOW).cadence).toBe('Every 365 days');
    expect(describeContact(contact, { ...base, cadenceSource: 'set' }, NOW).cadenceSource).toBe('Set by you');
    expect(describeContact(contact, { ...base, cadenceSource: 'set', cadenceDays: null }, NOW).cadence).toBe('Never');
    expect(describeContact(contact, { ...base, cadenceSource: 'learned', cadenceDays: 53, typicalGapDays: 35 }, NOW).cadenceSource).toBe(
      'Learned: you usually write every ~5 weeks',
    );
    expect(describeContact(contact, base, NOW).cadenceSource).toMatch(/^Reconnect's default/);
  });

  it.each([
    [{ state: 'lapsed', overdueDays: 34 }, 'Lapsed · 5 weeks overdue'],
    [{ state: 'lapsed', overdueDays: 0 }, 'Lapsed · due today'],
    [{ state: 'due', dueAt: NOW + 5 * DAY }, 'Due in 5 days'],
    [{ state: 'awaiting-reply' }, 'Awaiting their reply'],
    [{ state: 'snoozed', snoozeUntil: NOW + 30 * DAY }, 'Snoozed until 2 Dec 2026'],
    [{ state: 'ignored' }, 'Ignored'],
    [{ state: 'active' }, 'In touch · next due 21 Jan 2027'],
    [{ state: 'active', inboundOnly: true }, 'In touch · only they have written'],
  ] as Array<[Partial<Assessment>, string]>)('states %j as "%s"', (patch, text) => {
    expect(describeContact({ lastSent: null, lastReceived: null }, { ...base, ...patch }, NOW, 'UTC', 'en-GB').state).toBe(text);
  });

  it('falls back to UTC for a zone it cannot use', () => {
    expect(formatDateTime(NOW, 'Not/AZone', 'en-GB')).toContain('2026');
  });
});

describe('describeAgo and describeSpan', () => {
  it.each([
    [10_000, 'just now'],
    [-5 * DAY, 'just now'],
    [5 * 60_000, '5 minutes ago'],
    [3 * 3_600_000, '3 hours ago'],
    [8 * 3_600_000, '8 hours ago'],
    [20 * 3_600_000, 'yesterday'],
    [40 * 3_600_000, '2 days ago'],
    [5 * DAY, '5 days ago'],
    [21 * DAY, '3 weeks ago'],
    [120 * DAY, '4 months ago'],
    [800 * DAY, '2 years ago'],
  ])('%d ms ago is "%s"', (ms, text) => {
    expect(describeAgo(NOW - ms, NOW)).toBe(text);
  });

  it('counts days by the calendar in the reader\'s zone', () => {
    // 01:30 and 23:30 on 1 Nov in New York (EST) are 06:30 on 1 Nov and 04:30 on 2 Nov in UTC.
    const then = Date.parse('2026-11-01T06:30:00Z');
    const now = Date.parse('2026-11-02T04:30:00Z');
    expect(describeAgo(then, now, 'UTC')).toBe('yesterday');
    expect(describeAgo(then, now, 'America/New_York')).toBe('22 hours ago');
  });

  it('counts in the unit people use', () => {
    expect([1, 13, 14, 62, 63, 700, 731].map(describeSpan)).toEqual(['1 day', '13 days', '2 weeks', '9 weeks', '2 months', '23 months', '2 years']);
  });
});

describe('describeScanStatus', () => {
  it('never run', () => {
    expect(describeScanStatus({ progress: null, lastRun: null, queued: false, now: NOW })).toMatchObject({ state: 'never', headline: 'Not scanned yet' });
    expect(describeScanStatus({ progress: null, lastRun: null, queued: true, now: NOW }).detail).toContain('starts within a minute');
  });

  it('running, with Gmail\'s estimate', () => {
    const status = describeScanStatus({ progress: { kind: 'full', folded: 12400, estimate: 40000 }, lastRun: null, queued: true, now: NOW });
    expect(status).toMatchObject({ state: 'running', headline: 'Scanning: 12,400 of about 40,000 messages' });
    expect(describeScanStatus({ progress: { kind: 'incremental', folded: 50, estimate: 10 }, lastRun: null, queued: true, now: NOW }).headline).toBe(
      'Reading new mail: 50 of about 50 messages',
    );
  });

  it('the last run, with its time and summary', () => {
    const status = describeScanStatus({ progress: null, lastRun: { at: NOW - 2 * 3_600_000, message: 'Scan complete: 12 new messages read.' }, queued: false, now: NOW, timeZone: 'UTC', locale: 'en-GB' });
    expect(status).toEqual({ state: 'idle', headline: 'Last run 2 hours ago (Mon, 2 Nov 2026, 07:00)', detail: 'Scan complete: 12 new messages read.' });
  });

  it('formats counts in the locale', () => {
    expect(formatCount(40000, 'de-DE')).toBe('40.000');
  });
});

describe('meetings and groups in words', () => {
  it('says which kind of contact was last, and which label set the cadence', () => {
    const met = { ...base, lastContact: NOW - 5 * DAY, lastContactKind: 'met' as const, lastMet: NOW - 5 * DAY };
    const d = describeContact({ lastSent: null, lastReceived: null }, met, NOW);
    expect(d.lastContact).toBe('met 5 days ago');
    expect(d.youMet?.relative).toBe('5 days ago');
    expect(describeContact({ lastSent: null, lastReceived: null }, { ...base, cadenceSource: 'group', groups: ['Work', 'Reconnect: monthly'] }, NOW).cadenceSource).toBe('Set by the label “Reconnect: monthly”');
  });
});
