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
  /** Each region's ranked list of deputies (1., 2. suppleant …), before unfilled seats took from them. */
  rankedLists: { region: Region; deputies: NamedCandidate[] }[];
}

/** The committee as confirmed (or as it already was, when a second press arrives). */
export interface ConfirmedView {
  termName: string;
  seats: number;
  alreadyConfirmed: boolean;
  /** The new term's constitution: deputies, ranked lists, the Konstituering item, no chair yet. */
  constitution: ConstitutionView;
}

/** What a press on the constitution card did, for the person who pressed. */
export type ConstitutionNotice =
  | 'confirmed'
  | 'already-confirmed'
  | 'vote-started'
  | 'vote-open'
  | 'chair-elected'
  | 'item-proposed'
  | 'item-exists'
  | 'no-meeting';

/** A term an election created: its seats and deputies, the ranked lists, the Konstituering item and the chair. */
export interface ConstitutionView {
  termId: number;
  termName: string;
  /** The term's start date (YYYY-MM-DD), when it takes office. */
  startsOn: string;
  /** Confirmed but not started: the sitting committee holds the seats and votes until `startsOn`. */
  waiting: boolean;
  /** Null until the committee has elected one by vote. */
  chairName: string | null;
  seats: { municipalityCode: number; member: string | null; deputy: string | null }[];
  /** The regions' remaining ranked lists (reserves for seats that fall vacant). */
  reserves: { region: string; rank: number; municipalityCode: number; name: string }[];
  /** The Konstituering item's meeting, and whether that meeting is in the new term; null while on no meeting. */
  item: { meetingStartsAt: Date; inTerm: boolean } | null;
  /** The open chair vote, else the latest decided one. */
  chairVote: { candidateName: string; status: string } | null;
  /**
   * Seat members the secretariat may propose as chair, once the term has started, while there is no chair and no open
   * chair vote.
   */
  candidates: { personId: number; name: string; municipalityCode: number }[];
  notice: ConstitutionNotice | null;
}
