import { FakeRuntime, FakeSession, FakeUtilities, formatSimpleDate } from '../fakes';

describe('FakeSession', () => {
  it('answers user, time zone and locale', () => {
    const s = new FakeSession(new FakeRuntime(), { effectiveUserEmail: 'me@example.com', timeZone: 'Europe/Paris', locale: 'fr' });
    expect(s.getActiveUser().getEmail()).toBe('me@example.com');
    expect(s.getEffectiveUser().getEmail()).toBe('me@example.com');
    expect(s.getScriptTimeZone()).toBe('Europe/Paris');
    expect(s.getActiveUserLocale()).toBe('fr');
    const hidden = new FakeSession(new FakeRuntime(), { effectiveUserEmail: 'me@example.com', activeUserEmail: '' });
    expect(hidden.getActiveUser().getEmail()).toBe('');
  });
});

describe('FakeUtilities', () => {
  const u = new FakeUtilities(new FakeRuntime());

  it('base64 web-safe round-trips strings and signed byte arrays, keeping padding', () => {
    const encoded = u.base64EncodeWebSafe('Ünïcödé? >>>');
    expect(encoded).toBe('w5xuw69jw7Zkw6k_ID4-Pg==');
    const bytes = u.base64DecodeWebSafe(encoded);
    expect(bytes.some((b) => b < 0)).toBe(true);
    expect(u.newBlob(bytes).getDataAsString()).toBe('Ünïcödé? >>>');
    expect(u.base64EncodeWebSafe(bytes)).toBe(encoded);
    expect(u.base64Encode('a', u.Charset.US_ASCII)).toBe('YQ==');
  });

  it('computes digests as signed bytes', () => {
    const digest = u.computeDigest(u.DigestAlgorithm.SHA_256, 'abc');
    const hex = digest.map((b) => (b & 0xff).toString(16).padStart(2, '0')).join('');
    expect(hex).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(() => u.computeDigest(u.DigestAlgorithm.MD2, 'abc')).toThrow(/not implemented/);
  });

  it('formats dates with SimpleDateFormat letters in a time zone', () => {
    const d = new Date('2025-01-06T15:04:05.678Z');
    expect(u.formatDate(d, 'America/New_York', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")).toBe('2025-01-06T10:04:05.678-05:00');
    expect(u.formatDate(d, 'Europe/Berlin', 'EEE, d MMM yyyy HH:mm Z')).toBe('Mon, 6 Jan 2025 16:04 +0100');
    expect(u.formatDate(d, 'Etc/UTC', "EEEE MMMM dd yy h:mm a 'o''clock'")).toBe("Monday January 06 25 3:04 PM o'clock");
    expect(formatSimpleDate(d, 'Not/AZone', 'HH:mm')).toBe('15:04');
  });

  it('sleep advances the shared clock', () => {
    const rt = new FakeRuntime();
    const utilities = new FakeUtilities(rt);
    const t0 = rt.clock.now();
    utilities.sleep(1000);
    expect(rt.clock.now() - t0).toBe(1000);
    expect(() => utilities.sleep(300_001)).toThrow(/0\.\.300000/);
  });

  it('getUuid is deterministic', () => {
    const a = new FakeUtilities(new FakeRuntime());
    expect(a.getUuid()).toBe('00000000-0000-4000-8000-000000000001');
    expect(a.getUuid()).toBe('00000000-0000-4000-8000-000000000002');
  });
});
