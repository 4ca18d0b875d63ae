import {
  CallLog,
  DOCUMENTED_DAILY_QUOTAS,
  EXECUTION_LIMIT_MS,
  ExecutionTimeoutError,
  FakeGoogle,
  FakeRuntime,
  GMAIL_USER_UNITS_PER_MINUTE,
  GoogleJsonResponseException,
  gmailQuotaUnits,
  latencyFor,
  MailboxBuilder,
  WORDING,
} from '../fakes';

function google(): FakeGoogle {
  const mb = new MailboxBuilder({ owner: 'me@example.com' });
  mb.received('a@example.com', '2024-01-01T00:00:00Z');
  return new FakeGoogle({ now: '2025-01-06T09:00:00Z', mailbox: mb });
}

describe('FakeClock and the execution budget', () => {
  it('a script execution dies once the clock passes 6 minutes, with Google wording', () => {
    const g = google();
    const exec = g.startExecution();
    expect(exec.limitMs).toBe(EXECUTION_LIMIT_MS.script);
    // 3,600 Gmail calls at 100 ms reach exactly 6:00.000, which is still alive.
    for (let i = 0; i < 3600; i++) g.Gmail.Users.getProfile('me');
    expect(exec.elapsedMs()).toBe(360_000);
    expect(exec.died).toBe(false);
    expect(() => g.Gmail.Users.getProfile('me')).toThrow('Exceeded maximum execution time');
    expect(exec.died).toBe(true);
    // Dead stays dead, even if the code swallowed the error.
    expect(() => g.PropertiesService.getUserProperties()).toThrow(ExecutionTimeoutError);
    expect(g.log.calls.at(-1)?.outcome).toBe('timeout');
  });

  it('a card action dies at 30 seconds', () => {
    const g = google();
    const exec = g.startExecution({ kind: 'cardAction' });
    g.Utilities.sleep(30_000);
    expect(() => g.Utilities.sleep(1)).toThrow(WORDING.exceededMaxExecutionTime);
    expect(exec.died).toBe(true);
  });

  it("effectOnDeath 'applied' lets the fatal call take effect server-side", () => {
    const g = google();
    const exec = g.startExecution({ effectOnDeath: 'applied' });
    g.clock.advance(359_950);
    const raw = Buffer.from('Subject: late\r\n\r\nbody').toString('base64url');
    expect(() => g.Gmail.Users.Drafts.create({ message: { raw } }, 'me')).toThrow(ExecutionTimeoutError);
    expect(exec.died).toBe(true);
    expect(g.Gmail.draftRecords().map((d) => d.subject)).toEqual(['late']);
  });

  it('latencies resolve by exact name, then service wildcard, then 0', () => {
    expect(latencyFor('gmail.users.messages.get')).toBe(100);
    expect(latencyFor('properties.setProperty')).toBe(62);
    expect(latencyFor('spreadsheet.Range.getRow')).toBe(10);
    expect(latencyFor('session.getScriptTimeZone')).toBe(0);
    const rt = new FakeRuntime({ latency: { 'gmail.*': 250 } });
    expect(latencyFor('gmail.users.labels.list', rt.latency)).toBe(250);
    const g = google();
    const t0 = g.clock.now();
    g.Gmail.newMessage();
    expect(g.clock.now()).toBe(t0);
  });
});

