import { chooseRegime, compactSpend, createQuotaPace, GMAIL_QUOTA_REGIMES, msUntilClear, PACE_SHARE, readRetryAfter, recordCall, waitBeforeCall } from '../../src/core/pace-gmail-quota';

describe('pacing Gmail calls', () => {
  it.each(['legacy', '2026'] as const)('%s: a minute never holds more than the paced share of the limit', (regime) => {
    let pace = createQuotaPace(regime);
    let now = 0;
    const spent: Array<{ at: number; units: number }> = [];
    for (let i = 0; i < 2000; i += 1) {
      now += waitBeforeCall(pace, 'users.threads.get', now);
      pace = recordCall(pace, 'users.threads.get', now);
      spent.push({ at: now, units: GMAIL_QUOTA_REGIMES[regime].units('users.threads.get') });
      now += 10;
    }
    const limit = GMAIL_QUOTA_REGIMES[regime].unitsPerMinute * PACE_SHARE;
    for (const s of spent) {
      const window = spent.filter((x) => x.at > s.at - 60_000 && x.at <= s.at).reduce((sum, x) => sum + x.units, 0);
      expect(window).toBeLessThanOrEqual(limit);
    }
  });

  it('prices threads.get at 10 and 40 units, messages.get at 5 and 20', () => {
    expect(GMAIL_QUOTA_REGIMES.legacy.units('users.threads.get')).toBe(10);
    expect(GMAIL_QUOTA_REGIMES['2026'].units('users.threads.get')).toBe(40);
    expect(GMAIL_QUOTA_REGIMES.legacy.units('users.messages.get')).toBe(5);
    expect(GMAIL_QUOTA_REGIMES['2026'].units('users.messages.get')).toBe(20);
    expect(GMAIL_QUOTA_REGIMES.legacy.units('users.history.list')).toBe(2);
  });

  it('the user’s choice wins; auto follows what a 429 showed', () => {
    expect(chooseRegime('auto', null)).toBe('legacy');
    expect(chooseRegime('auto', '2026')).toBe('2026');
    expect(chooseRegime('legacy', '2026')).toBe('legacy');
  });

  it('reads the retry time of a 429', () => {
    expect(readRetryAfter('API call to gmail.users.threads.get failed with error: User-rate limit exceeded.  Retry after 2026-11-02T09:40:00.000Z')).toBe(Date.parse('2026-11-02T09:40:00.000Z'));
    expect(readRetryAfter('User-rate limit exceeded')).toBeNull();
    // RFC 3339 wants an offset; one left out is read as UTC.
    expect(readRetryAfter('User-rate limit exceeded. Retry after 2026-11-02T09:40:00')).toBe(Date.parse('2026-11-02T09:40:00Z'));
  });
});

describe('the spend saved between runs', () => {
  it('keeps the last minute in 5-second buckets that age out no sooner than the calls did', () => {
    let pace = createQuotaPace('2026');
    for (let t = 0; t < 70_000; t += 1000) pace = recordCall(pace, 'users.threads.get', t);
    const saved = compactSpend(pace, 70_000);
    expect(saved.length).toBeLessThanOrEqual(13);
    expect(saved.reduce((sum, x) => sum + x.units, 0)).toBe(pace.spent.filter((x) => x.at > 10_000).length * 40);
    const resumed = createQuotaPace('2026', saved);
    for (let t = 70_000; t < 140_000; t += 500) expect(waitBeforeCall(resumed, 'users.threads.get', t)).toBeGreaterThanOrEqual(waitBeforeCall(pace, 'users.threads.get', t));
    // The last call was at 69 s: clear a minute after it.
    expect(msUntilClear(resumed, 70_000)).toBe(59_001);
  });
});
