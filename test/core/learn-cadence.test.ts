import { learnCadence } from '../../src/core/learn-cadence';

const every = (gap: number, n: number, start = 20000) => Array.from({ length: n }, (_, i) => start + i * gap);

describe('learnCadence', () => {
  it('needs at least four conversations', () => {
    expect(learnCadence([])).toBeNull();
    expect(learnCadence(every(30, 3))).toBeNull();
    expect(learnCadence(every(30, 4))).toEqual({ days: 45, typicalGapDays: 30, conversations: 4 });
  });

  it('treats a reply within three days as the same conversation', () => {
    const monthly = every(30, 6).flatMap((d) => [d, d + 2]);
    expect(learnCadence(monthly)?.typicalGapDays).toBe(30);
  });

  it('cuts a daily exchange into weeks and clamps to a week at least', () => {
    const daily = every(1, 60);
    expect(learnCadence(daily)).toEqual({ days: 11, typicalGapDays: 7, conversations: 9 });
    expect(learnCadence(every(4, 10))?.days).toBe(7);
  });

  it('clamps to a year at most and uses the median, not the mean', () => {
    expect(learnCadence(every(400, 5))?.days).toBe(365);
    expect(learnCadence([0, 30, 60, 90, 800])?.typicalGapDays).toBe(30);
  });
});
