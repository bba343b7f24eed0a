/**
 * Voting's card builders with typed text (the vote's question and recommendation) in every field a person typed,
 * for the table in tests/cards/typed-text.test.ts. The choices (For, Imod, Undlader) are the bot's own labels.
 */
import type { TypedTextCase } from '../support/typed-text.js';
import {
  buildOpenVotesCard,
  buildVoteCard,
  buildVoteFormCard,
  buildVoteReminderCard,
} from '../../src/voting/voting-cards.js';
import type { VoteView } from '../../src/voting/voting-views.js';

const view = (typed: string, status: 'open' | 'closed' = 'open'): VoteView => ({
  vote: {
    id: 7,
    question: typed,
    recommendation: typed,
    agendaItemId: null,
    conversationId: '19:styregruppe@thread.v2',
    anonymous: false,
    showDuring: true,
    closesAt: new Date('2026-11-26T15:00:00Z'),
    status,
    result: status === 'closed' ? 'vedtaget' : null,
    startedAt: new Date('2026-11-24T09:00:00Z'),
    closedAt: status === 'closed' ? new Date('2026-11-26T15:00:00Z') : null,
    chairPersonId: 1,
  },
  tally: { for: 2, imod: 1, undlader: 0, voted: 3, seats: 3 },
  ballots: [{ municipalityCode: 791, choice: 'for', castBy: 2, asDeputy: true }],
  seatCodes: [461, 751, 791],
  userIds: ['29:mette'],
});

export const TYPED_TEXT_CASES: TypedTextCase[] = [
  { name: 'vote card (shared)', build: (typed) => buildVoteCard(view(typed)) },
  { name: 'vote card (closed)', build: (typed) => buildVoteCard(view(typed, 'closed')) },
  {
    name: "vote card (a deputy's own view with a refusal)",
    build: (typed) =>
      buildVoteCard({
        ...view(typed),
        voter: {
          seat: { municipalityCode: 791, asDeputy: true, voted: true, choice: 'for', castByDeputy: false },
          canClose: false,
          notice: { kind: 'refused', reason: 'member-voted' },
        },
      }),
  },
  {
    name: 'open votes queue',
    build: (typed) => buildOpenVotesCard({ votes: [view(typed)], justClosed: view(typed, 'closed') }),
  },
  { name: 'vote form', build: (typed) => buildVoteFormCard({ question: typed, recommendation: typed, itemId: 4 }) },
  { name: 'vote reminder', build: (typed) => buildVoteReminderCard({ question: typed, closesAt: null }) },
];
