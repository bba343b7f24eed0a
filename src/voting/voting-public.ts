/**
 * What other capabilities may use of voting: the verb of the "Start afstemning" button on a published (B) item, and the
 * decision register's results per agenda item (for the minutes).
 */
import type { Queryable } from '../db/database.js';
import { VOTING_VERBS } from './voting-cards.js';

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
