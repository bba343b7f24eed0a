/**
 * The steering committee's population key (statutes, seed 000): 13 seats among the five regions by the
 * regions' population on 1 July in odd years, and the order in which regions would get their next seat.
 *
 * Aarhus's fixed seat is one of the 13 and counts inside Region Midtjylland's share: Midtjylland elects
 * its share minus one. (The statutes give Aarhus a seat "in" a committee of up to 13; counting it outside
 * the key would give Midtjylland a double weight for Aarhus's population.)
 *
 * Ties are never settled here: a seat that two regions have equal claim to is reported for the
 * secretariat to settle by drawing lots, which is recorded.
 */
import { REGIONS, type Region } from '../registry/municipalities.js';

export type Method = 'largest-remainder' | 'dhondt';
export const TOTAL_SEATS = 13;

/** How the methods are named to users (cards, CLI). */
export const METHOD_LABELS: Record<Method, string> = { 'largest-remainder': 'største brøk', dhondt: "D'Hondt" };

export interface Apportionment {
  seats: Record<Region, number>;
  /** Seats not given because regions tie for them; settled by lot. */
  tie: { regions: Region[]; seats: number } | null;
}

const zero = (): Record<Region, number> => Object.fromEntries(REGIONS.map((r) => [r, 0])) as Record<Region, number>;

/** Hare quota and largest remainders. */
export function largestRemainder(pop: Record<Region, number>, seats: number): Apportionment {
  const total = REGIONS.reduce((a, r) => a + pop[r], 0);
  const out = zero();
  if (total === 0 || seats === 0) return { seats: out, tie: null };
  const remainders: { region: Region; remainder: number }[] = [];
  for (const region of REGIONS) {
    const exact = (pop[region] * seats) / total;
    out[region] = Math.floor(exact);
    remainders.push({ region, remainder: exact - Math.floor(exact) });
  }
  let left = seats - REGIONS.reduce((a, r) => a + out[r], 0);
  remainders.sort((a, b) => b.remainder - a.remainder);
  return {
    seats: out,
    tie: giveByRank(
      remainders.map((x) => ({ region: x.region, score: x.remainder })),
      left,
      (r) => (out[r] += 1),
      (n) => (left = n),
    ),
  };
}

/** D'Hondt: highest averages pop / (seats + 1). */
export function dhondt(pop: Record<Region, number>, seats: number): Apportionment {
  const out = zero();
  for (let given = 0; given < seats; given++) {
    const scores = REGIONS.map((region) => ({ region, score: pop[region] / (out[region] + 1) })).sort(
      (a, b) => b.score - a.score,
    );
    if (scores[0].score === 0) break;
    const tied = scores.filter((s) => s.score === scores[0].score);
    if (tied.length > 1 && tied.length > seats - given)
      return { seats: out, tie: { regions: tied.map((t) => t.region), seats: seats - given } };
    out[scores[0].region] += 1;
  }
  return { seats: out, tie: null };
}

/** Gives `left` seats down a ranking; if the cut falls inside a group of equal scores, that group is a tie. */
function giveByRank(
  ranked: { region: Region; score: number }[],
  left: number,
  give: (r: Region) => void,
  setLeft: (n: number) => void,
): Apportionment['tie'] {
  let i = 0;
  while (left > 0 && i < ranked.length) {
    const group = ranked.filter((x) => Math.abs(x.score - ranked[i].score) < 1e-12);
    if (group.length <= left) {
      group.forEach((g) => give(g.region));
      left -= group.length;
      i += group.length;
      continue;
    }
    setLeft(left);
    return { regions: group.map((g) => g.region), seats: left };
  }
  return null;
}

export function apportion(method: Method, pop: Record<Region, number>, seats = TOTAL_SEATS): Apportionment {
  return method === 'dhondt' ? dhondt(pop, seats) : largestRemainder(pop, seats);
}

