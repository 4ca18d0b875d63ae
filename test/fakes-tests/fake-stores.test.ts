import {
  CACHE_VALUE_MAX_BYTES,
  FakeCacheService,
  FakePropertiesService,
  FakeRuntime,
  PROPERTY_STORE_MAX_BYTES,
  PROPERTY_VALUE_MAX_BYTES,
} from '../fakes';

describe('FakePropertiesService', () => {
  it('keeps script and user properties apart and stores strings', () => {
    const rt = new FakeRuntime();
    const svc = new FakePropertiesService(rt);
    svc.getScriptProperties().setProperty('k', 'script');
    svc.getUserProperties().setProperties({ k: 'user', n: 5 as unknown as string });
    expect(svc.getScriptProperties().getProperty('k')).toBe('script');
    expect(svc.getUserProperties().getProperties()).toEqual({ k: 'user', n: '5' });
    expect(svc.getUserProperties().getProperty('missing')).toBeNull();
    expect(svc.getDocumentProperties()).toBeNull();
  });

  it('refuses a value over 9 KB with "Argument too large: value"', () => {
    const props = new FakePropertiesService(new FakeRuntime()).getUserProperties();
    props.setProperty('ok', 'x'.repeat(PROPERTY_VALUE_MAX_BYTES));
    expect(() => props.setProperty('big', 'x'.repeat(PROPERTY_VALUE_MAX_BYTES + 1))).toThrow('Argument too large: value');
    // Multi-byte characters count by UTF-8 bytes: 3,073 euro signs are 9,219 bytes.
    expect(() => props.setProperty('euro', '€'.repeat(3073))).toThrow('Argument too large: value');
    expect(props.getProperty('big')).toBeNull();
  });

  it('refuses a write past 500 KB per store with Apps Script wording, leaving the store unchanged', () => {
    const svc = new FakePropertiesService(new FakeRuntime());
    const props = svc.getScriptProperties();
    const value = 'y'.repeat(9000);
    let n = 0;
    expect(() => {
      for (;;) props.setProperty(`K${n++}`, value);
    }).toThrow('You have exceeded the property storage quota. Please remove some properties and try again.');
    expect(svc.usedBytes('script')).toBeLessThanOrEqual(PROPERTY_STORE_MAX_BYTES);
    expect(props.getKeys()).toHaveLength(n - 1);
    // The user store is separate and still empty.
    svc.getUserProperties().setProperty('fresh', value);
    // setProperties is all or nothing.
    const before = props.getKeys().length;
    expect(() => props.setProperties({ a: 'small', b: value })).toThrow(/property storage quota/);
    expect(props.getKeys()).toHaveLength(before);
    props.setProperties({ only: 'this' }, true);
    expect(props.getProperties()).toEqual({ only: 'this' });
  });

  it('charges the measured latencies: 30 ms per read, 62 ms per write', () => {
    const rt = new FakeRuntime();
    const props = new FakePropertiesService(rt).getUserProperties();
    const t0 = rt.clock.now();
    props.setProperty('a', '1');
    props.getProperty('a');
    expect(rt.clock.now() - t0).toBe(92);
    expect(rt.log.count('properties.setProperty')).toBe(1);
  });
});

describe('FakeCacheService', () => {
  it('expires after 600 s by default and after the given seconds otherwise', () => {
    const rt = new FakeRuntime();
    const cache = new FakeCacheService(rt).getScriptCache();
    cache.put('a', '1');
    cache.put('b', '2', 21600);
    rt.clock.advance(600_000);
    expect(cache.get('a')).toBeNull();
    expect(cache.getAll(['a', 'b', 'c'])).toEqual({ b: '2' });
    rt.clock.advance(21_000_000);
    expect(cache.get('b')).toBeNull();
  });

  it('enforces 100 KB values, 250-character keys and the 6-hour maximum', () => {
    const cache = new FakeCacheService(new FakeRuntime()).getUserCache();
    cache.put('ok', 'x'.repeat(CACHE_VALUE_MAX_BYTES));
    expect(() => cache.put('big', 'x'.repeat(CACHE_VALUE_MAX_BYTES + 1))).toThrow('Argument too large: value');
    expect(() => cache.put('k'.repeat(251), 'v')).toThrow('Argument too large: key');
    expect(() => cache.put('long', 'v', 21601)).toThrow(/1\.\.21600/);
    expect(() => cache.put('zero', 'v', 0)).toThrow(/1\.\.21600/);
  });

  it('keeps the 900 entries farthest from expiry when more than 1,000 are written', () => {
    const rt = new FakeRuntime();
    const svc = new FakeCacheService(rt);
    const cache = svc.getScriptCache();
    const values: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) values[`k${i}`] = 'v';
    cache.putAll(values, 100);
    cache.put('longest', 'v', 200);
    expect(svc.size('script')).toBe(900);
    expect(cache.get('longest')).toBe('v');
  });

  it('evictAll models the cache dropping data early', () => {
    const svc = new FakeCacheService(new FakeRuntime());
    svc.getScriptCache().put('a', '1');
    svc.evictAll();
    expect(svc.getScriptCache().get('a')).toBeNull();
    expect(svc.getDocumentCache()).toBeNull();
  });
});
