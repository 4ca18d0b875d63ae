import fc from 'fast-check';
import { assessContact } from '../../src/core/assess-contact';
import { emptyContact } from '../../src/core/fold-messages';
import { DAY_MS, type Contact } from '../../src/core/ledger';
import {
  labelStrength,
  measureAnswered,
  measureFactors,
  measureLateness,
  measureStrength,
  scorePriority,
  scoreStrength,
  STRENGTH_WEIGHTS,
  type StrengthFactor,
  type StrengthFactors,
} from '../../src/core/measure-strength';
import { DEFAULT_POLICY, TIERS, type Tier } from '../../src/core/settings';

const NOW = Date.UTC(2026, 10, 1, 9);
const DAY0 = Math.floor(NOW / DAY_MS);

/** A contact as a fold could leave it: dates within the relationship, days sets that agree with the counts. */
const contactArb: fc.Arbitrary<Contact> = fc
  .record({
    lifeDays: fc.integer({ min: 0, max: 3000 }),
    sinceDays: fc.integer({ min: 0, max: 2000 }),
    sent: fc.integer({ min: 0, max: 300 }),
    received: fc.integer({ min: 0, max: 300 }),
    weak: fc.integer({ min: 0, max: 50 }),
    sentDays: fc.uniqueArray(fc.integer({ min: 0, max: 3000 }), { maxLength: 48 }),
    receivedDays: fc.uniqueArray(fc.integer({ min: 0, max: 3000 }), { maxLength: 48 }),
  })
  .filter((r) => r.sent + r.received > 0)
  .map((r) => {
    const last = NOW - r.sinceDays * DAY_MS;
    const first = last - r.lifeDays * DAY_MS;
    const lastDay = Math.floor(last / DAY_MS);
    const days = (offsets: number[]) => [...new Set(offsets.map((o) => lastDay - (o % (r.lifeDays + 1))))].sort((a, b) => a - b);
    return {
      ...emptyContact('p@example.org', first),
      lastSent: r.sent > 0 ? last : null,
      lastReceived: r.received > 0 ? last - (r.sent > 0 ? DAY_MS : 0) : null,
      sentCount: r.sent,
      receivedCount: r.received,
      weakCount: r.weak,
      sentDays: r.sent > 0 ? days(r.sentDays.length > 0 ? r.sentDays : [0]) : [],
      receivedDays: r.received > 0 ? days(r.receivedDays.length > 0 ? r.receivedDays : [1]) : [],
    };
  });

const factorsArb: fc.Arbitrary<StrengthFactors> = fc.record({
  reciprocity: fc.double({ min: 0, max: 1, noNaN: true }),
  frequency: fc.double({ min: 0, max: 1, noNaN: true }),
  recency: fc.double({ min: 0, max: 1, noNaN: true }),
  tenure: fc.double({ min: 0, max: 1, noNaN: true }),
  oneToOne: fc.double({ min: 0, max: 1, noNaN: true }),
});
const FACTORS: StrengthFactor[] = [...(Object.keys(STRENGTH_WEIGHTS) as StrengthFactor[]), 'oneToOne'];

describe('relationship strength', () => {
  it('is 0–100 and never falls when any factor rises', () => {
    fc.assert(
      fc.property(factorsArb, fc.constantFrom(...FACTORS), fc.double({ min: 0, max: 1, noNaN: true }), (f, key, bump) => {
        const before = scoreStrength(f);
        const after = scoreStrength({ ...f, [key]: Math.min(1, f[key] + bump) });
        expect(before).toBeGreaterThanOrEqual(0);
        expect(after).toBeLessThanOrEqual(100);
        expect(after).toBeGreaterThanOrEqual(before - 1e-9);
      }),
    );
    expect(scoreStrength({ reciprocity: 1, frequency: 1, recency: 1, tenure: 1, oneToOne: 1 })).toBeCloseTo(100);
    expect(scoreStrength({ reciprocity: 0, frequency: 0, recency: 0, tenure: 0, oneToOne: 1 })).toBe(0);
  });

  it('rises with reciprocity: an answer from the quieter side never lowers it', () => {
    fc.assert(
      fc.property(contactArb, (c) => {
        // When both sides wrote as much, neither is quieter: one more either way is less balanced.
        fc.pre(c.sentCount > 0 && c.sentCount !== c.receivedCount);
        const quieter = c.receivedCount < c.sentCount;
        const more: Contact = quieter
          ? { ...c, receivedCount: c.receivedCount + 1, lastReceived: c.lastReceived ?? c.lastSent! - DAY_MS }
          : { ...c, sentCount: c.sentCount + 1 };
        expect(measureFactors(more, NOW).reciprocity).toBeGreaterThan(measureFactors(c, NOW).reciprocity);
        expect(measureStrength(more, NOW).exact).toBeGreaterThanOrEqual(measureStrength(c, NOW).exact - 1e-9);
      }),
    );
  });

  it('rises with frequency: more exchanges both ways over the same life never lower it', () => {
    fc.assert(
      fc.property(contactArb, fc.integer({ min: 1, max: 50 }), (c, n) => {
        const more = { ...c, sentCount: c.sentCount + n, receivedCount: c.receivedCount + n, lastSent: c.lastSent ?? c.lastReceived, lastReceived: c.lastReceived ?? c.lastSent };
        const base = { ...c, lastSent: more.lastSent, lastReceived: more.lastReceived };
        expect(measureFactors(more, NOW).frequency).toBeGreaterThan(measureFactors(base, NOW).frequency);
        expect(measureStrength(more, NOW).exact).toBeGreaterThanOrEqual(measureStrength(base, NOW).exact - 1e-9);
      }),
    );
  });

  it('falls with time since the last contact', () => {
    fc.assert(
      fc.property(contactArb, fc.integer({ min: 1, max: 3000 }), (c, days) => {
        const later = NOW + days * DAY_MS;
        expect(measureStrength(c, later).exact).toBeLessThan(measureStrength(c, NOW).exact);
      }),
    );
  });

  it('counts whether they answer you: replies within two weeks of your messages', () => {
    expect(measureAnswered([10, 40, 70], [12, 41, 200])).toBeCloseTo(2 / 5);
    expect(measureAnswered([10], [30])).toBe(0);
    expect(measureAnswered([], [1, 2])).toBe(0);
    const c = (receivedDays: number[]): Contact => ({
      ...emptyContact('p@example.org', NOW - 400 * DAY_MS), lastSent: NOW - 30 * DAY_MS, lastReceived: NOW - 29 * DAY_MS,
      sentCount: 10, receivedCount: 10, sentDays: [0, 30, 60, 90, 120].map((d) => DAY0 - 400 + d), receivedDays,
    });
    const answering = c([1, 31, 61, 91, 121].map((d) => DAY0 - 400 + d));
    const ignoring = c([300, 310, 320, 330, 340].map((d) => DAY0 - 400 + d));
    expect(measureStrength(answering, NOW).score).toBeGreaterThan(measureStrength(ignoring, NOW).score);
  });

  it('puts many messages both ways above a one-way sender with as many messages', () => {
    fc.assert(
      fc.property(contactArb, (c) => {
        fc.pre(c.sentCount >= 3 && c.receivedCount >= 3);
        const total = c.sentCount + c.receivedCount;
        const oneWay: Contact = { ...c, receivedCount: 0, sentCount: total, lastReceived: null, receivedDays: [], sentDays: [...new Set([...c.sentDays, ...c.receivedDays])].sort((a, b) => a - b) };
        expect(measureStrength(c, NOW).exact).toBeGreaterThan(measureStrength(oneWay, NOW).exact);
      }),
    );
  });

  it('names its bands', () => {
    expect([0, 19, 20, 39, 40, 59, 60, 100].map(labelStrength)).toEqual([
      'weak tie', 'weak tie', 'occasional', 'occasional', 'regular', 'regular', 'strong tie', 'strong tie',
    ]);
  });
});