/** The regions in the order they would receive seats 14, 15, … (for filling seats a region cannot fill). */
export function nextSeatOrder(method: Method, pop: Record<Region, number>, count = 5, seats = TOTAL_SEATS): Region[] {
  const order: Region[] = [];
  let prev = apportion(method, pop, seats).seats;
  for (let extra = 1; extra <= count; extra++) {
    const next = apportion(method, pop, seats + extra).seats;
    const gained = REGIONS.filter((r) => next[r] > prev[r]).sort((a, b) => pop[b] - pop[a]);
    for (const region of gained) if (order.length < count) order.push(region);
    prev = next;
  }
  return order;
}

/** Seats each region elects itself: its share, minus Aarhus's fixed seat in Midtjylland. */
export function electableSeats(apportionment: Apportionment): Record<Region, number> {
  return { ...apportionment.seats, Midtjylland: Math.max(0, apportionment.seats.Midtjylland - 1) };
}

export interface RankedCandidate {
  personId: number;
  municipalityCode: number;
  votes: number;
}

/** Elected and ranked deputies of one region; a tie at the cut is reported, not decided. */
export function regionResult<C extends RankedCandidate>(
  candidates: C[],
  seats: number,
): { elected: C[]; deputies: C[]; tie: C[] | null } {
  const ranked = [...candidates].sort((a, b) => b.votes - a.votes || a.personId - b.personId);
  if (ranked.length > seats && seats > 0 && ranked[seats - 1].votes === ranked[seats].votes) {
    const tieVotes = ranked[seats].votes;
    return {
      elected: ranked.filter((c) => c.votes > tieVotes),
      deputies: ranked.filter((c) => c.votes < tieVotes),
      tie: ranked.filter((c) => c.votes === tieVotes),
    };
  }
  return { elected: ranked.slice(0, seats), deputies: ranked.slice(seats), tie: null };
}

/**
 * The region's result once lots are drawn: each lot winner ranks ahead of those they tied with, in drawing order.
 * Candidates from a municipality that already has a fixed seat (Aarhus) take that seat and are not ranked: the
 * region's elected seats and deputies go to the others, so no municipality is proposed twice.
 */
export function regionResultWithLots<C extends RankedCandidate>(
  candidates: C[],
  lotWinners: number[],
  seats: number,
  fixedSeatCodes: readonly number[] = [],
): { elected: C[]; deputies: C[]; tie: C[] | null; fixedSeat: C[] } {
  const fixedSeat = candidates.filter((c) => fixedSeatCodes.includes(c.municipalityCode));
  const ranked = candidates
    .filter((c) => !fixedSeatCodes.includes(c.municipalityCode))
    .map((c) => {
      const drawn = lotWinners.indexOf(c.personId);
      return { candidate: c, votes: c.votes + (drawn >= 0 ? 0.5 - drawn * 0.01 : 0) };
    });
  const result = regionResult(
    ranked.map((r) => ({ ...r.candidate, votes: r.votes })),
    seats,
  );
  // Back to the candidates as they were (their real vote counts), in the result's order.
  const original = (list: C[]) => list.map((c) => candidates.find((o) => o.personId === c.personId)!);
  return {
    elected: original(result.elected),
    deputies: original(result.deputies),
    tie: result.tie && original(result.tie),
    fixedSeat,
  };
}

/**
 * Seats a region could not fill go to other regions' 1st deputies, then 2nd deputies, in the order the key
 * would give those regions their next seat.
 */
export function fillSurplus<C extends RankedCandidate>(
  unfilled: number,
  deputies: Record<Region, C[]>,
  order: Region[],
): { region: Region; candidate: C }[] {
  const given: { region: Region; candidate: C }[] = [];
  const sequence = [...order, ...REGIONS.filter((r) => !order.includes(r))];
  for (let rank = 0; given.length < unfilled && rank < 13; rank++) {
    for (const region of sequence) {
      if (given.length >= unfilled) break;
      const deputy = deputies[region]?.[rank];
      if (deputy) given.push({ region, candidate: deputy });
    }
  }
  return given;
}
