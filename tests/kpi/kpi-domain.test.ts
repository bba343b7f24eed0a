import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  assess,
  audienceFor,
  followUp,
  isBelowTarget,
  mayRecordTraining,
  mayRespondToWarning,
  maySeeAgents,
  periodsEndingWith,
  previousPeriod,
  resolutionMet,
  satisfactionMet,
  totalsOf,
  viewableMunicipalities,
  type KpiFigures,
} from '../../src/kpi/kpi-domain.js';
import type { Actor } from '../../src/registry/registry-types.js';

const t = { resolutionPercent: 60, satisfactionAbove: 7, minCalls: 30, minAnswers: 20 };
const row = (
  callsHandled: number,
  callsResolved: number,
  satisfactionAnswers = 0,
  satisfactionMean: number | null = null,
): KpiFigures => ({
  callsHandled,
  callsResolved,
  satisfactionAnswers,
  satisfactionMean,
});
const of = (...rows: KpiFigures[]) => assess(totalsOf(rows), t);

describe('threshold edges (seed 004: "straksafklaring på 60%", "over 7 (ud af 9)")', () => {
  it('exactly 60 % meets the resolution target; a call less does not', () => {
    expect(of(row(100, 60)).resolution).toBe('ok');
    expect(of(row(30, 18)).resolution).toBe('ok');
    expect(of(row(100, 59)).resolution).toBe('under');
    // 59.99 % would show as "60,0 %" but is below: the verdict never uses a rounded figure.
    expect(of(row(10_000, 5_999)).resolution).toBe('under');
  });

  it('exactly 7.0 does not meet "above 7"; 7.001 does', () => {
    expect(of(row(0, 0, 40, 7.0)).satisfactionVerdict).toBe('under');
    expect(of(row(0, 0, 40, 7.001)).satisfactionVerdict).toBe('ok');
    // Two answers weighted to exactly 7.0 (6.5 and 7.5) are still not above 7.
    expect(of(row(0, 0, 20, 6.5), row(0, 0, 20, 7.5)).satisfactionVerdict).toBe('under');
  });

  it('uses configured thresholds, decimals included', () => {
    const strict = { ...t, resolutionPercent: 62.5, satisfactionAbove: 7.5 };
    expect(assess(totalsOf([row(80, 50)]), strict).resolution).toBe('ok');
    expect(assess(totalsOf([row(80, 49)]), strict).resolution).toBe('under');
    expect(assess(totalsOf([row(0, 0, 25, 7.5)]), strict).satisfactionVerdict).toBe('under');
  });
});

describe('weighting', () => {
  it('weights the rate by calls, not as a mean of agent percentages', () => {
    // Agent percentages 50 % and 100 % average 75 %, but the municipality resolved 60 of 110 calls: 54.5 %.
    const a = of(row(100, 50), row(10, 10));
    expect(a.resolutionRate).toBeCloseTo(54.545, 2);
    expect(a.resolution).toBe('under');
  });

  it('weights satisfaction by answers', () => {
    const a = of(row(0, 0, 10, 8), row(0, 0, 30, 6));
    expect(a.satisfaction).toBeCloseTo(6.5, 10);
    expect(a.satisfactionVerdict).toBe('under');
  });

  const agents = fc
    .array(
      fc.record({
        handled: fc.integer({ min: 0, max: 400 }),
        ratio: fc.double({ min: 0, max: 1, noNaN: true }),
        answers: fc.integer({ min: 0, max: 80 }),
        mean: fc.integer({ min: 1000, max: 9000 }),
      }),
      { minLength: 1, maxLength: 25 },
    )
    .map((xs) =>
      xs.map((x) => row(x.handled, Math.floor(x.handled * x.ratio), x.answers, x.answers ? x.mean / 1000 : null)),
    );

  it('decides resolution exactly as total resolved / total handled against the threshold (property)', () => {
    fc.assert(
      fc.property(agents, (rows) => {
        const handled = rows.reduce((s, r) => s + r.callsHandled, 0);
        const resolved = rows.reduce((s, r) => s + r.callsResolved, 0);
        const a = of(...rows);
        if (handled < 30) expect(a.resolution).toBe('for_faa_data');
        // Integer reference: resolved/handled >= 60/100  <=>  100*resolved >= 60*handled.
        else expect(a.resolution).toBe(100 * resolved >= 60 * handled ? 'ok' : 'under');
      }),
    );
  });

  it('decides satisfaction as the answer-weighted mean, strictly above the threshold (property)', () => {
    fc.assert(
      fc.property(agents, (rows) => {
        const answers = rows.reduce((s, r) => s + r.satisfactionAnswers, 0);
        const milliSum = rows.reduce(
          (s, r) => s + Math.round((r.satisfactionMean ?? 0) * 1000) * r.satisfactionAnswers,
          0,
        );
        const a = of(...rows);
        if (answers < 20) expect(a.satisfactionVerdict).toBe('for_faa_data');
        else expect(a.satisfactionVerdict).toBe(milliSum > 7000 * answers ? 'ok' : 'under');
      }),
    );
  });

  it("does not depend on row order or on how an agent's calls are split over rows (property)", () => {
    fc.assert(
      fc.property(agents, fc.integer({ min: 0, max: 24 }), (rows, at) => {
        const i = at % rows.length;
        const r = rows[i];
        const half = Math.floor(r.callsHandled / 2);
        const halfResolved = Math.min(half, Math.floor(r.callsResolved / 2));
        const split = [
          ...rows.slice(0, i),
          ...rows.slice(i + 1),
          row(half, halfResolved, Math.floor(r.satisfactionAnswers / 2), r.satisfactionMean),
          row(
            r.callsHandled - half,
            r.callsResolved - halfResolved,
            r.satisfactionAnswers - Math.floor(r.satisfactionAnswers / 2),
            r.satisfactionMean,
          ),
        ];
        const a = of(...rows);
        const b = of(...split.reverse());
        expect([b.resolution, b.satisfactionVerdict, b.verdict]).toEqual([
          a.resolution,
          a.satisfactionVerdict,
          a.verdict,
        ]);
      }),
    );
  });

  it('more resolved calls never turn a met target into a missed one (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (handled, a, b) => {
          const lo = Math.min(a, b) % (handled + 1);
          const hi = Math.max(a, b) % (handled + 1);
          const [x, y] = [Math.min(lo, hi), Math.max(lo, hi)];
          if (resolutionMet(totalsOf([row(handled, x)]), 60))
            expect(resolutionMet(totalsOf([row(handled, y)]), 60)).toBe(true);
        },
      ),
    );
  });
});

