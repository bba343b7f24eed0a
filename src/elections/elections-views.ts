/** What the election's use cases return and its cards show: plain data, no cards. */
import type { Region } from '../registry/municipalities.js';
import type { Method, RankedCandidate } from './elections-domain.js';

export interface KeyReport {
  quarter: string | null;
  isDemo: boolean;
  missing: number;
  method: Method;
  rows: { region: Region; population: number; seats: number; electable: number }[];
  order: Region[];
  tie: { regions: Region[]; seats: number } | null;
}

/** The key as the secretariat sees it, whether the election can start from it, and whether one is running. */
export interface KeyView extends KeyReport {
  canStart: boolean;
  running: boolean;
  /** For the one who pressed "Start valget": it started now, or it had already been started. */
  notice: 'started' | 'already-started' | null;
}

export interface NamedCandidate extends RankedCandidate {
  name: string;
}

/** What a press on the round card did, for the person who pressed, when it was not what they asked for. */
export type RoundNotice = 'closed' | 'already-standing' | 'already-closed' | 'lot-recorded';

/** A region's round: its candidates and count, and once closed, who was elected. */
export interface RoundView {
  electionId: number;
  region: Region;
  seats: number;
  open: boolean;
  /** Member municipalities in the region that have voted, and how many there are. */
  votes: number;
  members: number;
  candidates: NamedCandidate[];
  /**
   * Once the round is closed: elected, deputies in rank order, a tie at the cut to settle by lot, and candidates who
   * hold a fixed seat already (Aarhus's representative standing in Midtjylland).
   */
  result: {
    elected: NamedCandidate[];
    deputies: NamedCandidate[];
    tie: NamedCandidate[] | null;
    fixedSeat: NamedCandidate[];
  } | null;
  notice: RoundNotice | null;
}

export interface ProposedSeat {
  municipalityCode: number;
  personId: number | null;
  name: string | null;
  via: string;
}

/** The proposed committee, and what still stands in the way of confirming it. */
export interface ProposalView {
  electionId: number;
  seats: ProposedSeat[];
  blocking: string[];
  /** What the secretariat should know, e.g. that Aarhus's representative stood in Midtjylland. */
  notes: string[];
}

/** The committee as confirmed (or as it already was, when a second press arrives). */
export interface ConfirmedView {
  termName: string;
  seats: number;
  alreadyConfirmed: boolean;
}
