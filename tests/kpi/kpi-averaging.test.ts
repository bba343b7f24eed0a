/** The two ways to average a municipality's first-contact resolution over its agents (issue 20 point 7). */
import { describe, expect, it } from 'vitest';
import { averagedResolution, averagedResolutionMet } from '../../src/kpi/kpi-averaging.js';
import type { KpiFigures } from '../../src/kpi/kpi-domain.js';

const agent = (callsHandled: number, callsResolved: number): KpiFigures => ({
  callsHandled,
  callsResolved,
  satisfactionAnswers: 0,
  satisfactionMean: null,
});

// A busy agent at 50 % and a quiet one at 100 %: weighted by calls 54,5 %, the agents' mean 75 %.
const viborg = [agent(200, 100), agent(20, 20)];

describe('KPI averaging', () => {
  it("'calls' weighs every call the same: Σ resolved / Σ handled", () => {
    const averaged = averagedResolution(viborg, 'calls');
    expect(averaged.percent).toBeCloseTo((120 / 220) * 100, 10);
    expect(averaged.counted).toBe(2);
    expect(averagedResolutionMet(averaged, 60)).toBe(false);
  });

  it("'agents' is the plain mean of the agents' own rates, so the same figures can meet the target", () => {
    const averaged = averagedResolution(viborg, 'agents');
    expect(averaged.percent).toBe(75);
    expect(averagedResolutionMet(averaged, 60)).toBe(true);
  });

  it("leaves an agent with 0 calls out of the agents' mean (no rate, not 0 %), and changes nothing by calls", () => {
    const withIdle = [...viborg, agent(0, 0)];
    expect(averagedResolution(withIdle, 'agents')).toMatchObject({ percent: 75, counted: 2 });
    expect(averagedResolution(withIdle, 'calls').percent).toBeCloseTo((120 / 220) * 100, 10);
    expect(averagedResolution([agent(0, 0)], 'agents')).toEqual({ rate: null, percent: null, counted: 0 });
    expect(averagedResolution([agent(0, 0)], 'calls')).toMatchObject({ rate: null, percent: null });
    expect(averagedResolutionMet(averagedResolution([agent(0, 0)], 'agents'), 60)).toBeNull();
  });

  it('compares with the target exactly, on both sides of it', () => {
    // Mean of 3/5 and 6/10 is exactly 60 %: met. (59,999 % + 100 % + 0 %) / 3 is exactly 53,333 %: met at 53,333.
    expect(averagedResolutionMet(averagedResolution([agent(5, 3), agent(10, 6)], 'agents'), 60)).toBe(true);
    const justBelow = averagedResolution([agent(100_000, 59_999), agent(1, 1), agent(1, 0)], 'agents');
    expect(averagedResolutionMet(justBelow, 53.333)).toBe(true);
    expect(averagedResolutionMet(averagedResolution([agent(3, 2), agent(3, 1)], 'agents'), 50)).toBe(true);
    expect(averagedResolutionMet(averagedResolution([agent(3, 2), agent(3, 1)], 'agents'), 50.001)).toBe(false);
    expect(averagedResolutionMet(averagedResolution([agent(100_000, 59_999)], 'calls'), 60)).toBe(false);
  });
});
