import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  apportion,
  dhondt,
  electableSeats,
  fillSurplus,
  largestRemainder,
  nextSeatOrder,
  regionResult,
  regionResultWithLots,
} from '../../src/elections/elections-domain.js';
import { REGIONS, type Region } from '../../src/registry/municipalities.js';

// Invented, roughly proportional regional populations (members only), for illustration.
const pop: Record<Region, number> = {
  Hovedstaden: 1_900_000,
  Sjælland: 850_000,
  Syddanmark: 1_230_000,
  Midtjylland: 1_350_000,
  Nordjylland: 590_000,
};
const sum = (r: Record<Region, number>) => REGIONS.reduce((a, k) => a + r[k], 0);

describe('the population key', () => {
  it('gives 13 seats by largest remainder, with Aarhus inside Midtjylland', () => {
    const a = largestRemainder(pop, 13);
    expect(a.seats).toEqual({ Hovedstaden: 4, Sjælland: 2, Syddanmark: 3, Midtjylland: 3, Nordjylland: 1 });
    expect(electableSeats(a).Midtjylland).toBe(2);
    expect(a.tie).toBeNull();
  });

  it("D'Hondt favours the large regions", () => {
    expect(dhondt(pop, 13).seats.Hovedstaden).toBeGreaterThanOrEqual(largestRemainder(pop, 13).seats.Hovedstaden);
  });

  it('names the order of the next seats', () => {
    expect(nextSeatOrder('largest-remainder', pop, 3)).toHaveLength(3);
  });

  it('reports a tie instead of settling it', () => {
    const equal = { Hovedstaden: 100, Sjælland: 100, Syddanmark: 100, Midtjylland: 100, Nordjylland: 100 };
    const a = largestRemainder(equal, 13);
    expect(a.tie).toEqual({ regions: [...REGIONS], seats: 3 });
    expect(sum(a.seats)).toBe(10);
    expect(dhondt(equal, 13).tie?.seats).toBe(3);
  });

  it('always hands out every seat or reports the rest as a tie', () => {
    fc.assert(
      fc.property(
        fc.tuple(...REGIONS.map(() => fc.integer({ min: 1, max: 3_000_000 }))),
        fc.constantFrom<'largest-remainder' | 'dhondt'>('largest-remainder', 'dhondt'),
        (ps, method) => {
          const p = Object.fromEntries(REGIONS.map((r, i) => [r, ps[i]])) as Record<Region, number>;
          const a = apportion(method, p);
          expect(sum(a.seats) + (a.tie?.seats ?? 0)).toBe(13);
        },
      ),
    );
  });
});

describe("a region's result", () => {
  const c = (personId: number, votes: number) => ({ personId, municipalityCode: 700 + personId, votes });
  it('ranks deputies after the elected', () => {
    const r = regionResult([c(1, 3), c(2, 5), c(3, 1), c(4, 2)], 2);
    expect(r.elected.map((x) => x.personId)).toEqual([2, 1]);
    expect(r.deputies.map((x) => x.personId)).toEqual([4, 3]);
  });
  it('reports a tie at the cut', () => {
    expect(regionResult([c(1, 3), c(2, 2), c(3, 2)], 2).tie?.map((x) => x.personId)).toEqual([2, 3]);
  });
  it('ranks lot winners ahead of those they tied with, in drawing order, and keeps the rest by votes', () => {
    const tied = [c(1, 2), c(2, 2), c(3, 2), c(4, 1)];
    expect(regionResultWithLots(tied, [], 2).tie?.map((x) => x.personId)).toEqual([1, 2, 3]);
    const drawn = regionResultWithLots(tied, [3, 1], 2);
    expect(drawn.tie).toBeNull();
    expect(drawn.elected.map((x) => x.personId)).toEqual([3, 1]);
    expect(drawn.deputies.map((x) => x.personId)).toEqual([2, 4]);
  });
  it('keeps a candidate whose municipality has a fixed seat (Aarhus) out of the ranking: the next one is elected', () => {
    const aarhus = { personId: 1, municipalityCode: 751, votes: 5 };
    const viborg = { personId: 2, municipalityCode: 791, votes: 3 };
    const herning = { personId: 3, municipalityCode: 657, votes: 1 };
    const result = regionResultWithLots([aarhus, viborg, herning], [], 1, [751]);
    expect(result).toEqual({ elected: [viborg], deputies: [herning], tie: null, fixedSeat: [aarhus] });
    // Without fixed seats nothing changes, and the result keeps each candidate's real votes.
    expect(regionResultWithLots([aarhus, viborg, herning], [], 1).elected).toEqual([aarhus]);
  });

  it("fills seats a region cannot fill with other regions' first deputies in key order", () => {
    const deputies = {
      Hovedstaden: [c(10, 1), c(11, 0)],
      Sjælland: [c(20, 1)],
      Syddanmark: [],
      Midtjylland: [],
      Nordjylland: [],
    } as Record<Region, ReturnType<typeof c>[]>;
    expect(fillSurplus(3, deputies, ['Sjælland', 'Hovedstaden']).map((g) => g.candidate.personId)).toEqual([
      20, 10, 11,
    ]);
  });
});
