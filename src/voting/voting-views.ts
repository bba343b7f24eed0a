/** What the voting use cases return and its cards show: plain data, no cards. */
import type { Choice, Tally } from './voting-domain.js';
import type { Ballot, Vote } from './voting-repository.js';

/** What the form for a new vote is filled with. */
export interface VoteFormView {
  question: string;
  recommendation: string;
  itemId: number | null;
}

/** What everyone in the chat sees: the vote, its count and which seats have voted. */
export interface VoteView {
  vote: Vote;
  tally: Tally;
  ballots: Ballot[];
  seatCodes: number[];
  /** The seat holders' Teams user ids: Teams refreshes the shared card for each of them. */
  userIds: string[];
}

/** The seat a person votes for in this vote, and their municipality's ballot. */
export interface VoterSeat {
  municipalityCode: number;
  asDeputy: boolean;
  choice: Choice | null;
  voted: boolean;
}

/** One person's own view: the shared view plus their seat (null when they have none) and whether they may close. */
export interface VoterView extends VoteView {
  voter: { seat: VoterSeat | null; canClose: boolean };
}
