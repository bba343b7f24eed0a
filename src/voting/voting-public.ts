/** What other capabilities may use of voting: the verb of the "Start afstemning" button on a published (B) item. */
import { VOTING_VERBS } from './voting-cards.js';

/**
 * The agenda's published card passes this verb as data (with `{ itemId }`); voting answers with the new-vote form,
 * and the vote takes the item's title and recommendation from the agenda, never from the card.
 */
export const START_VOTE_FROM_ITEM_VERB = VOTING_VERBS.startFromItem;
