/** The modes that make the fakes as unkind as Google's contract allows. */
import { GMAIL_REGIMES, setGmailRegime } from '../fakes/call-log';
import { FakeGoogle } from '../fakes/fake-google';
import { TRIGGER_RUNTIME_CAP_MS } from '../fakes/fake-runtime';
import { WORDING } from '../fakes/google-errors';
import { MailboxBuilder } from '../fakes/mailbox-builder';

const NOW = '2026-11-02T09:00:00Z';

function google(count = 40, latency?: Record<string, number>): FakeGoogle {
  const box = new MailboxBuilder({ owner: 'me@example.com' });
  for (let i = 0; i < count; i += 1) box.sent(`p${i}@example.org`, new Date(Date.parse(NOW) - (i + 1) * 3_600_000).toISOString());
  return new FakeGoogle({ now: NOW, mailbox: box, latency });
}

function listAll(g: FakeGoogle, maxResults: number): { pages: string[][]; ids: string[] } {
  const pages: string[][] = [];
  let pageToken: string | undefined;
  do {
    const r = g.Gmail.Users.Messages.list('me', { q: 'in:sent', maxResults, pageToken });
    pages.push((r.messages ?? []).map((m) => m.id!));
    pageToken = r.nextPageToken;
  } while (pageToken !== undefined);
  return { pages, ids: pages.flat() };
}

describe('listing modes', () => {
  it('newest first and full pages by default', () => {
    const g = google();
    const { pages, ids } = listAll(g, 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 10]);
    const dates = ids.map((id) => g.Gmail.internalDateOf(id));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });

  it('shuffled: every match once, not newest first, the same order on every listing', () => {
    const g = google();
    g.Gmail.setListing({ order: 'shuffled', seed: 3 });
    const first = listAll(g, 10).ids;
    expect(new Set(first).size).toBe(40);
    const dates = first.map((id) => g.Gmail.internalDateOf(id));
    expect([...dates].sort((a, b) => b - a)).not.toEqual(dates);
    expect(listAll(g, 10).ids).toEqual(first);
  });

  it('short pages: some shorter than asked, some empty with a token, all matches in the end', () => {
    const g = google();
    g.Gmail.setListing({ shortPages: true, seed: 5 });
    const { pages, ids } = listAll(g, 10);
    expect(pages.some((p) => p.length === 0)).toBe(true);
    expect(pages.slice(0, -1).some((p) => p.length > 0 && p.length < 10)).toBe(true);
    expect(new Set(ids).size).toBe(40);
  });

  it('duplicates: an id listed on two pages', () => {
    const g = google();
    g.Gmail.setListing({ duplicates: true });
    const { ids } = listAll(g, 10);
    expect(ids.length).toBeGreaterThan(40);
    expect(new Set(ids).size).toBe(40);
  });
});

describe('add-on context', () => {
  it('a card callback may not create a trigger sooner than an hour; the editor may', () => {
    const g = google(0);
    g.startExecution({ kind: 'cardAction' });
    expect(() => g.ScriptApp.newTrigger('continueScan').timeBased().after(60_000).create()).toThrow(WORDING.addonTriggerTooFrequent);
    expect(() => g.ScriptApp.newTrigger('continueScan').timeBased().everyMinutes(5).create()).toThrow(WORDING.addonTriggerTooFrequent);
    g.ScriptApp.newTrigger('continueScan').timeBased().everyHours(1).create();
    g.endExecution();
    g.startExecution();
    g.ScriptApp.newTrigger('continueScan').timeBased().after(60_000).create();
    g.endExecution();
    expect(g.ScriptApp.triggers).toHaveLength(2);
  });
});

describe('due triggers fire concurrently', () => {
  it('a one-shot trigger due mid-run starts its own execution then', () => {
    const g = google(0);
    const seen: string[] = [];
    g.ScriptApp.fireConcurrently((t) => seen.push(`${t.handlerFunction}@${g.runtime.currentExecution!.id}`));
    g.startExecution({ id: 'first' });
    g.ScriptApp.newTrigger('continueScan').timeBased().after(1000).create();
    g.Utilities.sleep(2000);
    g.PropertiesService.getUserProperties().getProperty('x');
    g.endExecution();
    expect(seen).toEqual(['continueScan@exec-1']);
    expect(g.runtime.allExecutions.map((e) => e.trigger)).toEqual([false, true]);
  });
});

describe('daily trigger-runtime cap', () => {
  it('fails trigger runs past 90 minutes a day with Google wording, and resets after 24 hours', () => {
    const g = google(0);
    g.runtime.setTriggerRuntimeCap(TRIGGER_RUNTIME_CAP_MS.consumer, 89 * 60_000);
    const props = g.PropertiesService.getUserProperties();
    g.startExecution({ trigger: true });
    props.getProperty('a');
    g.Utilities.sleep(61_000);
    expect(() => props.getProperty('a')).toThrow(WORDING.tooMuchComputerTime);
    g.endExecution();
    // Runs from the editor are not trigger runs.
    g.startExecution();
    props.getProperty('a');
    g.endExecution();
    g.clock.advance(24 * 60 * 60_000);
    g.startExecution({ trigger: true });
    props.getProperty('a');
    g.endExecution();
  });
});

describe('Gmail per-user units a minute', () => {
  it.each(['legacy', '2026'] as const)('%s: 429 with a retry time once the minute is spent, passing again after it', (regime) => {
    // 10 ms a call, so the legacy minute's 3,000 reads fit in one minute.
    const g = google(1, { 'gmail.*': 10 });
    setGmailRegime(g.log, regime);
    const id = g.Gmail.messageIds()[0]!;
    const perCall = GMAIL_REGIMES[regime].units('gmail.users.messages.get');
    const allowed = Math.floor(GMAIL_REGIMES[regime].unitsPerMinute / perCall);
    for (let i = 0; i < allowed; i += 1) g.Gmail.Users.Messages.get('me', id, { format: 'minimal' });
    let error: Error | undefined;
    try {
      g.Gmail.Users.Messages.get('me', id, { format: 'minimal' });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/User-rate limit exceeded\. Retry after \d{4}-\d\d-\d\dT/);
    expect((error as unknown as { details: { code: number } }).details.code).toBe(429);
    const until = Date.parse(error!.message.split('Retry after ')[1]!);
    expect(until).toBeGreaterThan(g.clock.now());
    g.clock.setTo(until);
    g.Gmail.Users.Messages.get('me', id, { format: 'minimal' });
  });

  it('an outage answers 429 with its end time until then', () => {
    const g = google(1);
    const until = Date.parse(NOW) + 30 * 60_000;
    g.log.setRetryAfterOutage('gmail', until);
    expect(() => g.Gmail.Users.getProfile('me')).toThrow(`Retry after ${new Date(until).toISOString()}`);
    g.clock.setTo(until);
    expect(g.Gmail.Users.getProfile('me').emailAddress).toBe('me@example.com');
  });
});
