import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assess, combine, followUp } from '../../src/kpi/kpi-domain.js';

const t = { resolutionPercent: 60, satisfactionAbove: 7, minCalls: 30, minAnswers: 20 };

describe('KPI rules', () => {
  it('weights the rate by calls, not by agents', () => {
    const c = combine([
      { callsHandled: 100, callsResolved: 50, satisfactionAnswers: 10, satisfactionMean: 8 },
      { callsHandled: 10, callsResolved: 10, satisfactionAnswers: 30, satisfactionMean: 6 },
    ]);
    expect(assess(c, t).resolutionRate).toBe(54.55);
    expect(c.satisfactionMean).toBeCloseTo(6.5);
  });

  it('warns below 60 % or at 7.0 and below; says "for få data" on small samples', () => {
    expect(assess({ callsHandled: 100, callsResolved: 60, satisfactionAnswers: 40, satisfactionMean: 7.1 }, t).verdict).toBe('ok');
    expect(assess({ callsHandled: 100, callsResolved: 59, satisfactionAnswers: 40, satisfactionMean: 8 }, t).verdict).toBe('advarsel');
    expect(assess({ callsHandled: 100, callsResolved: 90, satisfactionAnswers: 40, satisfactionMean: 7.0 }, t).reasons[0]).toContain('over 7');
    expect(assess({ callsHandled: 29, callsResolved: 0, satisfactionAnswers: 19, satisfactionMean: 1 }, t).verdict).toBe('for_faa_data');
  });

  it('follows up only on last month\'s warning', () => {
    expect(followUp('advarsel', 'ok')).toBe('forbedret');
    expect(followUp('advarsel', 'advarsel')).toBe('ikke_forbedret');
    expect(followUp('ok', 'advarsel')).toBeNull();
  });

  it('never calls a municipality fine when its own weighted rate is below the threshold', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ callsHandled: fc.integer({ min: 0, max: 500 }), ratio: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 20 }), (agents) => {
        const rows = agents.map((a) => ({ callsHandled: a.callsHandled, callsResolved: Math.floor(a.callsHandled * a.ratio), satisfactionAnswers: 0, satisfactionMean: null }));
        const c = combine(rows);
        const r = assess(c, t);
        if (c.callsHandled >= 30 && (c.callsResolved / c.callsHandled) * 100 < 59.99) expect(r.verdict).toBe('advarsel');
        if (c.callsHandled < 30) expect(r.verdict).toBe('for_faa_data');
      }),
    );
  });
});
