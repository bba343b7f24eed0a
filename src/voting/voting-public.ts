/**
 * What other capabilities may use of voting: the verb of the "Start afstemning" button on a published (B) item, the
 * decision register's results per agenda item (for the minutes), starting a vote on a proposal another capability
 * words (the chair at the constitution), and being told when a vote is decided.
 */
import type { Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import { buildVoteCard, VOTING_VERBS } from './voting-cards.js';
import { insertVoteWithSeats, readVote } from './voting-repository.js';
import { voteViewOf } from './voting-views.js';
import type { Result } from './voting-domain.js';

export type { Result as VoteResult };

/**
 * The agenda's published card passes this verb as data (with `{ itemId }`); voting answers with the new-vote form,
 * and the vote takes the item's title and recommendation from the agenda, never from the card.
 */
export const START_VOTE_FROM_ITEM_VERB = VOTING_VERBS.startFromItem;

/** A closed vote on an agenda item, from the decision register (for the minutes). */
export interface ItemDecision {
  agendaItemId: number;
  result: string;
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  decidedAt: Date;
}

/** The decision of the latest closed vote on each of these agenda items. */
export async function decisionsOfItems(q: Queryable, itemIds: number[]): Promise<ItemDecision[]> {
  if (!itemIds.length) return [];
  const r = await q.query<{
    agenda_item_id: number;
    result: string;
    votes_for: number;
    votes_against: number;
    votes_abstain: number;
    decided_at: Date;
  }>(
    `SELECT DISTINCT ON (v.agenda_item_id) v.agenda_item_id, d.result, d.votes_for, d.votes_against, d.votes_abstain,
            d.decided_at
     FROM decisions d JOIN votes v ON v.id = d.vote_id
     WHERE v.agenda_item_id = ANY($1::int[])
     ORDER BY v.agenda_item_id, d.decided_at DESC`,
    [itemIds],
  );
  return r.rows.map((row) => ({
    agendaItemId: row.agenda_item_id,
    result: row.result,
    votesFor: row.votes_for,
    votesAgainst: row.votes_against,
    votesAbstain: row.votes_abstain,
    decidedAt: new Date(row.decided_at),
  }));
}

/** A vote's decision as voting hands it to a listener, in the closing transaction. */
export interface VoteDecided {
  voteId: number;
  result: Result;
}

/**
 * Told in the closing transaction when a vote is decided (once per vote: closing locks the vote). Given to the voting
 * module by the composition root; a listener that throws rolls the closing back.
 */
export type DecisionListener = (tx: Queryable, decided: VoteDecided) => Promise<void>;

export interface ProposalVote {
  question: string;
  recommendation: string;
  /** The agenda item the proposal belongs to, if any (the minutes read its decision); one open vote per item. */
  agendaItemId: number | null;
  conversationId: string;
  startedBy: number;
  at: Date;
}

/**
 * Starts an ordinary For/Imod/Undlader vote (the active term's seats and deputies, no closing time: the chair or the
 * secretariat closes it) in the caller's transaction and posts its shared card in `conversationId`. Who may start it
 * is the caller's to decide. Null when there is no active term with seats, or the item already has an open vote.
 */
export async function startProposalVote(
  tx: Queryable,
  delivery: Delivery,
  proposal: ProposalVote,
): Promise<{ voteId: number } | null> {
  const voteId = await insertVoteWithSeats(tx, {
    question: proposal.question,
    recommendation: proposal.recommendation,
    agendaItemId: proposal.agendaItemId,
    conversationId: proposal.conversationId,
    startedBy: proposal.startedBy,
    anonymous: false,
    showDuring: true,
    closesAt: null,
    startedAt: proposal.at,
  });
  if (!voteId) return null;
  const record = (await readVote(tx, voteId))!;
  await delivery.enqueue(
    [
      {
        key: `vote:${voteId}:card`,
        to: { kind: 'conversation', conversationId: proposal.conversationId },
        card: buildVoteCard(voteViewOf(record)),
        cardRef: `vote:${voteId}`,
        batch: `vote:${voteId}`,
      },
    ],
    tx,
  );
  return { voteId };
}
