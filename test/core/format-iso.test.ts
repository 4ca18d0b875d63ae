import { formatDay, formatIso, parseIso } from '../../src/core/format-iso';

describe('formatIso', () => {
  it('prints UTC to the second', () => {
    expect(formatIso(Date.UTC(2025, 2, 4, 17, 15, 0, 999))).toBe('2025-03-04T17:15:00Z');
    expect(formatIso(null)).toBeNull();
    expect(formatDay(Date.UTC(2025, 2, 4, 17))).toBe('2025-03-04');
    expect(formatDay(null)).toBe('');
  });
});

describe('parseIso', () => {
  it.each([
    ['2025-03-04', Date.UTC(2025, 2, 4)],
    ['2025-03-04T17:15:00Z', Date.UTC(2025, 2, 4, 17, 15)],
    ['2025-03-04T17:15Z', Date.UTC(2025, 2, 4, 17, 15)],
    ['2025-03-04T19:15:00+02:00', Date.UTC(2025, 2, 4, 17, 15)],
    ['2025-03-04T19:15:00+0200', Date.UTC(2025, 2, 4, 17, 15)],
    ['2025-03-04T17:15:00.123Z', Date.UTC(2025, 2, 4, 17, 15, 0, 123)],
  ])('parses %s', (text, ms) => {
    expect(parseIso(text)).toBe(ms);
  });

  it.each(['', 'now', 'March 4 2025', '2025-3-4', '2025-13-01', '2025-02-30', '2025-03-04T25:00Z', '1741108500'])('rejects %p', (text) => {
    expect(parseIso(text)).toBeNull();
  });
});
