/** Which Gmail errors are retried and how long it waits; the quota limiter's pacing. */
import { callGmailWithRetry, classifyGmailError, DEFAULT_RETRY, GmailDailyLimitError, type RetryPolicy } from '../../src/node/call-gmail-with-retry';
import { createGmailCaller } from '../../src/node/create-gmail-caller';
import { createQuotaLimiter, GMAIL_USER_UNITS_PER_MINUTE } from '../../src/node/create-quota-limiter';

function googleError(status: number, reason: string, headers: Record<string, string> = {}) {
  return {
    message: `HTTP ${status}`,
    status,
    response: { status, headers: new Headers(headers), data: { error: { code: status, message: `${reason} message`, errors: [{ reason, domain: 'usageLimits' }] } } },
  };
}

describe('classifyGmailError', () => {
  it.each([
    ['429', 'rate', googleError(429, 'rateLimitExceeded')],
    ['403 rateLimitExceeded', 'rate', googleError(403, 'rateLimitExceeded')],
    ['403 userRateLimitExceeded', 'rate', googleError(403, 'userRateLimitExceeded')],
    ['403 dailyLimitExceeded', 'daily', googleError(403, 'dailyLimitExceeded')],
    ['403 insufficientPermissions', 'forbidden', googleError(403, 'insufficientPermissions')],
    ['500', 'transient', googleError(500, 'backendError')],
    ['503', 'transient', googleError(503, 'backendError')],
    ['404', 'not-found', googleError(404, 'notFound')],
    ['401', 'auth', googleError(401, 'authError')],
    ['a refused refresh (invalid_grant)', 'auth', { message: 'x', status: 400, response: { status: 400, data: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } } }],
    ['a reset connection', 'transient', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })],
    ['a bug', 'other', new Error('something else')],
  ])('%s is %s', (_label, kind, error) => {
    expect(classifyGmailError(error).kind).toBe(kind);
  });

  it('reads Retry-After in seconds', () => {
    expect(classifyGmailError(googleError(429, 'rateLimitExceeded', { 'retry-after': '7' })).retryAfterMs).toBe(7000);
  });
});

describe('callGmailWithRetry', () => {
  function policy(waits: number[], random = 0.5): RetryPolicy {
    return { ...DEFAULT_RETRY, random: () => random, sleep: async (ms) => void waits.push(ms) };
  }

  it('waits about 1, 2, 4, 8, 16 and 32 s plus jitter, then gives up', async () => {
    const waits: number[] = [];
    let calls = 0;
    const failing = () => {
      calls += 1;
      return Promise.reject(googleError(429, 'rateLimitExceeded'));
    };
    await expect(callGmailWithRetry(failing, policy(waits))).rejects.toMatchObject({ status: 429 });
    expect(calls).toBe(7);
    expect(waits).toEqual([1500, 2500, 4500, 8500, 16_500, 32_500]);
  });

  it('honours a longer Retry-After, and succeeds when Gmail does', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await callGmailWithRetry(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(googleError(403, 'userRateLimitExceeded', { 'retry-after': '9' })) : Promise.resolve('ok');
    }, policy(waits, 0));
    expect(result).toBe('ok');
    expect(waits).toEqual([9000]);
  });

  it('stops at once on a daily limit, and never retries a client error', async () => {
    const waits: number[] = [];
    await expect(callGmailWithRetry(() => Promise.reject(googleError(403, 'dailyLimitExceeded')), policy(waits))).rejects.toBeInstanceOf(GmailDailyLimitError);
    await expect(callGmailWithRetry(() => Promise.reject(googleError(400, 'invalidArgument')), policy(waits))).rejects.toMatchObject({ status: 400 });
    expect(waits).toEqual([]);
  });
});

describe('createQuotaLimiter', () => {
  it('lets the burst through at once, then holds the rate, so no minute goes over the limit', async () => {
    let clock = 0;
    const limiter = createQuotaLimiter({
      unitsPerMinute: 13_500,
      burstUnits: 1_500,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const spentAt: number[] = [];
    // Five minutes of messages.get at 5 units each, as fast as the limiter allows.
    while (clock < 5 * 60_000) {
      await limiter.take(5);
      spentAt.push(clock);
    }
    expect(spentAt.slice(0, 300).every((t) => t === 0)).toBe(true);
    let worst = 0;
    for (let i = 0, j = 0; i < spentAt.length; i += 1) {
      while (spentAt[i]! - spentAt[j]! >= 60_000) j += 1;
      worst = Math.max(worst, (i - j + 1) * 5);
    }
    expect(worst).toBeLessThanOrEqual(GMAIL_USER_UNITS_PER_MINUTE);
    expect(worst).toBeGreaterThan(14_000);
    expect(limiter.spent).toBe(spentAt.length * 5);
  });
});

describe('adapting to the per-user regime', () => {
  it('a 429 moves the caller to the 2026 table and rate, and its named retry time is honoured', async () => {
    const taken: number[] = [];
    let rate = 0;
    const limiter = { take: async (units: number) => void taken.push(units), setUnitsPerMinute: (n: number) => void (rate = n), spent: 0 };
    const waits: number[] = [];
    const until = new Date(Date.now() + 120_000).toISOString();
    const regimes: string[] = [];
    const caller = createGmailCaller({
      limiter,
      retry: { ...DEFAULT_RETRY, sleep: async (ms) => void waits.push(ms), random: () => 0 },
      onRegime: (r) => regimes.push(r),
    });
    let calls = 0;
    const result = await caller('users.threads.get', async () => {
      calls += 1;
      if (calls === 1) throw { ...googleError(429, 'rateLimitExceeded'), response: { status: 429, headers: new Headers(), data: { error: { code: 429, message: `User-rate limit exceeded. Retry after ${until}`, errors: [{ reason: 'rateLimitExceeded' }] } } } };
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(taken).toEqual([10, 40]);
    expect(rate).toBe(5400);
    expect(regimes).toEqual(['2026']);
    expect(waits[0]).toBeGreaterThan(110_000);
  });
});