describe('small samples', () => {
  it('says "for få data" below 30 calls or 20 answers, not a warning', () => {
    expect(of(row(29, 0, 19, 1)).verdict).toBe('for_faa_data');
    expect(of(row(29, 0, 19, 1)).resolution).toBe('for_faa_data');
    expect(of(row(30, 0)).resolution).toBe('under');
    expect(of(row(0, 0, 20, 1)).satisfactionVerdict).toBe('under');
    expect(satisfactionMet(totalsOf([row(0, 0, 0, null)]), 7)).toBe(false);
  });

  it('still warns on a figure with enough data when the other has too few', () => {
    expect(of(row(500, 100, 5, 9)).verdict).toBe('advarsel');
    expect(of(row(500, 400, 5, 1)).verdict).toBe('for_faa_data');
    expect(of(row(500, 400, 50, 8)).verdict).toBe('ok');
  });

  it('puts an agent on the training list only with enough data of their own', () => {
    expect(isBelowTarget(row(60, 20, 30, 6.5), t)).toBe(true);
    expect(isBelowTarget(row(10, 0, 5, 1), t)).toBe(false);
    expect(isBelowTarget(row(60, 40, 30, 7.5), t)).toBe(false);
  });
});

describe("next month's check", () => {
  const warned = { verdict: 'advarsel' as const, resolution: 'under' as const, satisfaction: 'ok' as const };
  it('is only made for a municipality warned last month', () => {
    expect(followUp(null, of(row(100, 10)))).toBeNull();
    expect(followUp({ verdict: 'ok', resolution: 'ok', satisfaction: 'ok' }, of(row(100, 10)))).toBeNull();
  });
  it('sees improvement, no improvement, and too little data to tell', () => {
    expect(followUp(warned, of(row(100, 70, 40, 8)))).toBe('forbedret');
    expect(followUp(warned, of(row(100, 50, 40, 8)))).toBe('ikke_forbedret');
    // Resolution lifted but satisfaction now below: still below target.
    expect(followUp(warned, of(row(100, 70, 40, 6)))).toBe('ikke_forbedret');
    expect(followUp(warned, of(row(10, 9, 40, 8)))).toBe('ikke_vurderet');
    // The figure that was below is lifted; the other has too few answers now: that is lifted.
    expect(followUp(warned, of(row(100, 70, 5, 8)))).toBe('forbedret');
  });
});

describe('periods', () => {
  it('steps back over the new year', () => {
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(previousPeriod('2026-10')).toBe('2026-09');
    expect(periodsEndingWith('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});

describe('who sees what (DOMAIN.md: per-agent figures stay in the municipality)', () => {
  const actor = (roles: [number, Actor['roles'][number]['role']][], secretariat = false): Actor => ({
    id: 1,
    email: 'x@eksempel.dk',
    name: 'X',
    entraObjectId: null,
    tenantId: null,
    mobile: null,
    roles: roles.map(([municipalityCode, role]) => ({ municipalityCode, role })),
    secretariat,
    chair: false,
    seats: [],
  });
  it("shows agents only to the municipality's own quality coordinator and leaders", () => {
    expect(maySeeAgents(actor([[791, 'kvalitetskoordinator']]), 791)).toBe(true);
    expect(maySeeAgents(actor([[791, 'leder']]), 791)).toBe(true);
    expect(maySeeAgents(actor([[461, 'kvalitetskoordinator']]), 791)).toBe(false);
    expect(maySeeAgents(actor([[791, 'primaer_kontakt']]), 791)).toBe(false);
    expect(maySeeAgents(actor([], true), 791)).toBe(false);
    expect(audienceFor(actor([[461, 'kvalitetskoordinator']]), 791)).toBeNull();
    expect(audienceFor(actor([[791, 'agent']]), 791)).toBeNull();
    expect(
      audienceFor(
        actor([
          [791, 'primaer_kontakt'],
          [791, 'leder'],
        ]),
        791,
      ),
    ).toBe('leder');
  });
  it('lets the own quality coordinator or the secretariat register training, and the municipality answer its warning', () => {
    expect(mayRecordTraining(actor([[791, 'kvalitetskoordinator']]), 791)).toBe(true);
    expect(mayRecordTraining(actor([[791, 'leder']]), 791)).toBe(false);
    expect(mayRecordTraining(actor([[461, 'kvalitetskoordinator']]), 791)).toBe(false);
    expect(mayRecordTraining(actor([], true), 791)).toBe(true);
    expect(mayRespondToWarning(actor([[791, 'primaer_kontakt']]), 791)).toBe(true);
    expect(mayRespondToWarning(actor([[791, 'agent']]), 791)).toBe(false);
    expect(mayRespondToWarning(actor([], true), 791)).toBe(false);
    expect(
      viewableMunicipalities(
        actor([
          [791, 'agent'],
          [461, 'leder'],
          [751, 'repraesentant'],
        ]),
      ),
    ).toEqual([461, 751]);
  });
});