describe('CallLog counting and fault injection', () => {
  it('counts calls per service.method name', () => {
    const g = google();
    g.Gmail.Users.Messages.list('me');
    g.Gmail.Users.Messages.list('me');
    g.PropertiesService.getUserProperties().getProperty('x');
    expect(g.log.count('gmail.users.messages.list')).toBe(2);
    expect(g.log.count('gmail')).toBe(2);
    expect(g.log.counts()).toEqual({
      'gmail.users.messages.list': 2,
      'properties.getUserProperties': 1,
      'properties.getProperty': 1,
    });
  });

  it('fails the k-th call overall, whatever the service', () => {
    const g = google();
    const boom = new Error(WORDING.serverError);
    g.log.failOnCall(3, boom);
    g.Gmail.Users.getProfile('me');
    g.PropertiesService.getUserProperties();
    expect(() => g.Gmail.Users.Labels.list('me')).toThrow(boom);
    g.Gmail.Users.Labels.list('me');
    expect(g.log.calls.map((c) => c.outcome)).toEqual(['ok', 'ok', 'fault', 'ok']);
  });

  it('fails the k-th call of one method with an advanced-service error', () => {
    const g = google();
    g.log.failOnMethodCall('gmail.users.messages.get', 2, (call) => new Error(`boom on #${call.seq}`));
    const id = g.Gmail.messageIds()[0] ?? '';
    g.Gmail.Users.Messages.list('me');
    g.Gmail.Users.Messages.get('me', id);
    g.Gmail.Users.Messages.list('me');
    expect(() => g.Gmail.Users.Messages.get('me', id)).toThrow('boom on #4');
    g.Gmail.Users.Messages.get('me', id);
  });

  it('failWhen fails matching calls a given number of times', () => {
    const g = google();
    expect(g.log).toBeInstanceOf(CallLog);
    g.log.failWhen((c) => c.name === 'cache.get', new Error('down'), 2);
    const cache = g.CacheService.getScriptCache();
    expect(() => cache.get('a')).toThrow('down');
    expect(() => cache.get('a')).toThrow('down');
    expect(cache.get('a')).toBeNull();
  });
});

describe('quota simulation', () => {
  it('daily quota: "Service invoked too many times for one day: gmail." until 24 h after the first call', () => {
    const g = google();
    g.log.setDailyQuota('gmail', { limit: 3 });
    for (let i = 0; i < 3; i++) g.Gmail.Users.getProfile('me');
    expect(() => g.Gmail.Users.getProfile('me')).toThrow('Service invoked too many times for one day: gmail.');
    g.clock.advance(24 * 60 * 60 * 1000);
    g.Gmail.Users.getProfile('me');
    expect(DOCUMENTED_DAILY_QUOTAS.gmail).toBe(20000);
  });

  it('rate quota for gmail uses the Advanced Service 403 wording', () => {
    const g = google();
    g.log.setRateQuota('gmail', { limit: GMAIL_USER_UNITS_PER_MINUTE, windowMs: 60_000, weight: gmailQuotaUnits });
    const id = g.Gmail.messageIds()[0] ?? '';
    // messages.get costs 5 units: 3,000 fit in a minute, but 100 ms each means only 600 happen per minute.
    for (let i = 0; i < 700; i++) g.Gmail.Users.Messages.get('me', id, { format: 'minimal' });
    g.log.setRateQuota('gmail', { limit: 10, windowMs: 60_000, weight: gmailQuotaUnits });
    g.Gmail.Users.Messages.get('me', id);
    g.Gmail.Users.Messages.get('me', id);
    let err: GoogleJsonResponseException | undefined;
    try {
      g.Gmail.Users.Messages.get('me', id);
    } catch (e) {
      err = e as GoogleJsonResponseException;
    }
    expect(err?.message).toBe(
      "API call to gmail.users.messages.get failed with error: Quota exceeded for quota metric 'Total Query Cost' and limit 'Units per minute per user' of service 'gmail.googleapis.com' for consumer 'project_number:000000000000'.",
    );
    expect(err?.details.code).toBe(403);
    expect(err?.details.errors[0]).toEqual(expect.objectContaining({ reason: 'rateLimitExceeded', domain: 'usageLimits' }));
    g.clock.advance(60_000);
    g.Gmail.Users.Messages.get('me', id);
  });

  it('builtin rate wording for other services, or on request', () => {
    const g = google();
    g.log.setRateQuota('properties', { limit: 1, windowMs: 1000 });
    const props = g.PropertiesService.getScriptProperties();
    expect(() => props.getProperty('x')).toThrow(
      'Service invoked too many times in a short time: properties. Try Utilities.sleep(1000) between calls.',
    );
    g.log.clearQuotas().setRateQuota('gmail', { limit: 1, windowMs: 1000, wording: 'builtin' });
    g.Gmail.Users.getProfile('me');
    expect(() => g.Gmail.Users.getProfile('me')).toThrow(
      'Service invoked too many times in a short time: gmail. Try Utilities.sleep(1000) between calls.',
    );
  });
});
