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

/** The key as the secretariat sees it, and whether the election can start from it. */
export interface KeyView extends KeyReport {
  canStart: boolean;
}

export interface NamedCandidate extends RankedCandidate {
  name: string;
}

/** A region's round: its candidates and count, and once closed, who was elected. */
export interface RoundView {
  region: Region;
  seats: number;
  open: boolean;
  /** Member municipalities in the region that have voted, and how many there are. */
  votes: number;
  members: number;
  candidates: NamedCandidate[];
  /** Once the round is closed: elected, deputies in rank order, and a tie at the cut to settle by lot. */
  result: { elected: NamedCandidate[]; deputies: NamedCandidate[]; tie: NamedCandidate[] | null } | null;
  /** The secretariat closes the round and records lots. */
  canManage: boolean;
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
}
