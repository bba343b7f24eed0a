/**
 * What the voting use cases return and its cards show: plain data, no cards. The views are computed here from one
 * read of the vote (VoteRecord), so the shared card, a voter's own card and the work queue never disagree.
 */
import { mayRunVotes, seatOf, tally, type Choice, type RefusalReason, type Tally } from './voting-domain.js';
import type { Ballot, Vote, VoteRecord } from './voting-repository.js';

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

/** The seat a person votes for in this vote, and the seat's ballot as it stands. */
export interface VoterSeat {
  municipalityCode: number;
  asDeputy: boolean;
  voted: boolean;
  /** The seat's choice; null when not voted or secret. */
  choice: Choice | null;
  /** Whether the seat's ballot was cast by the deputy; null when not voted. */
  castByDeputy: boolean | null;
}

/** What this press did, for the person who pressed: a refusal with its reason, or a member replacing the deputy. */
export type VoterNotice = { kind: 'refused'; reason: RefusalReason } | { kind: 'replaces-deputy' };

/** One person's own view: the shared view plus their seat (null when they have none) and whether they may close. */
export interface VoterView extends VoteView {
  voter: { seat: VoterSeat | null; canClose: boolean; notice: VoterNotice | null };
}

/** The chair's and the secretariat's queue: every open vote, and the one just closed from it. */
export interface OpenVotesView {
  votes: VoteView[];
  justClosed: VoteView | null;
}

/** The count as the card shows it; in an anonymous vote the deputies' held choices count until the member votes. */
export function tallyOf(record: VoteRecord): Tally {
  const { vote, ballots, seats } = record;
  if (!vote.anonymous)
    return tally(
      ballots.map((b) => b.choice),
      seats.length,
    );
  const totals = { ...record.secretTotals };
  for (const held of record.held) totals[held.choice] += 1;
  return tally(
    ballots.map(() => null),
    seats.length,
    totals,
  );
}

export function voteViewOf(record: VoteRecord): VoteView {
  return {
    vote: record.vote,
    tally: tallyOf(record),
    ballots: record.ballots,
    seatCodes: record.seats.map((s) => s.municipalityCode),
    userIds: record.userIds,
  };
}

export function voterViewOf(
  actor: { id: number; chair: boolean; secretariat: boolean },
  record: VoteRecord,
  notice: VoterNotice | null = null,
): VoterView {
  const seat = seatOf(actor, record.seats);
  const ballot = seat ? record.ballots.find((b) => b.municipalityCode === seat.municipalityCode) : undefined;
  return {
    ...voteViewOf(record),
    voter: {
      seat: seat
        ? {
            ...seat,
            voted: Boolean(ballot),
            choice: ballot?.choice ?? null,
            castByDeputy: ballot ? Boolean(ballot.asDeputy) : null,
          }
        : null,
      canClose: mayRunVotes(actor),
      notice,
    },
  };
}
