/**
 * The constitution after an election (statutes, seed 000; DOMAIN.md), as pure rules.
 *
 * The statutes use "suppleant" for two things. The election's ranked list (1., 2. suppleant …) is the region's
 * reserve: it fills seats a region cannot fill, and seats that fall vacant. A seat's deputy at a meeting is someone
 * the municipality sends: "kan kommunen sende en ledelsesrepræsentant med beslutningskompetence som suppleant", and
 * the deputy casts that seat's (that municipality's) one vote. So a seat's deputy is taken from the ranked lists only
 * when the candidate is from the seat's own municipality; else it is another representative of that municipality;
 * else the seat has none until the secretariat names one in the registry. Giving Viborg's vote to Randers's first
 * reserve would let one municipality vote for another.
 */
import { monthName } from '../shared/time.js';

export interface SeatHolder {
  municipalityCode: number;
  personId: number | null;
}

export interface ReserveCandidate {
  personId: number;
  municipalityCode: number;
}

export interface SeatDeputy {
  municipalityCode: number;
  deputyPersonId: number | null;
  /** Where the deputy came from, for the card and the docs. */
  via: 'ranked-list' | 'representative' | null;
}

/**
 * A deputy per seat: the best-ranked reserve from the seat's own municipality (reserves in rank order, all regions),
 * else the first other representative of the municipality; never someone who holds a seat or is another seat's deputy.
 */
export function seatDeputies(
  seats: SeatHolder[],
  reserves: ReserveCandidate[],
  representatives: ReserveCandidate[],
): SeatDeputy[] {
  const taken = new Set(seats.map((s) => s.personId).filter((id): id is number => id !== null));
  return seats.map((seat) => {
    const own = (c: ReserveCandidate) => c.municipalityCode === seat.municipalityCode && !taken.has(c.personId);
    const fromList = reserves.find(own);
    const other = fromList ?? representatives.find(own);
    if (!other) return { municipalityCode: seat.municipalityCode, deputyPersonId: null, via: null };
    taken.add(other.personId);
    return {
      municipalityCode: seat.municipalityCode,
      deputyPersonId: other.personId,
      via: fromList ? 'ranked-list' : 'representative',
    };
  });
}

/** The regions' ranked lists without those who took a seat after all (unfilled seats), ranked again from 1. */
export function remainingReserves<C extends ReserveCandidate>(
  lists: { region: string; deputies: C[] }[],
  seated: Set<number>,
): { region: string; rank: number; candidate: C }[] {
  return lists.flatMap(({ region, deputies }) =>
    deputies.filter((c) => !seated.has(c.personId)).map((candidate, i) => ({ region, rank: i + 1, candidate })),
  );
}

/** A date as Danes write it in a sentence: '2028-01-01' -> '1. januar 2028'. */
export function longDate(date: string): string {
  return `${Number(date.slice(8, 10))}. ${monthName(date.slice(0, 7))}`;
}

/** What the registry and the committee's views say about the chair. */
export const NO_CHAIR_YET = 'ikke valgt endnu (konstitueres på første møde)';