describe('priority', () => {
  it('is 0–100 and monotone in strength and in lateness', () => {
    const s = fc.double({ min: 0, max: 100, noNaN: true });
    const l = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(s, s, l, l, (s1, s2, l1, l2) => {
        const [sLo, sHi] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const [lLo, lHi] = l1 <= l2 ? [l1, l2] : [l2, l1];
        expect(scorePriority(sHi, lLo)).toBeGreaterThanOrEqual(scorePriority(sLo, lLo));
        expect(scorePriority(sLo, lHi)).toBeGreaterThanOrEqual(scorePriority(sLo, lLo));
        expect(scorePriority(sHi, lHi)).toBeLessThanOrEqual(100);
        expect(scorePriority(sLo, lLo)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('takes lateness from days overdue in cadences: monotone, 0 when not overdue, one cadence late is one half', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.option(fc.integer({ min: 1, max: 365 })), (a, b, cadence) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(measureLateness(hi, cadence)).toBeGreaterThanOrEqual(measureLateness(lo, cadence));
        expect(measureLateness(hi, cadence)).toBeLessThan(1);
      }),
    );
    expect(measureLateness(0, 90)).toBe(0);
    expect(measureLateness(90, 90)).toBe(0.5);
    expect(measureLateness(30, 7)).toBe(0.5);
  });
});

describe('the minimum gap', () => {
  const overrideArb = fc.record(
    {
      cadence: fc.constantFrom<Tier>(...TIERS),
      snoozeUntil: fc.integer({ min: -400, max: 400 }).map((d) => NOW + d * DAY_MS),
      ignore: fc.boolean(),
    },
    { requiredKeys: [] },
  );

  it('keeps everyone whose cadence they did not set out of due and lapsed until it has passed', () => {
    fc.assert(
      fc.property(
        contactArb,
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 0, maxLength: 48 }),
        fc.integer({ min: 0, max: 365 }),
        fc.integer({ min: 7, max: 365 }),
        fc.boolean(),
        overrideArb,
        (c, offsets, minGapDays, defaultCadenceDays, nagInboundOnly, override) => {
          const history = [...new Set(offsets.map((o) => DAY0 - o))].sort((a, b) => a - b);
          const policy = { ...DEFAULT_POLICY, minGapDays, defaultCadenceDays, nagInboundOnly };
          const a = assessContact({ ...c, history }, NOW, policy, override);
          if (override.cadence === undefined && a.daysSince !== null && a.daysSince < minGapDays) {
            expect(['due', 'lapsed']).not.toContain(a.state);
          }
          expect(a.reason).not.toBe('');
        },
      ),
    );
  });

  it('lets a cadence the user set lapse sooner', () => {
    const c: Contact = { ...emptyContact('p@example.org', NOW - 400 * DAY_MS), lastSent: NOW - 10 * DAY_MS, lastReceived: NOW - 11 * DAY_MS, sentCount: 3, receivedCount: 3 };
    expect(assessContact(c, NOW, DEFAULT_POLICY, { cadence: 'weekly' }).state).toBe('lapsed');
    expect(assessContact(c, NOW, DEFAULT_POLICY).state).toBe('active');
  });
});
